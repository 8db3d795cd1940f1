"""Group commit: bookings on one slot that arrive together share one transaction.

On a busy afternoon at the Vung Duc cave, thirty resellers' requests for the 19:00 light
show reach one server process within a few milliseconds. Run one transaction each, they
queue on the slot's lock, and each holds it through its own ``COMMIT`` (a WAL flush): the
slot then sells at most one booking per flush. Group commit lets the first of them lead:
it runs every booking of that slot that is waiting at that moment in **one** transaction,
each in a step of its own (a savepoint), commits once, and only then answers all of them.

What each booking sees and gets is what it would have got alone:

* **Own success or failure.** A step that raises (sold out, closed slot, an idempotency
  conflict) is undone alone; the others go on. Its error is raised to its caller after
  the shared commit, so a refusal is never given on the strength of writes that are
  then lost.
* **Acknowledged only after its commit.** Results are handed out after the shared
  transaction committed. If anything fails at the group level (the commit, a lost
  connection), nothing of the group is durable and every member runs again **alone**
  on the ordinary path, with its retries.
* **Lost races go alone.** A step that loses a race (a deadlock, an idempotency key
  inserted concurrently — even by an earlier step of the same group) is undone and its
  caller runs it alone after the group committed, exactly as a retry would.
* **One slot per group.** Operations are grouped by the slot they lock, so a group takes
  one slot lock (as a single booking does) and holds no lock a lone booking would not.
  Bookings on different slots run side by side in their own transactions as before:
  grouping them would put their statements one after another on one connection, which
  costs more than the commits it saves (measured).
* **A group of one is a plain unit of work.** A quiet slot is booked as before, without
  savepoints or waiting; callers for that slot arriving meanwhile queue for the next
  group.

The caller that finds nobody leading on its slot leads; later callers for that slot
queue. When a leader has answered its group it hands the lead to the oldest waiting
caller, so work never waits for a lead that nobody holds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .errors import ConcurrentUpdateError
from .ports import GroupCommitStore, UnitOfWork

T = TypeVar("T")
logger = logging.getLogger("tourlink.booking")

MAX_GROUP = 64
"""Most operations in one shared transaction (bounds the time the slots stay locked)."""


@dataclass(eq=False)
class _Entry(Generic[T]):
    """One caller's operation waiting for (or in) a group."""

    step: Callable[[UnitOfWork], T]
    run_alone: Callable[[], T]
    key: str
    done: threading.Event = field(default_factory=threading.Event)
    lead: bool = False
    alone: bool = False
    result: T | None = None
    error: Exception | None = None


class GroupCommit:
    """Runs concurrent single-slot operations of one process in shared transactions.

    Parameters
    ----------
    store : GroupCommitStore
        A store that can run several steps in one transaction.
    max_group : int, optional
        Most operations per shared transaction (default :data:`MAX_GROUP`).

    Raises
    ------
    ValueError
        If ``max_group`` is below 1.
    """

    def __init__(self, store: GroupCommitStore, *, max_group: int = MAX_GROUP) -> None:
        if max_group < 1:
            raise ValueError(f"max_group must be ≥ 1 (got {max_group})")
        self.store = store
        self.max_group = max_group
        self._lock = threading.Lock()
        self._queues: dict[str, list[_Entry[object]]] = {}
        self.groups = 0
        """Shared transactions run so far (groups of two or more)."""
        self.grouped = 0
        """Operations that ran in them."""

    @property
    def leading(self) -> bool:
        """Whether a caller is running a group (or its own operation) right now."""
        with self._lock:
            return bool(self._queues)

    @property
    def waiting(self) -> int:
        """Operations queued for the next group."""
        with self._lock:
            return sum(len(q) for q in self._queues.values())

    def run(
        self, step: Callable[[UnitOfWork], T], *, alone: Callable[[], T], key: str
    ) -> T:
        """Run ``step`` in the next shared transaction; return its result once committed.

        Parameters
        ----------
        step
            The operation on a unit of work (it locks what it needs; in a group it is a
            savepoint of the shared transaction).
        alone
            Runs the same operation in a transaction of its own (the ordinary path,
            with retries); used for a group of one, after a lost race and when the
            shared transaction fails.
        key
            The slot the operation locks; only operations on the same slot share a
            transaction.

        Raises
        ------
        Exception
            Whatever ``step`` (or ``alone``) raised, after the group committed.
        """
        entry: _Entry[T] = _Entry(step, alone, key)
        with self._lock:
            queue = self._queues.get(key)
            if queue is None:  # nobody is leading on this slot: lead
                queue = self._queues[key] = []
                entry.lead = True
            queue.append(entry)  # type: ignore[arg-type]
        if not entry.lead:
            entry.done.wait()
        if entry.lead:
            self._lead(key)
        if entry.alone:
            return alone()
        if entry.error is not None:
            raise entry.error
        return entry.result  # type: ignore[return-value]

    def _lead(self, key: str) -> None:
        with self._lock:
            queue = self._queues[key]
            group = queue[: self.max_group]
            del queue[: len(group)]
        try:
            self._execute(group)
        except BaseException:  # never strand the callers: they run alone
            for entry in group:
                entry.alone = True
            raise
        finally:
            with self._lock:
                if queue:
                    successor = queue[0]
                    successor.lead = True
                    successor.done.set()
                else:
                    del self._queues[key]
            for entry in group:
                if not entry.lead:
                    entry.done.set()

    def _execute(self, group: list[_Entry[object]]) -> None:
        if len(group) == 1:
            # Nobody to share with: the ordinary path, still holding the lead so that
            # callers arriving meanwhile queue up and form the next group.
            (entry,) = group
            try:
                entry.result = entry.run_alone()
            except Exception as error:
                entry.error = error
            return
        try:
            with self.store.shared_transaction() as shared:
                for entry in group:
                    try:
                        with shared.step() as tx:
                            entry.result = entry.step(tx)
                    except ConcurrentUpdateError:
                        entry.alone = True
                    except Exception as error:  # the caller's own failure
                        entry.error = error
        except Exception:
            # Nothing of the group is durable: every member runs again on its own.
            logger.warning("shared booking transaction failed", exc_info=True)
            for entry in group:
                entry.alone, entry.result, entry.error = True, None, None
            return
        with self._lock:  # leaders of different slots finish concurrently
            self.groups += 1
            self.grouped += len(group)
