"""Typed settings read from the environment (``TOURLINK_*``), built once in the composition root."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-secret-change-me"


class Settings(BaseSettings):
    """Deployment settings. Business rules (hold minutes, caps) live in the database instead.

    ``TOURLINK_DATABASE_URL`` selects the database: an SQLite file by default, PostgreSQL
    in production (``postgresql+psycopg://user@host/db``).
    """

    model_config = SettingsConfigDict(env_prefix="TOURLINK_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(default="sqlite:///var/tourlink.sqlite3")
    secret_key: str = DEV_SECRET
    default_language: Literal["vi", "en", "ja", "ko", "zh", "hi"] = "en"
    tile_url: str | None = None
    """A raster tile server URL template for installations that have one; without it the map
    draws the bundled offline land polygons."""
    tile_attribution: str | None = None
    data_dir: Path | None = None
    """Catalogue directory to load instead of the bundled one."""
    routing_url: str | None = None
    smtp_url: str | None = None
    hold_minutes: int = Field(default=15, ge=1, le=24 * 60)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    """The largest request body the server reads (``web/body_limit.py``)."""
    ticket_secret: str | None = None
    """Key signing check-in tickets; derived from ``secret_key`` when unset."""
    admin_email: str | None = None
    admin_password: str | None = None

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEV_SECRET:
            msg = "set TOURLINK_SECRET_KEY to a long random value in production"
            raise ValueError(msg)
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read from the environment once."""
    return Settings()
