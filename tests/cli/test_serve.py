"""``tourlink serve`` hands the web app factory and tourlink's HTTP protocol to uvicorn."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn

from .conftest import Cli


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    return calls


def test_serve_runs_the_app_factory_with_defaults(
    cli: Cli, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    assert cli("serve").exit_code == 0
    assert uvicorn_calls == [
        (
            "tourlink.web.app:create_app",
            {
                "factory": True,
                "http": "tourlink.web.server:HttpProtocol",
                "host": "127.0.0.1",
                "port": 8000,
                "workers": None,
                "reload": False,
                "access_log": True,
            },
        )
    ]


def test_serve_passes_host_port_and_workers(
    cli: Cli, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    result = cli("serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "4")
    assert result.exit_code == 0
    assert uvicorn_calls[0][1] | {} == {
        "factory": True,
        "http": "tourlink.web.server:HttpProtocol",
        "host": "0.0.0.0",
        "port": 9000,
        "workers": 4,
        "reload": False,
        "access_log": True,
    }


def test_reload_with_several_workers_is_a_usage_error(
    cli: Cli, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    assert cli("serve", "--reload", "--workers", "2").exit_code == 2
    assert uvicorn_calls == []
