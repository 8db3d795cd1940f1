"""The regional catalogue: places, experiences, events, providers and transport links.

Pure domain code: models, vocabularies, opening hours and the data-file loader. Persistence
lives in ``tourlink.storage``; use cases in ``tourlink.services``.
"""

from .entries import Entry as Entry
from .entries import Location as Location
from .entries import Media as Media
from .entries import Price as Price
from .entries import Source as Source
from .events import DateRange as DateRange
from .events import Event as Event
from .experiences import Experience as Experience
from .kinds import Dietary as Dietary
from .kinds import EntryType as EntryType
from .kinds import EventKind as EventKind
from .kinds import ExperienceKind as ExperienceKind
from .kinds import MediaKind as MediaKind
from .kinds import PlaceKind as PlaceKind
from .kinds import ProviderKind as ProviderKind
from .kinds import Province as Province
from .kinds import Tag as Tag
from .kinds import TransportMode as TransportMode
from .loader import AnyEntry as AnyEntry
from .loader import AnyEntryT as AnyEntryT
from .loader import Catalog as Catalog
from .loader import CatalogInvalidError as CatalogInvalidError
from .loader import bundled_data_dir as bundled_data_dir
from .loader import load_catalog as load_catalog
from .loader import parse_entry as parse_entry
from .places import Place as Place
from .providers import Provider as Provider
from .transport import Departure as Departure
from .transport import TransportLink as TransportLink

__all__ = [
    "AnyEntry",
    "AnyEntryT",
    "Catalog",
    "CatalogInvalidError",
    "DateRange",
    "Departure",
    "Dietary",
    "Entry",
    "EntryType",
    "Event",
    "EventKind",
    "Experience",
    "ExperienceKind",
    "Location",
    "Media",
    "MediaKind",
    "Place",
    "PlaceKind",
    "Price",
    "Provider",
    "ProviderKind",
    "Province",
    "Source",
    "Tag",
    "TransportLink",
    "TransportMode",
    "bundled_data_dir",
    "load_catalog",
    "parse_entry",
]
