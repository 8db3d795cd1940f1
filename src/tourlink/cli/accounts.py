"""``tourlink user`` and ``tourlink apikey``: staff accounts and machine-client keys."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from tourlink import bootstrap
from tourlink.accounts import Role

from .common import console, current_settings, reports_errors

users = typer.Typer(help="Staff accounts.", no_args_is_help=True)
api_keys = typer.Typer(help="API keys for machine clients.", no_args_is_help=True)


class StaffRole(StrEnum):
    """Roles a person can be given from the command line."""

    ADMIN = "admin"
    OPERATOR = "operator"
    SITE_MANAGER = "site_manager"


class KeyRole(StrEnum):
    """Roles an API key can carry."""

    RESELLER = "reseller"
    OPERATOR = "operator"
    ADMIN = "admin"


@users.command("add")
@reports_errors
def add_user(
    email: Annotated[str, typer.Argument(help="The person's email (their login).")],
    role: Annotated[StaffRole, typer.Option(help="What they may do.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="At least 10 characters; prompted for when not given.",
        ),
    ],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Create a user with a hashed password."""
    with bootstrap.open_services(current_settings()) as services:
        user = services.accounts.add_user(email, name, Role(role.value), password)
    console().print(f"created user {user.id}: {user.email} ({user.role.value})")


@api_keys.command("add")
@reports_errors
def add_api_key(
    name: Annotated[str, typer.Argument(help='Who the key is for ("Partner OTA").')],
    role: Annotated[KeyRole, typer.Option(help="What the key may do.")] = (
        KeyRole.RESELLER
    ),
) -> None:
    """Issue an API key; the key is printed once, on stdout, and never stored."""
    with bootstrap.open_services(current_settings()) as services:
        issued = services.accounts.issue_api_key(name, Role(role.value))
    typer.echo(
        f"API key {issued.key.id} for {issued.key.name!r} ({role.value}); "
        "store it now, it is not shown again:",
        err=True,
    )
    typer.echo(issued.secret)
