"""tourlink.trips - the traveller's trip planner and the tour operator's packages.

A ``TripWish`` (dates, arrival and departure, party, interests, pace, budget, diet,
mobility, language) plus the catalogue becomes a planner problem (``build``), is solved
and verified by the planner's independent checker, and is read back as a ``TripPlan``
(day-by-day items, costs, warnings, route), exportable to iCalendar and editable
(``replan``).
"""

from .build import Built as Built
from .build import build as build
from .currency import CURRENCIES as CURRENCIES
from .currency import RateTable as RateTable
from .errors import InfeasibleRequestError as InfeasibleRequestError
from .explain import PlanWarning as PlanWarning
from .ics import to_ics as to_ics
from .nodes import Lock as Lock
from .packages import BundleDiscount as BundleDiscount
from .packages import Component as Component
from .packages import Departure as Departure
from .packages import Guest as Guest
from .packages import Package as Package
from .packages import Quote as Quote
from .plan import DEFAULT_TIME_LIMIT as DEFAULT_TIME_LIMIT
from .plan import SCALED as SCALED
from .plan import TRIP_PARAMS as TRIP_PARAMS
from .plan import ClockBudget as ClockBudget
from .plan import TimeBudget as TimeBudget
from .plan import plan_trip as plan_trip
from .plan import time_budget as time_budget
from .ports import AvailabilitySource as AvailabilitySource
from .ports import MemoryAvailability as MemoryAvailability
from .ports import RoutingClient as RoutingClient
from .ports import UnknownAvailability as UnknownAvailability
from .replan import AddItem as AddItem
from .replan import ChangePace as ChangePace
from .replan import Edit as Edit
from .replan import LockItem as LockItem
from .replan import MoveItem as MoveItem
from .replan import RemoveItem as RemoveItem
from .replan import replan as replan
from .timeline import CostBreakdown as CostBreakdown
from .timeline import PlanDay as PlanDay
from .timeline import PlanItem as PlanItem
from .timeline import TripPlan as TripPlan
from .travel import GreatCircleRouting as GreatCircleRouting
from .travel import OsrmRouting as OsrmRouting
from .wish import Endpoint as Endpoint
from .wish import Party as Party
from .wish import TripWish as TripWish

__all__ = [
    "CURRENCIES",
    "DEFAULT_TIME_LIMIT",
    "SCALED",
    "TRIP_PARAMS",
    "AddItem",
    "AvailabilitySource",
    "Built",
    "BundleDiscount",
    "ChangePace",
    "ClockBudget",
    "Component",
    "CostBreakdown",
    "Departure",
    "Edit",
    "Endpoint",
    "GreatCircleRouting",
    "Guest",
    "InfeasibleRequestError",
    "Lock",
    "LockItem",
    "MemoryAvailability",
    "MoveItem",
    "OsrmRouting",
    "Package",
    "Party",
    "PlanDay",
    "PlanItem",
    "PlanWarning",
    "Quote",
    "RateTable",
    "RemoveItem",
    "RoutingClient",
    "TimeBudget",
    "TripPlan",
    "TripWish",
    "UnknownAvailability",
    "build",
    "plan_trip",
    "replan",
    "time_budget",
    "to_ics",
]
