"""Each subpackage exports a deliberate public API; these tests pin it down."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest

import tourlink

PACKAGES = [
    "tourlink.core",
    "tourlink.catalog",
    "tourlink.accounts",
    "tourlink.booking",
    "tourlink.planner",
    "tourlink.trips",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_every_exported_name_exists_and_is_public(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert len(set(exported)) == len(exported)
    for item in exported:
        assert not item.startswith("_")
        assert hasattr(module, item), f"{name}.{item} is exported but missing"


def test_catalog_exports_the_entry_types() -> None:
    from tourlink import catalog

    assert {"Place", "Experience", "Event", "Provider", "TransportLink"} <= set(
        catalog.__all__
    )


def test_top_level_package_only_carries_the_version() -> None:
    public = {
        n
        for n, v in vars(tourlink).items()
        if not n.startswith("__") and not isinstance(v, types.ModuleType)
    }
    assert public == set()
    assert tourlink.__version__


def test_importing_domain_packages_does_not_pull_in_web_or_sql() -> None:
    code = (
        "import sys, tourlink.catalog, tourlink.core, tourlink.accounts;"
        "bad = [m for m in ('fastapi', 'sqlalchemy', 'jinja2', 'typer') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
