"""``tourlink user add`` and ``tourlink apikey add``."""

from __future__ import annotations

import pytest

from tourlink.bootstrap import open_services
from tourlink.cli.common import current_settings

from .conftest import Cli

PASSWORD = "correct horse battery"


@pytest.fixture
def migrated_cli(cli: Cli) -> Cli:
    assert cli("db", "upgrade").exit_code == 0
    return cli


def test_user_add_stores_a_user_who_can_log_in(migrated_cli: Cli) -> None:
    result = migrated_cli(
        "user",
        "add",
        "admin@example.org",
        "--role",
        "admin",
        "--name",
        "Admin",
        "--password",
        PASSWORD,
    )
    assert result.exit_code == 0, result.stderr
    assert "created user 1: admin@example.org (admin)" in result.stdout
    with open_services(current_settings()) as services:
        user = services.accounts.authenticate("ADMIN@example.org", PASSWORD)
    assert user.name == "Admin"


def test_user_add_prompts_for_the_password_twice(migrated_cli: Cli) -> None:
    result = migrated_cli(
        "user",
        "add",
        "op@example.org",
        "--role",
        "operator",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.stderr
    assert PASSWORD not in result.output


def test_a_taken_email_is_an_error_message(migrated_cli: Cli) -> None:
    args = (
        "user",
        "add",
        "a@example.org",
        "--role",
        "site_manager",
        "--password",
        PASSWORD,
    )
    migrated_cli(*args)
    result = migrated_cli(*args)
    assert result.exit_code == 1
    assert result.stderr == "error: a user with email 'a@example.org' exists\n"


def test_a_short_password_is_refused(migrated_cli: Cli) -> None:
    result = migrated_cli(
        "user", "add", "a@example.org", "--role", "admin", "--password", "short"
    )
    assert result.exit_code == 1
    assert "at least 10 characters" in result.stderr


def test_an_unknown_role_is_a_usage_error(migrated_cli: Cli) -> None:
    result = migrated_cli(
        "user", "add", "a@example.org", "--role", "king", "--password", PASSWORD
    )
    assert result.exit_code == 2


def test_apikey_add_prints_a_key_that_verifies(migrated_cli: Cli) -> None:
    result = migrated_cli("apikey", "add", "Partner OTA", "--role", "reseller")
    assert result.exit_code == 0, result.stderr
    secret = result.stdout.strip()
    assert secret.startswith("tlk_")
    assert "not shown again" in result.stderr
    with open_services(current_settings()) as services:
        principal = services.accounts.principal_for_key(secret)
    assert (principal.name, principal.role.value) == ("Partner OTA", "reseller")
