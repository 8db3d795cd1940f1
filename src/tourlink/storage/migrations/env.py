"""Alembic environment: runs migrations over the engine or URL given by ``migrate.py``."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Engine

from tourlink.storage.database import make_engine
from tourlink.storage.tables import UTCDateTime, metadata

config = context.config


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render tourlink's custom column types as plain SQLAlchemy types in revisions."""
    del autogen_context
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    engine: Engine | None = config.attributes.get("engine")
    owned = engine is None
    if engine is None:
        engine = make_engine(config.attributes["url"])
    try:
        with engine.begin() as connection:
            context.configure(
                connection=connection,
                target_metadata=metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
                render_item=render_item,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        if owned:
            engine.dispose()


if context.is_offline_mode():
    msg = "offline (--sql) migrations are not supported; run against a database"
    raise SystemExit(msg)
run_migrations_online()
