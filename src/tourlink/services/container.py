"""The bundle of services a delivery layer (web, CLI) works with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tourlink.accounts import MemoryAccountStore
from tourlink.catalog import AnyEntryT
from tourlink.catalog.memory import MemoryCatalogRepository
from tourlink.core.clock import Clock, SystemClock

from .accounts import AccountService
from .catalog import CatalogService


@dataclass
class Services:
    """Everything a request handler or command needs, built once by the composition root."""

    catalog: CatalogService
    accounts: AccountService
    clock: Clock


def memory_services(
    entries: Sequence[AnyEntryT] = (), *, clock: Clock | None = None
) -> Services:
    """Services over in-memory stores: for tests and throwaway demos."""
    the_clock = clock or SystemClock()
    return Services(
        catalog=CatalogService(MemoryCatalogRepository(entries)),
        accounts=AccountService.create(MemoryAccountStore(), the_clock, fast=True),
        clock=the_clock,
    )
