"""``SqlAccountStore``: users and API keys in SQL, implementing ``AccountStore``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tourlink.accounts import ApiKey, Role, User
from tourlink.core.errors import ConflictError, NotFoundError

from .database import Database
from .tables import ApiKeyRow, UserRow


def _email_key(email: str) -> str:
    return email.strip().casefold()


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        email=row.email,
        name=row.name,
        role=Role(row.role),
        password_hash=row.password_hash,
        active=row.active,
        created_at=row.created_at,
    )


def _key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        id=row.id,
        name=row.name,
        prefix=row.prefix,
        digest=row.digest,
        role=Role(row.role),
        user_id=row.user_id,
        revoked=row.revoked,
        created_at=row.created_at,
    )


class SqlAccountStore:
    """An ``AccountStore`` over SQLAlchemy; emails are unique case-insensitively.

    Parameters
    ----------
    database
        The database (its schema migrated to head).
    """

    def __init__(self, database: Database) -> None:
        self._db = database

    def add_user(
        self, *, email: str, name: str, role: Role, password_hash: str, now: datetime
    ) -> User:
        row = UserRow(
            email=email,
            email_key=_email_key(email),
            name=name,
            role=role.value,
            password_hash=password_hash,
            active=True,
            created_at=now,
        )
        try:
            with self._db.write() as session:
                taken = session.scalar(
                    select(UserRow.id).where(UserRow.email_key == row.email_key)
                )
                if taken is not None:
                    raise ConflictError(
                        f"a user with email {email!r} exists", field="email"
                    )
                session.add(row)
                session.flush()
                return _user(row)
        except IntegrityError:
            raise ConflictError(
                f"a user with email {email!r} exists", field="email"
            ) from None

    def user_by_email(self, email: str) -> User | None:
        with self._db.read() as session:
            row = session.scalar(
                select(UserRow).where(UserRow.email_key == _email_key(email))
            )
            return None if row is None else _user(row)

    def user_by_id(self, user_id: int) -> User | None:
        with self._db.read() as session:
            row = session.get(UserRow, user_id)
            return None if row is None else _user(row)

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        with self._db.write() as session:
            result = session.execute(
                update(UserRow)
                .where(UserRow.id == user_id)
                .values(password_hash=password_hash)
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(f"no user {user_id}")

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
        row = ApiKeyRow(
            name=name,
            prefix=prefix,
            digest=digest,
            role=role.value,
            user_id=user_id,
            revoked=False,
            created_at=now,
        )
        try:
            with self._db.write() as session:
                session.add(row)
                session.flush()
                return _key(row)
        except IntegrityError:
            raise ConflictError(
                "an API key with this digest exists, or its user does not"
            ) from None

    def api_key_by_digest(self, digest: str) -> ApiKey | None:
        with self._db.read() as session:
            row = session.scalar(select(ApiKeyRow).where(ApiKeyRow.digest == digest))
            return None if row is None else _key(row)

    def revoke_api_key(self, key_id: int) -> None:
        with self._db.write() as session:
            result = session.execute(
                update(ApiKeyRow).where(ApiKeyRow.id == key_id).values(revoked=True)
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(f"no API key {key_id}")

    def api_keys(self) -> list[ApiKey]:
        with self._db.read() as session:
            rows = session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))
            return [_key(r) for r in rows]
