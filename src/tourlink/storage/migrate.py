"""Alembic, configured in code: the migrations ship inside the package (no ``alembic.ini``).

Apply migrations with :func:`upgrade` (``tourlink db upgrade`` calls it). For developers, this
module is also the full Alembic command line bound to ``TOURLINK_DATABASE_URL``::

    python -m tourlink.storage upgrade head
    python -m tourlink.storage revision --autogenerate -m "add reviews"
    python -m tourlink.storage downgrade -1
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import CommandLine, Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

DEFAULT_DATABASE_URL = "sqlite:///var/tourlink.sqlite3"


def migrations_dir() -> Path:
    """The directory of the Alembic environment and its revisions."""
    return Path(str(resources.files("tourlink.storage") / "migrations"))


def alembic_config(engine: Engine | None = None, url: str | None = None) -> Config:
    """An Alembic ``Config`` for the packaged migrations.

    Parameters
    ----------
    engine
        Run migrations over this engine (preferred).
    url
        Otherwise, a database URL (``env.py`` makes an engine for it).
    """
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("path_separator", "os")
    config.set_main_option(
        "file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s"
    )
    config.attributes["engine"] = engine
    config.attributes["url"] = url
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (the latest by default)."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate the database down to ``revision`` (``base`` drops every table)."""
    command.downgrade(alembic_config(engine), revision)


def head_revision() -> str | None:
    """The newest revision shipped with this version of tourlink."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` before the first migration)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def main(argv: Sequence[str] | None = None) -> None:
    """The Alembic command line over the packaged migrations and ``TOURLINK_DATABASE_URL``."""
    cli = CommandLine(prog="python -m tourlink.storage")
    options = cli.parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    url = os.environ.get("TOURLINK_DATABASE_URL", DEFAULT_DATABASE_URL)
    cli.run_cmd(alembic_config(url=url), options)
