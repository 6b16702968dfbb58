"""Fast JSON for the intake path (orjson), byte-for-byte compatible with the core's JSON.

The content hash is the protocol's idempotency key: it must equal
:func:`frontdesk.document.content_hash` exactly, or a retried revision would
read as a conflict. ``orjson.dumps(..., OPT_SORT_KEYS)`` writes the same bytes
as ``canonical_json`` (UTF-8, no spaces, same escapes) for everything an
``Application.to_dict()`` holds: strings, integers, booleans, null, lists and
objects. Floats are the one known difference (``1e-7`` against ``1e-07``):
the exchange schema admits integers only, so a document that passed
:func:`frontdesk.document.parse` has none; should the schema ever admit
fractional numbers, every document is searched for floats first. Whatever
orjson cannot write (an integer beyond 64 bits) goes through the core's own
function. tests/registry checks that the two hashes agree.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

import orjson

from frontdesk.document import VOLATILE_KEYS, canonical_json, schema

_SORTED = orjson.OPT_SORT_KEYS


def loads(data: bytes | str) -> Any:
    return orjson.loads(data)


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON (a response body)."""
    return orjson.dumps(value)


def document_text(document: dict[str, Any]) -> str:
    """A document as JSON text to store (what ``json.loads`` reads back as ``document``)."""
    return orjson.dumps(document).decode("utf-8")


def content_hash(document: dict[str, Any]) -> str:
    """:func:`frontdesk.document.content_hash` of an exchange-format dict, computed faster."""
    content = {k: v for k, v in document.items() if k not in VOLATILE_KEYS}
    try:
        if _schema_admits_floats() and _has_float(content):
            raise TypeError("floats are written differently")
        data = orjson.dumps(content, option=_SORTED)
    except TypeError:  # a float, or an integer beyond 64 bits: the core's own JSON
        data = canonical_json(content).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


@cache
def _schema_admits_floats() -> bool:
    """Whether the exchange schema lets any JSON number other than an integer through."""

    def admits(node: Any) -> bool:
        if isinstance(node, dict):
            kind = node.get("type")
            kinds = kind if isinstance(kind, list) else [kind]
            return "number" in kinds or any(admits(v) for v in node.values())
        if isinstance(node, list):
            return any(admits(v) for v in node)
        return False

    return admits(schema())
