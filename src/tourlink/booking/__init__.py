"""Booking and capacity engine: pure rules, ports, an in-memory store and the service.

Caves with night shows, boats in Lan Ha Bay and pottery workshops in Chu Dau each have a
hard limit on how many people they take at once. This package sells timed slots against
those limits without overselling, losing confirmed bookings or booking twice on a retry.
It knows the catalogue only by id. See ``docs/dev/booking.md`` for the model and the
contract a persistent store must honour.
"""

from .allotments import Allotment as Allotment
from .audit import AuditEntry as AuditEntry
from .availability import LIMITED_PERCENT as LIMITED_PERCENT
from .availability import LIMITED_PLACES as LIMITED_PLACES
from .availability import Availability as Availability
from .availability import AvailabilityStatus as AvailabilityStatus
from .bookings import Booking as Booking
from .bookings import BookingRequest as BookingRequest
from .bookings import BookingStatus as BookingStatus
from .bookings import Contact as Contact
from .bookings import StatusChange as StatusChange
from .checkin import Ticket as Ticket
from .checkin import TicketClaims as TicketClaims
from .checkin import TicketSigner as TicketSigner
from .checkin import qr_png as qr_png
from .checkin import qr_svg as qr_svg
from .errors import AllotmentExhaustedError as AllotmentExhaustedError
from .errors import AllotmentNotFoundError as AllotmentNotFoundError
from .errors import AllotmentReleasedError as AllotmentReleasedError
from .errors import AlreadyCancelledError as AlreadyCancelledError
from .errors import AlreadyCheckedInError as AlreadyCheckedInError
from .errors import BookingCutoffPassedError as BookingCutoffPassedError
from .errors import BookingNotFoundError as BookingNotFoundError
from .errors import BookingStateError as BookingStateError
from .errors import ConcurrentUpdateError as ConcurrentUpdateError
from .errors import HoldExpiredError as HoldExpiredError
from .errors import HoldExtensionLimitError as HoldExtensionLimitError
from .errors import IdempotencyConflictError as IdempotencyConflictError
from .errors import InvalidBookingDataError as InvalidBookingDataError
from .errors import InvalidTicketError as InvalidTicketError
from .errors import InvalidUnitsError as InvalidUnitsError
from .errors import OccupancyFullError as OccupancyFullError
from .errors import OfferNotActiveError as OfferNotActiveError
from .errors import OptionNotFoundError as OptionNotFoundError
from .errors import PackageItemUnavailableError as PackageItemUnavailableError
from .errors import PackageNotFoundError as PackageNotFoundError
from .errors import PartySizeOutOfRangeError as PartySizeOutOfRangeError
from .errors import ProductNotFoundError as ProductNotFoundError
from .errors import ResourceNotFoundError as ResourceNotFoundError
from .errors import SlotClosedError as SlotClosedError
from .errors import SlotNotFoundError as SlotNotFoundError
from .errors import SlotSoldOutError as SlotSoldOutError
from .errors import WaitlistEntryNotFoundError as WaitlistEntryNotFoundError
from .errors import WaitlistNotNeededError as WaitlistNotNeededError
from .errors import WrongDayTicketError as WrongDayTicketError
from .holds import DEFAULT_HOLD as DEFAULT_HOLD
from .holds import HoldPolicy as HoldPolicy
from .ledger import Allocation as Allocation
from .ledger import Claim as Claim
from .ledger import LedgerSnapshot as LedgerSnapshot
from .ledger import Reconciliation as Reconciliation
from .ledger import claims_for as claims_for
from .ledger import reconcile as reconcile
from .manifests import Manifest as Manifest
from .manifests import ManifestRow as ManifestRow
from .memory import InMemoryBookingStore as InMemoryBookingStore
from .notifiers import LogNotifier as LogNotifier
from .notifiers import MemoryNotifier as MemoryNotifier
from .notifiers import SmtpNotifier as SmtpNotifier
from .packages import Package as Package
from .packages import PackageItem as PackageItem
from .policies import NON_REFUNDABLE as NON_REFUNDABLE
from .policies import CancellationPolicy as CancellationPolicy
from .policies import Refund as Refund
from .policies import RefundKind as RefundKind
from .policies import RefundTier as RefundTier
from .ports import AsyncOptimisticBookings as AsyncOptimisticBookings
from .ports import BookingStore as BookingStore
from .ports import IdempotencyRecord as IdempotencyRecord
from .ports import Notification as Notification
from .ports import Notifier as Notifier
from .ports import OptimisticBookings as OptimisticBookings
from .ports import OptimisticMiss as OptimisticMiss
from .ports import UnitOfWork as UnitOfWork
from .products import Product as Product
from .products import ProductOption as ProductOption
from .products import Units as Units
from .products import UnitType as UnitType
from .resources import CapacityKey as CapacityKey
from .resources import Resource as Resource
from .service import BookingService as BookingService
from .slots import Slot as Slot
from .slots import SlotState as SlotState
from .waitlist import WaitlistEntry as WaitlistEntry
from .waitlist import WaitlistStatus as WaitlistStatus

__all__ = [
    "DEFAULT_HOLD",
    "LIMITED_PERCENT",
    "LIMITED_PLACES",
    "NON_REFUNDABLE",
    "Allocation",
    "Allotment",
    "AllotmentExhaustedError",
    "AllotmentNotFoundError",
    "AllotmentReleasedError",
    "AlreadyCancelledError",
    "AlreadyCheckedInError",
    "AsyncOptimisticBookings",
    "AuditEntry",
    "Availability",
    "AvailabilityStatus",
    "Booking",
    "BookingCutoffPassedError",
    "BookingNotFoundError",
    "BookingRequest",
    "BookingService",
    "BookingStateError",
    "BookingStatus",
    "BookingStore",
    "CancellationPolicy",
    "CapacityKey",
    "Claim",
    "ConcurrentUpdateError",
    "Contact",
    "HoldExpiredError",
    "HoldExtensionLimitError",
    "HoldPolicy",
    "IdempotencyConflictError",
    "IdempotencyRecord",
    "InMemoryBookingStore",
    "InvalidBookingDataError",
    "InvalidTicketError",
    "InvalidUnitsError",
    "LedgerSnapshot",
    "LogNotifier",
    "Manifest",
    "ManifestRow",
    "MemoryNotifier",
    "Notification",
    "Notifier",
    "OccupancyFullError",
    "OfferNotActiveError",
    "OptimisticBookings",
    "OptimisticMiss",
    "OptionNotFoundError",
    "Package",
    "PackageItem",
    "PackageItemUnavailableError",
    "PackageNotFoundError",
    "PartySizeOutOfRangeError",
    "Product",
    "ProductNotFoundError",
    "ProductOption",
    "Reconciliation",
    "Refund",
    "RefundKind",
    "RefundTier",
    "Resource",
    "ResourceNotFoundError",
    "Slot",
    "SlotClosedError",
    "SlotNotFoundError",
    "SlotSoldOutError",
    "SlotState",
    "SmtpNotifier",
    "StatusChange",
    "Ticket",
    "TicketClaims",
    "TicketSigner",
    "UnitOfWork",
    "UnitType",
    "Units",
    "WaitlistEntry",
    "WaitlistEntryNotFoundError",
    "WaitlistNotNeededError",
    "WaitlistStatus",
    "WrongDayTicketError",
    "claims_for",
    "qr_png",
    "qr_svg",
    "reconcile",
]
