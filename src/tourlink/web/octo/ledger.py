"""The OCTo ledger (uuid → booking, owner, references, orders), re-exported for the web.

The port and its in-memory implementation live in :mod:`tourlink.booking.octo_ledger`
(storage implements it too, and may not import the web); the SQL implementation is
``tourlink.storage.octo.SqlOctoLedger``, wired by ``tourlink.bootstrap`` into
``Services.octo_ledger``. See ``docs/dev/octo.md``.
"""

from __future__ import annotations

from tourlink.booking.octo_ledger import MemoryOctoLedger as MemoryOctoLedger
from tourlink.booking.octo_ledger import OctoBookingRecord as OctoBookingRecord
from tourlink.booking.octo_ledger import OctoLedger as OctoLedger
from tourlink.booking.octo_ledger import OctoOrder as OctoOrder
from tourlink.booking.octo_ledger import OrderState as OrderState

__all__ = [
    "MemoryOctoLedger",
    "OctoBookingRecord",
    "OctoLedger",
    "OctoOrder",
    "OrderState",
]
