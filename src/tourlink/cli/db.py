"""``tourlink db``: database migrations."""

from __future__ import annotations

import typer

from tourlink import bootstrap

from .common import console, current_settings, reports_errors

app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)


@app.command("upgrade")
@reports_errors
def upgrade() -> None:
    """Apply every pending migration (creates the schema on a new database)."""
    status = bootstrap.upgrade_database(current_settings())
    console().print(f"database schema at revision {status.current} (newest)")


@app.command("status")
@reports_errors
def status() -> None:
    """Show the database's migration revision and the newest one shipped."""
    state = bootstrap.schema_status(current_settings())
    verdict = "up to date" if state.up_to_date else "run `tourlink db upgrade`"
    console().print(
        f"current: {state.current or 'none'}; newest: {state.head} ({verdict})"
    )
    if not state.up_to_date:
        raise typer.Exit(1)
