"""AccountService with the fast test hasher: users, log-in and API keys."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tourlink.accounts import MemoryAccountStore, Role
from tourlink.core.clock import FixedClock
from tourlink.core.errors import InvalidInputError, UnauthenticatedError
from tourlink.services.accounts import AccountService, digest_api_key

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
PASSWORD = "ha-long-2026!"


@pytest.fixture
def accounts() -> AccountService:
    return AccountService.create(MemoryAccountStore(), FixedClock(NOW), fast=True)


def test_a_new_user_has_a_hashed_password(accounts: AccountService) -> None:
    user = accounts.add_user("lan@example.vn", "Lan", Role.OPERATOR, PASSWORD)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert user.created_at == NOW


def test_the_right_password_authenticates(accounts: AccountService) -> None:
    accounts.add_user("lan@example.vn", "Lan", Role.OPERATOR, PASSWORD)
    assert accounts.authenticate(" LAN@example.vn ", PASSWORD).email == "lan@example.vn"


@pytest.mark.parametrize(
    ("email", "password"),
    [("lan@example.vn", "wrong-password"), ("nobody@example.vn", PASSWORD)],
)
def test_a_wrong_email_or_password_is_refused_alike(
    accounts: AccountService, email: str, password: str
) -> None:
    accounts.add_user("lan@example.vn", "Lan", Role.OPERATOR, PASSWORD)
    with pytest.raises(UnauthenticatedError, match="wrong email or password"):
        accounts.authenticate(email, password)


def test_bad_emails_and_short_passwords_are_invalid(accounts: AccountService) -> None:
    with pytest.raises(InvalidInputError):
        accounts.add_user("not-an-email", "X", Role.ADMIN, PASSWORD)
    with pytest.raises(InvalidInputError):
        accounts.add_user("x@example.vn", "X", Role.ADMIN, "short")


def test_an_issued_key_verifies_until_revoked(accounts: AccountService) -> None:
    issued = accounts.issue_api_key("Partner OTA", Role.RESELLER)
    assert issued.secret.startswith("tlk_")
    assert issued.key.digest == digest_api_key(issued.secret)
    assert issued.secret not in repr(issued.key)
    principal = accounts.principal_for_key(issued.secret)
    assert (principal.role, principal.api_key_id) == (Role.RESELLER, issued.key.id)
    accounts.store.revoke_api_key(issued.key.id)
    with pytest.raises(UnauthenticatedError):
        accounts.principal_for_key(issued.secret)


def test_an_unknown_key_is_refused(accounts: AccountService) -> None:
    with pytest.raises(UnauthenticatedError):
        accounts.principal_for_key("tlk_not-a-key")
