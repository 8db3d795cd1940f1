"""In-memory account store: the test double for ``AccountStore``."""

from __future__ import annotations

import dataclasses
import threading
from datetime import datetime

from tourlink.core.errors import ConflictError, NotFoundError

from .models import ApiKey, Role, User


class MemoryAccountStore:
    """Users and API keys in dicts; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users: dict[int, User] = {}
        self._keys: dict[int, ApiKey] = {}

    def add_user(
        self, *, email: str, name: str, role: Role, password_hash: str, now: datetime
    ) -> User:
        with self._lock:
            if any(
                u.email.casefold() == email.casefold() for u in self._users.values()
            ):
                raise ConflictError(
                    f"a user with email {email!r} exists", field="email"
                )
            user = User(
                len(self._users) + 1, email, name, role, password_hash, True, now
            )
            self._users[user.id] = user
            return user

    def user_by_email(self, email: str) -> User | None:
        return next(
            (u for u in self._users.values() if u.email.casefold() == email.casefold()),
            None,
        )

    def user_by_id(self, user_id: int) -> User | None:
        return self._users.get(user_id)

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        with self._lock:
            user = self._users.get(user_id)
            if user is None:
                raise NotFoundError(f"no user {user_id}")
            self._users[user_id] = dataclasses.replace(
                user, password_hash=password_hash
            )

    def add_api_key(
        self,
        *,
        name: str,
        prefix: str,
        digest: str,
        role: Role,
        user_id: int | None,
        now: datetime,
    ) -> ApiKey:
        with self._lock:
            key = ApiKey(
                len(self._keys) + 1, name, prefix, digest, role, user_id, False, now
            )
            self._keys[key.id] = key
            return key

    def api_key_by_digest(self, digest: str) -> ApiKey | None:
        return next((k for k in self._keys.values() if k.digest == digest), None)

    def revoke_api_key(self, key_id: int) -> None:
        with self._lock:
            key = self._keys.get(key_id)
            if key is None:
                raise NotFoundError(f"no API key {key_id}")
            self._keys[key_id] = dataclasses.replace(key, revoked=True)

    def api_keys(self) -> list[ApiKey]:
        return sorted(self._keys.values(), key=lambda k: k.id)
