"""What only the SQL catalogue store must guarantee: atomic loads, UTC stamps, the term index."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, select, text

from tourlink.catalog.search import SearchQuery, entry_terms
from tourlink.storage import Database, SqlCatalogRepository
from tourlink.storage.catalog import candidate_ids
from tourlink.storage.tables import CatalogEntryRow, CatalogTermRow

from .factories import place, small_catalogue


class InjectedFailureError(Exception):
    """Raised from inside the database driver call to simulate a failure mid-load."""


@pytest.fixture
def fail_on_term_insert(database: Database) -> Iterator[dict[str, int]]:
    """Make the second INSERT into catalog_terms blow up (the first one succeeds)."""
    seen = {"inserts": 0}

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        del conn, cursor, args
        if statement.lstrip().upper().startswith("INSERT INTO CATALOG_TERMS"):
            seen["inserts"] += 1
            if seen["inserts"] >= 2:
                raise InjectedFailureError("disk full (simulated)")

    event.listen(database.engine, "before_cursor_execute", before)
    yield seen
    event.remove(database.engine, "before_cursor_execute", before)


def test_a_failure_mid_load_rolls_back_the_whole_load(
    database: Database, fail_on_term_insert: dict[str, int]
) -> None:
    repository = SqlCatalogRepository(database)
    before = place("old-cave", name={"vi": "Hang Cũ", "en": "Old Cave"})
    fail_on_term_insert["inserts"] = -10  # let the first add through
    repository.add(before)
    fail_on_term_insert["inserts"] = 0
    changed = place("old-cave", name={"vi": "Hang Đổi", "en": "Changed Cave"})
    with pytest.raises(InjectedFailureError):
        repository.load([changed, *small_catalogue()], prune=True)
    assert fail_on_term_insert["inserts"] >= 2
    assert [e.id for e in repository.list()] == ["old-cave"]
    assert repository.get("old-cave") == before
    hits = repository.search(SearchQuery(text="hang cu"))
    assert [h.entry.id for h in hits.items] == ["old-cave"]


def test_updated_at_is_stored_in_utc(database: Database) -> None:
    local = datetime.fromisoformat("2026-03-02T09:00:00+07:00")
    repository = SqlCatalogRepository(database, now=lambda: local)
    repository.add(place("dau-go-cave"))
    with database.read() as session:
        stamp = session.scalar(select(CatalogEntryRow.updated_at))
    assert stamp == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assert stamp is not None
    assert stamp.utcoffset() is not None
    assert stamp.utcoffset().total_seconds() == 0


def test_the_term_index_holds_the_shared_tokeniser_terms(database: Database) -> None:
    entry = small_catalogue()[0]
    SqlCatalogRepository(database).add(entry)
    with database.read() as session:
        rows = session.execute(select(CatalogTermRow.term, CatalogTermRow.weight)).all()
    assert dict(rows) == entry_terms(entry)
    assert {"dau", "go", "dau go", "ダウ", "木头"} <= {term for term, _ in rows}


def test_deleting_an_entry_row_cascades_to_its_terms(database: Database) -> None:
    SqlCatalogRepository(database).add(place("dau-go-cave"))
    with database.write() as session:
        session.execute(text("DELETE FROM catalog_entries"))
    with database.read() as session:
        assert session.scalar(text("SELECT COUNT(*) FROM catalog_terms")) == 0


def test_candidates_need_every_required_term_in_sql(database: Database) -> None:
    repository = SqlCatalogRepository(database)
    repository.load(small_catalogue())
    query = SearchQuery(text="lan ha bay")
    with database.read() as session:
        found = set(session.scalars(candidate_ids(query)))
    assert found == {"lan-ha-bay", "lan-ha-kayak"}
