"""JSON documents for the booking domain's frozen dataclasses.

The booking tables keep the columns the store filters, orders and locks on (ids, slot,
status, expiry, counters) as real columns and the rest of each value object as a JSON
document. This codec turns a dataclass into plain JSON and back, guided by its type hints,
so a new optional field in the domain needs no change here:

* ``datetime`` ↔ ISO 8601 text (always aware, UTC offset kept);
* ``timedelta`` ↔ whole microseconds (exact);
* ``StrEnum`` ↔ its value; ``tuple[X, ...]`` ↔ list; ``Mapping[str, X]`` ↔ object;
* nested dataclasses ↔ objects keyed by field name.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, TypeVar, cast

T = TypeVar("T")

_MICROS = timedelta(microseconds=1)


_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Types written as they are (exact types: a ``StrEnum`` member is not plain)."""


def to_document(value: Any) -> Any:
    """``value`` (a dataclass, or anything inside one) as JSON-compatible data."""
    kind = type(value)
    if kind in _PLAIN:  # most leaves: skip the look-up below
        return value
    encode = _ENCODERS.get(kind)
    if encode is None:
        encode = _ENCODERS[kind] = _encoder(kind, value)
    return encode(value)


def _encoder(kind: type[Any], value: Any) -> Callable[[Any], Any]:
    """How values of ``kind`` are encoded, chosen once per type (``is_dataclass``,
    ``dataclasses.fields`` and the ABC checks cost more than encoding the value)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = tuple(f.name for f in dataclasses.fields(value))

        def encode_dataclass(value: Any) -> dict[str, Any]:
            document = {}
            for name in names:
                field = getattr(value, name)
                document[name] = field if type(field) in _PLAIN else to_document(field)
            return document

        return encode_dataclass
    if issubclass(kind, Enum):
        return _enum_value
    if issubclass(kind, datetime):
        return _datetime_text
    if issubclass(kind, timedelta):
        return _micros
    if issubclass(kind, Mapping):
        return _mapping
    if issubclass(kind, tuple | list):
        return _sequence
    return _as_is


def _enum_value(value: Enum) -> Any:
    return value.value


def _datetime_text(value: datetime) -> str:
    if value.tzinfo is None:
        msg = "store aware datetimes only"
        raise ValueError(msg)
    return value.isoformat()


def _micros(value: timedelta) -> int:
    return value // _MICROS


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k): to_document(v) for k, v in value.items()}


def _sequence(value: tuple[Any, ...] | list[Any]) -> list[Any]:
    return [to_document(v) for v in value]


def _as_is(value: Any) -> Any:
    return value


_ENCODERS: dict[type[Any], Callable[[Any], Any]] = {}
"""The encoder of each non-plain type met so far (types are few and fixed)."""


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    found = _HINTS.get(cls)
    if found is None:
        found = _HINTS[cls] = typing.get_type_hints(cls)
    return found


def _decode(hint: Any, data: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        if data is None:
            return None
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        for option in options:
            if option in (str, int, bool, float) and isinstance(data, option):
                return data
        return _decode(options[0], data)
    if origin is tuple:
        args = typing.get_args(hint)
        return tuple(_decode(args[0], item) for item in data)
    if origin in (dict, Mapping, typing.Mapping) or hint is dict:
        args = typing.get_args(hint)
        inner = args[1] if args else Any
        return {key: _decode(inner, item) for key, item in data.items()}
    if hint is Any or data is None:
        return data
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return from_document(hint, data)
        if issubclass(hint, Enum):
            return hint(data)
        if issubclass(hint, datetime):
            return datetime.fromisoformat(data)
        if issubclass(hint, timedelta):
            return timedelta(microseconds=data)
    return data


def from_document(cls: type[T], data: Mapping[str, Any]) -> T:
    """Rebuild a ``cls`` dataclass from :func:`to_document` output (unknown keys ignored)."""
    hints = _hints(cast("type[Any]", cls))
    kwargs = {
        f.name: _decode(hints[f.name], data[f.name])
        for f in dataclasses.fields(cast("Any", cls))
        if f.name in data
    }
    return cls(**kwargs)


_DECODED: dict[tuple[type[Any], str], tuple[Any, Any]] = {}
_DECODED_MAX = 4096
"""Bound on remembered decodings per process (the whole memo is dropped beyond it)."""


def from_document_memo(cls: type[T], key: str, data: Mapping[str, Any]) -> T:
    """:func:`from_document`, reusing the value decoded last time for ``(cls, key)`` if
    ``data`` is equal to the document it came from.

    The document is always the one just read from the database, so nothing can be
    stale: the memo only skips rebuilding an equal, immutable value (slots, products
    and resources are read with every booking but rarely change). Comparing two small
    JSON documents costs a fraction of decoding one.
    """
    found = _DECODED.get((cls, key))
    if found is not None and found[0] == data:
        return cast("T", found[1])
    value = from_document(cls, data)
    if len(_DECODED) >= _DECODED_MAX:
        _DECODED.clear()
    _DECODED[(cls, key)] = (data, value)
    return value
