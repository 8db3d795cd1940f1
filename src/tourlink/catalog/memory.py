"""An in-memory catalogue store: the reference implementation of ``CatalogRepository``."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from tourlink.core.errors import ConflictError, NotFoundError

from .kinds import EntryType
from .loader import AnyEntryT
from .ports import LoadReport
from .search import SearchPage, SearchQuery, TermStats, entry_terms, rank


class MemoryCatalogRepository:
    """Keeps entries in a dict; thread-safe; for tests and small embedded uses."""

    def __init__(self, entries: Sequence[AnyEntryT] = ()) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, AnyEntryT] = {}
        self._terms: dict[str, dict[str, float]] = {}
        for entry in entries:
            self._put(entry)

    def _put(self, entry: AnyEntryT) -> None:
        self._entries[entry.id] = entry
        self._terms[entry.id] = entry_terms(entry)

    def get(self, entry_id: str) -> AnyEntryT | None:
        return self._entries.get(entry_id)

    def list(self, entry_type: EntryType | None = None) -> list[AnyEntryT]:
        with self._lock:
            items = sorted(self._entries.values(), key=lambda e: e.id)
        return [e for e in items if entry_type is None or e.type == entry_type]

    def search(self, query: SearchQuery) -> SearchPage:
        with self._lock:
            stats = TermStats(n_docs=len(self._entries))
            for terms in self._terms.values():
                for term in terms:
                    stats.df[term] = stats.df.get(term, 0) + 1
            required = query.required
            candidates = [
                (entry, self._terms[entry.id])
                for entry in self._entries.values()
                if all(t in self._terms[entry.id] for t in required)
            ]
        return rank(candidates, query, stats)

    def add(self, entry: AnyEntryT) -> None:
        with self._lock:
            if entry.id in self._entries:
                raise ConflictError(f"an entry with id {entry.id!r} exists", field="id")
            self._put(entry)

    def replace(self, entry: AnyEntryT) -> None:
        with self._lock:
            if entry.id not in self._entries:
                raise NotFoundError(f"no entry with id {entry.id!r}")
            self._put(entry)

    def delete(self, entry_id: str) -> None:
        with self._lock:
            if self._entries.pop(entry_id, None) is None:
                raise NotFoundError(f"no entry with id {entry_id!r}")
            del self._terms[entry_id]

    def load(self, entries: Sequence[AnyEntryT], *, prune: bool = False) -> LoadReport:
        with self._lock:
            created, updated, unchanged = [], [], []
            for entry in entries:
                old = self._entries.get(entry.id)
                if old is None:
                    created.append(entry.id)
                elif old == entry:
                    unchanged.append(entry.id)
                    continue
                else:
                    updated.append(entry.id)
                self._put(entry)
            removed: list[str] = []
            if prune:
                keep = {e.id for e in entries}
                removed = sorted(set(self._entries) - keep)
                for entry_id in removed:
                    del self._entries[entry_id]
                    del self._terms[entry_id]
        return LoadReport(
            tuple(created), tuple(updated), tuple(unchanged), tuple(removed)
        )
