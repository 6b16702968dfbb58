"""The registry's fast JSON gives the core's content hash, byte for byte."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench.data import generate
from frontdesk.document import canonical_json, content_hash, parse
from registry import wire
from tests.conftest import example_documents


def _documents() -> list[dict[str, Any]]:
    documents = [parse(data).to_dict() for data in example_documents()]
    documents += [app.to_dict() for app in generate(200, seed=5)]
    return documents


def test_content_hash_equals_the_cores_on_real_documents() -> None:
    for document in _documents():
        assert wire.content_hash(document) == content_hash(document)


@pytest.mark.parametrize(
    "value",
    [
        "Мар'яна Ґонта-Їжак",
        "control \x00\x01\x1f\x7f and \t\n\r\b\f",
        'quotes " and \\ backslash / slash',
        "separators \u2028\u2029, emoji 🇺🇦, combining й",
        "",
        0,
        -(2**63),
        2**63 - 1,
        2**70,  # beyond orjson: the core's JSON is used
        True,
        None,
        [1, "a", {"z": 1, "a": [None]}],
    ],
)
def test_content_hash_equals_the_cores_on_awkward_values(value: object) -> None:
    document = {"id": "x", "b": value, "a": {"nested": value}, "status": "ready"}
    assert wire.content_hash(document) == content_hash(document)


def test_floats_would_fall_back_to_the_cores_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire, "_schema_admits_floats", lambda: True)
    document = {"amount": 1e-7, "ratio": 0.1, "big": 1e22}
    assert wire.content_hash(document) == content_hash(document)


def test_the_exchange_schema_admits_no_floats() -> None:
    """If this fails, the schema admits fractional numbers: the hash walks every document."""
    assert wire._schema_admits_floats() is False


def test_stored_text_reads_back_as_the_document() -> None:
    for document in _documents()[:20]:
        text = wire.document_text(document)
        assert json.loads(text) == document
        assert canonical_json(json.loads(text)) == canonical_json(document)
