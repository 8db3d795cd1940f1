"""What the catalogue needs from persistence, as Protocols the storage layer implements.

``MemoryCatalogRepository`` in ``memory.py`` is the reference implementation and test
double; ``tourlink.storage`` provides the SQL one. Contract tests run the same cases against
all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .kinds import EntryType
from .loader import AnyEntryT
from .search import SearchPage, SearchQuery


@dataclass(frozen=True)
class LoadReport:
    """What a bulk load changed: ids created, updated, left unchanged and removed."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


class CatalogRepository(Protocol):
    """Stores catalogue entries and answers searches over them.

    Every method is atomic: it either completes or changes nothing.
    """

    def get(self, entry_id: str) -> AnyEntryT | None:
        """The entry with this id, or ``None``."""
        ...

    def list(self, entry_type: EntryType | None = None) -> list[AnyEntryT]:
        """Every entry (of one type), ordered by id."""
        ...

    def search(self, query: SearchQuery) -> SearchPage:
        """Entries matching ``query``, ranked by :func:`tourlink.catalog.search.rank`."""
        ...

    def add(self, entry: AnyEntryT) -> None:
        """Store a new entry; ``ConflictError`` if the id is taken."""
        ...

    def replace(self, entry: AnyEntryT) -> None:
        """Overwrite an existing entry; ``NotFoundError`` if there is none with its id."""
        ...

    def delete(self, entry_id: str) -> None:
        """Remove an entry; ``NotFoundError`` if there is none."""
        ...

    def load(self, entries: Sequence[AnyEntryT], *, prune: bool = False) -> LoadReport:
        """Insert or update ``entries`` in one transaction (idempotent).

        With ``prune``, entries not in ``entries`` are removed too.
        """
        ...
