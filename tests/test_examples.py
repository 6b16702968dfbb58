"""The example applications in docs/ stay valid, canonical and varied.

`docs/examples/applications.jsonl` is what a worker or an integrator imports
first, and `docs/format.md` shows one of its lines in full: if either drifts
from the schema, the model or the validation rules, these tests say so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from frontdesk.catalog import ServiceCatalog
from frontdesk.document import parse
from frontdesk.model import FORMAT, Application
from frontdesk.text import APOSTROPHE_VARIANTS, CANONICAL_APOSTROPHE
from frontdesk.validation import Report, Validator

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples" / "applications.jsonl"
FORMAT_PAGE = ROOT / "docs" / "format.md"
SCHEMA = ROOT / "resources" / "schema" / "application.schema.json"
TODAY = dt.date(2026, 11, 22)
LATEST_DATE = "2026-11-01"  # nothing in the examples happens after this day
# The store assigns these on import, so an importable example leaves them out.
ASSIGNED_ON_IMPORT = {"format", "id", "number", "created_at", "updated_at"}
ASSIGNED_ON_IMPORT |= {"workstation", "community"}
NAME_FIELDS = ("surname", "given_name", "patronymic")


def _lines() -> list[str]:
    return EXAMPLES.read_text(encoding="utf-8").splitlines()


LINES = _lines()
DOCUMENTS = [json.loads(line) for line in LINES]
EXAMPLE_PARAMS = [pytest.param(doc, id=f"line{n}") for n, doc in enumerate(DOCUMENTS, 1)]


def _validate(data: dict[str, Any]) -> Report:
    app = parse(data)
    return Validator(ServiceCatalog.bundled(), today=lambda: TODAY).validate(app)


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    out = Application.from_dict(data).to_dict()
    assert out.pop("format") == FORMAT
    return out


def _persons(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield data["applicant"]
    yield from data.get("household", [])


def _dated_values(value: object, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _dated_values(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _dated_values(v, key)
    elif isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        yield key, value


def test_file_is_utf8_json_lines_without_escapes() -> None:
    raw = EXAMPLES.read_bytes()
    assert raw.endswith(b"\n")
    assert b"\r" not in raw
    text = raw.decode("utf-8")
    assert "\\u" not in text  # written with ensure_ascii=False
    assert all(line.strip() for line in LINES)


@pytest.mark.parametrize("data", EXAMPLE_PARAMS)
def test_example_parses_and_validates_without_errors(data: dict[str, Any]) -> None:
    report = _validate(data)
    assert report.errors == []
    assert {w.code for w in report.warnings} <= {"documents.required_missing"}


@pytest.mark.parametrize("data", EXAMPLE_PARAMS)
def test_example_is_canonical(data: dict[str, Any]) -> None:
    assert _canonical(data) == data


@pytest.mark.parametrize("data", EXAMPLE_PARAMS)
def test_example_follows_json_schema(data: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.Draft202012Validator
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("data", EXAMPLE_PARAMS)
def test_example_is_importable_as_is(data: dict[str, Any]) -> None:
    assert not ASSIGNED_ON_IMPORT & data.keys()
    assert data["status"] in ("ready", "draft")
    applicant_rows = [m for m in data["household"] if m["relationship"] == "applicant"]
    assert len(applicant_rows) == 1
    assert 1 <= len(data["household"]) <= 6
    late = [(k, v) for k, v in _dated_values(data) if k != "expiry_date" and v > LATEST_DATE]
    assert late == []


def test_examples_are_varied() -> None:
    assert len(DOCUMENTS) >= 20
    codes = {s["code"] for doc in DOCUMENTS for s in doc["services"]}
    assert len(codes) >= 8
    refused = [doc for doc in DOCUMENTS if doc["applicant"].get("rnokpp_refused")]
    assert len(refused) >= 3
    for doc in refused:
        assert "rnokpp" not in doc["applicant"]
        assert doc["applicant"]["document"]["type"] == "passport_booklet"
    names = {
        person[key]
        for doc in DOCUMENTS
        for person in _persons(doc)
        for key in NAME_FIELDS
        if CANONICAL_APOSTROPHE in person.get(key, "")
    }
    assert len(names) >= 3
    assert {doc["payment"]["method"] for doc in DOCUMENTS} == {"bank", "post"}
    assert sum(doc["status"] == "draft" for doc in DOCUMENTS) == 2
    assert any("actual_address" in doc for doc in DOCUMENTS)


def test_only_the_canonical_apostrophe_is_used() -> None:
    others = set(APOSTROPHE_VARIANTS) - {CANONICAL_APOSTROPHE}
    text = EXAMPLES.read_text(encoding="utf-8")
    assert not others & set(text)
    assert CANONICAL_APOSTROPHE in text


def test_few_examples_lack_required_documents() -> None:
    warned = [n for n, doc in enumerate(DOCUMENTS, 1) if _validate(doc).warnings]
    assert len(warned) <= 3, warned


def test_format_page_example_is_a_valid_export_of_an_example_line() -> None:
    page = FORMAT_PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", page, flags=re.DOTALL)
    assert len(blocks) == 1
    exported = json.loads(blocks[0])
    assert exported["format"] == FORMAT
    assert _validate(exported).errors == []
    assert Application.from_dict(exported).to_dict() == exported
    imported = {k: v for k, v in exported.items() if k not in ASSIGNED_ON_IMPORT}
    assert imported in DOCUMENTS


BAD_DOCUMENTS = [
    {"services": [{"code": "250"}], "applicant": {"birth_date": "2024-02-30"}},
    {"services": [{"code": "250"}], "applicant": {}, "bogus": 1},
    {"services": "250", "applicant": {}},
    {"services": [{"code": "250"}], "applicant": {"sex": "X"}},
    {"services": [{"code": "250"}], "applicant": {}, "consent": {"given_at": "yesterday"}},
    {"services": [{"code": "250"}], "applicant": {}, "attachments": [{"sha256": "abc"}]},
    {"services": [{"code": "250"}]},
    [],
    "text",
]


@pytest.mark.parametrize("bad", BAD_DOCUMENTS)
def test_what_the_reference_validator_refuses_parse_refuses_by_field(bad: object) -> None:
    """The product's compiled check (jsonschema-rs) and the reference jsonschema refuse
    the same documents, at the same fields."""
    from frontdesk.document import DocumentError, _path, parse

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.Draft202012Validator
    reference = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    expected = sorted({_path(e.absolute_path) for e in reference.iter_errors(bad)})
    assert expected
    with pytest.raises(DocumentError) as caught:
        parse(bad)
    assert sorted({p.field for p in caught.value.problems}) == expected
    assert all(p.code == "schema" and dict(p.params)["detail"] for p in caught.value.problems)


def test_parse_accepts_every_example() -> None:
    from frontdesk.document import parse

    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        assert parse(json.loads(line)).applicant.surname


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(revision=0),  # minimum
        lambda d: d.update(format="frontdesk.application/9"),  # const
        lambda d: d.update(attachments=[{"sha256": "a" * 64, "size": -5}]),  # minimum
        lambda d: d.update(services=[{"code": "250"}] * 21),  # maxItems
    ],
)
def test_every_complaint_about_the_structure_is_said_in_ukrainian(change: Any) -> None:
    from frontdesk.document import DocumentError, parse

    document = json.loads(EXAMPLES.read_text(encoding="utf-8").splitlines()[0])
    change(document)
    with pytest.raises(DocumentError) as caught:
        parse(document)
    for problem in caught.value.problems:
        said = problem.message("uk")
        assert not re.search(r"[A-Za-z]{4,}", said.replace("frontdesk.application", "")), said


def test_a_katottg_code_written_with_spaces_is_taken_without_them() -> None:
    from frontdesk.document import parse

    document = json.loads(EXAMPLES.read_text(encoding="utf-8").splitlines()[0])
    code = document["registered_address"]["katottg"]
    document["registered_address"]["katottg"] = " ".join([code[:2], code[2:6], code[6:]])
    assert parse(document).registered_address.katottg == code


def _first_example() -> dict[str, Any]:
    return dict(json.loads(EXAMPLES.read_text(encoding="utf-8").splitlines()[0]))


def test_what_a_spreadsheet_writes_is_taken_as_the_format_page_says() -> None:
    """A conversion writes null for an empty cell and choices in its own case: the format
    page says null is an empty value, choices are lowered and sex is raised."""
    from frontdesk.document import parse

    data = _first_example()
    data["actual_address"] = None
    data["applicant"]["email"] = None
    data["applicant"]["notify_by"] = "SMS"
    data["applicant"]["sex"] = " f"
    data["applicant"]["document"]["type"] = "ID_Card"
    data["household"][1]["relationship"] = "Spouse"
    data["household"][0]["able_to_work"] = None
    app = parse(data)
    assert app.actual_address is None and app.applicant.email == ""
    assert (app.applicant.notify_by, app.applicant.sex) == ("sms", "F")
    assert app.applicant.document is not None and app.applicant.document.type == "id_card"
    assert app.household[1].relationship == "spouse" and app.household[0].able_to_work is None


def test_half_an_emoji_or_year_0000_is_a_problem_of_its_field() -> None:
    """(a lone surrogate crashed the import and lost its whole batch; year 0000 passed the
    schema and was reported as the whole document)"""
    from frontdesk.document import DocumentError, parse

    data = _first_example()
    data["registered_address"]["street"] = "Собор\ud83dна"
    with pytest.raises(DocumentError) as caught:
        parse(data)
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("registered_address.street", "text.invalid")
    ]
    data = _first_example()
    data["applicant"]["\ud83d"] = "x"  # a spreadsheet's column header cut in an emoji
    with pytest.raises(DocumentError) as caught:
        parse(data)
    assert [(p.field, p.code) for p in caught.value.problems] == [("applicant", "text.invalid")]
    data = _first_example()
    data["household"][1]["document"]["issue_date"] = "0000-08-11"
    with pytest.raises(DocumentError) as caught:
        parse(data)
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("household[1].document.issue_date", "date.invalid")
    ]


def test_a_foreign_passports_latin_series_stays_latin() -> None:
    from frontdesk.model import IdentityDocument

    foreign = IdentityDocument.from_dict({"type": "foreign_passport", "series": "FA"})
    assert foreign.series == "FA" and foreign.series.isascii()
    booklet = IdentityDocument.from_dict({"type": "passport_booklet", "series": "MK"})
    assert booklet.series == "МК" and not booklet.series.isascii()  # Cyrillic, as printed
