"""Catalogue entries in exchange formats: plain data, schema.org JSON-LD and GeoJSON.

Pure functions over validated entries, shared by the CLI export, the web pages (JSON-LD in
``<script type="application/ld+json">``), the map layer and the SQL stores (which keep
:func:`entry_to_data` as an entry's JSON document). The schema.org types chosen for each
kind of entry are listed in :mod:`tourlink.catalog.formats.types`.
"""

from .data import entry_to_data as entry_to_data
from .geojson import to_geojson as to_geojson
from .geojson import to_geojson_feature as to_geojson_feature
from .jsonld import SCHEMA_CONTEXT as SCHEMA_CONTEXT
from .jsonld import EntryLink as EntryLink
from .jsonld import default_link as default_link
from .jsonld import to_jsonld as to_jsonld
from .jsonld import to_jsonld_graph as to_jsonld_graph
from .types import schema_types as schema_types

__all__ = [
    "SCHEMA_CONTEXT",
    "EntryLink",
    "default_link",
    "entry_to_data",
    "schema_types",
    "to_geojson",
    "to_geojson_feature",
    "to_jsonld",
    "to_jsonld_graph",
]
