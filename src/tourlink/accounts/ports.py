"""Persistence port for accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from .models import ApiKey, Role, User


class AccountStore(Protocol):
    """Stores users and API keys. Emails are unique, case-insensitively."""

    def add_user(
        self, *, email: str, name: str, role: Role, password_hash: str, now: datetime
    ) -> User:
        """Create a user; ``ConflictError`` if the email is taken."""
        ...

    def user_by_email(self, email: str) -> User | None: ...

    def user_by_id(self, user_id: int) -> User | None: ...

    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...

    def add_api_key(
        self,
        *,
        name: str,
        prefix: str,
        digest: str,
        role: Role,
        user_id: int | None,
        now: datetime,
    ) -> ApiKey: ...

    def api_key_by_digest(self, digest: str) -> ApiKey | None: ...

    def revoke_api_key(self, key_id: int) -> None: ...

    def api_keys(self) -> list[ApiKey]: ...
