"""Account use cases: create users, log in, issue and verify API keys."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tourlink.accounts import AccountStore, ApiKey, Principal, Role, User
from tourlink.core.clock import Clock
from tourlink.core.errors import InvalidInputError, UnauthenticatedError

API_KEY_PREFIX = "tlk_"
MIN_PASSWORD_LENGTH = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def digest_api_key(key: str) -> str:
    """The SHA-256 hex digest under which an API key is stored.

    API keys are long random strings, so a fast hash is enough (unlike passwords).
    """
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    """A freshly issued API key: ``secret`` is shown once and never stored."""

    key: ApiKey
    secret: str


@dataclass
class AccountService:
    """Users, passwords (Argon2id via argon2-cffi) and API keys."""

    store: AccountStore
    clock: Clock
    hasher: PasswordHasher

    @classmethod
    def create(
        cls, store: AccountStore, clock: Clock, *, fast: bool = False
    ) -> AccountService:
        """Build the service; ``fast`` lowers Argon2 cost for tests only."""
        hasher = (
            PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
            if fast
            else (PasswordHasher())
        )
        return cls(store, clock, hasher)

    def add_user(self, email: str, name: str, role: Role, password: str) -> User:
        """Create a user with a hashed password."""
        if not _EMAIL.match(email):
            raise InvalidInputError(f"{email!r} is not an email address", field="email")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInputError(
                f"passwords need at least {MIN_PASSWORD_LENGTH} characters",
                field="password",
            )
        return self.store.add_user(
            email=email.strip(),
            name=name.strip() or email,
            role=role,
            password_hash=self.hasher.hash(password),
            now=self.clock.now(),
        )

    def authenticate(self, email: str, password: str) -> User:
        """The user with these credentials; ``UnauthenticatedError`` otherwise."""
        user = self.store.user_by_email(email.strip())
        if user is None or not user.active:
            # Hash anyway so that timing does not reveal which emails exist.
            self.hasher.hash(password)
            raise UnauthenticatedError("wrong email or password")
        try:
            self.hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise UnauthenticatedError("wrong email or password") from None
        if self.hasher.check_needs_rehash(user.password_hash):
            self.store.set_password_hash(user.id, self.hasher.hash(password))
        return user

    def issue_api_key(
        self, name: str, role: Role, user_id: int | None = None
    ) -> IssuedKey:
        """Create a new API key; its secret is returned once."""
        if not name.strip():
            raise InvalidInputError("an API key needs a name", field="name")
        secret = API_KEY_PREFIX + secrets.token_urlsafe(32)
        key = self.store.add_api_key(
            name=name.strip(),
            prefix=secret[:10],
            digest=digest_api_key(secret),
            role=role,
            user_id=user_id,
            now=self.clock.now(),
        )
        return IssuedKey(key, secret)

    def principal_for_key(self, secret: str) -> Principal:
        """The principal an API key stands for; ``UnauthenticatedError`` if unknown."""
        key = self.store.api_key_by_digest(digest_api_key(secret.strip()))
        if key is None or key.revoked:
            raise UnauthenticatedError("unknown or revoked API key")
        return Principal(
            role=key.role, user_id=key.user_id, api_key_id=key.id, name=key.name
        )

    def principal_for_user(self, user: User) -> Principal:
        return Principal(role=user.role, user_id=user.id, name=user.name)
