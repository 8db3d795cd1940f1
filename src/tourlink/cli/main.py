"""The ``tourlink`` entry point: ``serve`` and the ``db``, ``catalog``, ``user``,
``apikey``, ``reseller``, ``slots`` and ``booking`` command groups. Every command honours ``TOURLINK_DATABASE_URL``."""

from __future__ import annotations

from typing import Annotated

import typer

from . import accounts, booking, catalog, db
from .plan import plan as plan_command

APP_FACTORY = "tourlink.web.app:create_app"
"""The web application factory uvicorn imports (``create_app(settings=None, services=None)``)."""
HTTP_PROTOCOL = "tourlink.web.server:HttpProtocol"
"""The HTTP protocol uvicorn serves with (httptools; one write per response)."""

app = typer.Typer(
    name="tourlink",
    help="tourlink: the regional heritage tourism platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.add_typer(catalog.app, name="catalog")
app.add_typer(accounts.users, name="user")
app.add_typer(accounts.api_keys, name="apikey")
app.add_typer(booking.resellers, name="reseller")
app.add_typer(booking.slots, name="slots")
app.add_typer(booking.bookings, name="booking")
app.command("plan")(plan_command)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default 1).")
    ] = None,
    reload: Annotated[
        bool, typer.Option(help="Restart on code changes (development).")
    ] = False,
    access_log: Annotated[
        bool, typer.Option(help="Log one line per request (off under heavy load).")
    ] = True,
) -> None:
    """Run the web application and API with uvicorn."""
    if reload and workers is not None and workers > 1:
        raise typer.BadParameter(
            "--reload runs a single worker", param_hint="--workers"
        )
    import uvicorn

    uvicorn.run(
        APP_FACTORY,
        factory=True,
        http=HTTP_PROTOCOL,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        access_log=access_log,
    )


def main() -> None:
    """Console-script entry point (``tourlink = "tourlink.cli.main:main"``)."""
    app(prog_name="tourlink")
