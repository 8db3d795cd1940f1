"""The AccountStore contract, run against memory, SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tourlink.accounts import AccountStore, Role
from tourlink.core.errors import ConflictError, NotFoundError

NOW = datetime(2026, 3, 2, 2, 0, 0, 123456, tzinfo=UTC)


def add_user(store: AccountStore, email: str = "Lan@Example.vn") -> int:
    user = store.add_user(
        email=email, name="Lan", role=Role.OPERATOR, password_hash="h1", now=NOW
    )
    return user.id


def test_an_added_user_is_found_by_id_and_email_in_any_case(
    account_store: AccountStore,
) -> None:
    user_id = add_user(account_store)
    by_id = account_store.user_by_id(user_id)
    assert by_id is not None
    assert (by_id.email, by_id.role, by_id.active) == (
        "Lan@Example.vn",
        Role.OPERATOR,
        True,
    )
    assert by_id.created_at == NOW
    assert account_store.user_by_email("lan@example.VN") == by_id


def test_unknown_users_are_none(account_store: AccountStore) -> None:
    assert account_store.user_by_email("nobody@example.vn") is None
    assert account_store.user_by_id(999) is None


def test_emails_are_unique_whatever_their_case(account_store: AccountStore) -> None:
    add_user(account_store)
    with pytest.raises(ConflictError):
        add_user(account_store, "LAN@example.vn")


def test_set_password_hash_replaces_the_hash(account_store: AccountStore) -> None:
    user_id = add_user(account_store)
    account_store.set_password_hash(user_id, "h2")
    user = account_store.user_by_id(user_id)
    assert user is not None
    assert user.password_hash == "h2"
    with pytest.raises(NotFoundError):
        account_store.set_password_hash(999, "h3")


def test_api_keys_are_found_by_digest_listed_and_revoked(
    account_store: AccountStore,
) -> None:
    user_id = add_user(account_store)
    first = account_store.add_api_key(
        name="agency",
        prefix="tlk_abc",
        digest="d1",
        role=Role.RESELLER,
        user_id=user_id,
        now=NOW,
    )
    second = account_store.add_api_key(
        name="ota",
        prefix="tlk_def",
        digest="d2",
        role=Role.RESELLER,
        user_id=None,
        now=NOW,
    )
    assert account_store.api_key_by_digest("d1") == first
    assert account_store.api_key_by_digest("nope") is None
    assert [k.id for k in account_store.api_keys()] == [first.id, second.id]
    account_store.revoke_api_key(first.id)
    revoked = account_store.api_key_by_digest("d1")
    assert revoked is not None
    assert revoked.revoked
    assert not account_store.api_key_by_digest("d2").revoked  # type: ignore[union-attr]


def test_revoking_an_unknown_key_is_not_found(account_store: AccountStore) -> None:
    with pytest.raises(NotFoundError):
        account_store.revoke_api_key(999)
