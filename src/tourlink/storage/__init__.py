"""Persistence: SQLAlchemy stores for SQLite (default) and PostgreSQL, with Alembic migrations.

Implements the domain's ports (``CatalogRepository``, ``AccountStore``, ``BookingStore``, the OCTo ledger,
``PackageStore``, plan documents). Only
``tourlink.bootstrap`` wires these into services; web and CLI code never import this package.
"""

from . import booking_tables as booking_tables
from . import octo_tables as octo_tables
from .accounts import SqlAccountStore as SqlAccountStore
from .booking_store import SqlBookingStore as SqlBookingStore
from .catalog import SqlCatalogRepository as SqlCatalogRepository
from .database import Database as Database
from .database import make_engine as make_engine
from .migrate import current_revision as current_revision
from .migrate import downgrade as downgrade
from .migrate import head_revision as head_revision
from .migrate import upgrade as upgrade
from .octo import SqlBookingCatalogue as SqlBookingCatalogue
from .octo import SqlOctoLedger as SqlOctoLedger
from .packages import SqlPackageStore as SqlPackageStore
from .plans import SqlPlanDocuments as SqlPlanDocuments
from .tables import metadata as metadata

__all__ = [
    "Database",
    "SqlAccountStore",
    "SqlBookingCatalogue",
    "SqlBookingStore",
    "SqlCatalogRepository",
    "SqlOctoLedger",
    "SqlPackageStore",
    "SqlPlanDocuments",
    "current_revision",
    "downgrade",
    "head_revision",
    "make_engine",
    "metadata",
    "upgrade",
]
