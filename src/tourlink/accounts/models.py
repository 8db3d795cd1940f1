"""Users, roles and API keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """What a user may do.

    - ``admin``: the provincial tourism department — everything;
    - ``operator``: a tour operator or provider — edits catalogue entries, sells;
    - ``site_manager``: runs a site (a cave that stages night shows) — its slots and check-in;
    - ``reseller``: a machine client selling through the OCTo API;
    - ``visitor``: reads only.
    """

    ADMIN = "admin"
    OPERATOR = "operator"
    SITE_MANAGER = "site_manager"
    RESELLER = "reseller"
    VISITOR = "visitor"


EDITOR_ROLES = frozenset({Role.ADMIN, Role.OPERATOR})
"""Roles that may create and edit catalogue entries."""


@dataclass(frozen=True)
class User:
    """A person with an account; ``password_hash`` is an Argon2id hash, never the password."""

    id: int
    email: str
    name: str
    role: Role
    password_hash: str
    active: bool = True
    created_at: datetime | None = None


@dataclass(frozen=True)
class ApiKey:
    """A key a machine client sends as ``Authorization: Bearer <key>``.

    Only a SHA-256 digest of the key is stored; the key itself is shown once, when issued.
    ``prefix`` (the first characters) lets an admin tell keys apart.
    """

    id: int
    name: str
    prefix: str
    digest: str
    role: Role
    user_id: int | None = None
    revoked: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True)
class Principal:
    """Who is making a request: a user, an API key's owner, or an anonymous visitor."""

    role: Role
    user_id: int | None = None
    api_key_id: int | None = None
    name: str = "anonymous"
    scopes: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.api_key_id is not None

    def has(self, *roles: Role) -> bool:
        """Whether the principal holds one of ``roles`` (admins hold every role)."""
        return self.role == Role.ADMIN or self.role in roles


ANONYMOUS = Principal(role=Role.VISITOR)
