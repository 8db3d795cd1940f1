"""What every command shares: settings, consoles and the translation of errors to exits.

A :class:`~tourlink.core.errors.TourlinkError` becomes a plain message on stderr (every
field error on its own line, ``file: entry 'id': field path: message``) and exit code 1;
usage errors exit with 2 (Click's convention). Bad input never prints a traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from tourlink.core.errors import TourlinkError
from tourlink.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")

EXIT_ERROR = 1
"""Exit code of a command that failed on input or state (2 is for usage errors)."""


def current_settings() -> Settings:
    """Settings read from the environment now (each command reads them afresh)."""
    return Settings()


def console() -> Console:
    """A Rich console on stdout (resolved at call time, so tests can capture it)."""
    return Console(highlight=False)


def status_console() -> Console:
    """A Rich console on stderr, for spinners and progress that must not mix with data."""
    return Console(stderr=True, highlight=False)


def report_error(error: TourlinkError) -> None:
    """Print ``error`` and each of its field errors, plainly, on stderr."""
    typer.echo(f"error: {error.message}", err=True)
    for field_error in error.errors:
        typer.echo(field_error.describe(), err=True)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Decorate a command so that a ``TourlinkError`` exits with a message and code 1."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TourlinkError as error:
            report_error(error)
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper
