"""The exchange format: JSON documents checked against the bundled JSON Schema.

Import, export, sync and the registry all go through :func:`parse`, so a
document means the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cache
from typing import Any

from frontdesk.model import Application
from frontdesk.validation import Problem, Severity
from resources import resource


class DocumentError(ValueError):
    """A document that does not follow the exchange format, with per-field problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message('en')}" for p in problems))
        self.problems = problems


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        resource("schema", "application.schema.json").read_text(encoding="utf-8")
    )
    return loaded


@cache
def _validator() -> Any:
    """The exchange schema compiled by jsonschema-rs (Rust): a valid document is checked
    in a few microseconds, a quarter of what the Python-generated check took, which
    counts at the registry's intake (bench/sync.py). Formats (date, date-time) are
    checked too, as the schema asks."""
    import jsonschema_rs  # imported on first use: the GUI starts without it

    return jsonschema_rs.validator_for(schema(), validate_formats=True)


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def parse(data: object) -> Application:
    """Check ``data`` against the schema and build an :class:`Application`.

    Raises :class:`DocumentError` listing every structural problem by field.
    """
    data, problems = _tidy(data)
    if problems:
        raise DocumentError(problems)
    validator = _validator()
    if not validator.is_valid(data):
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.instance_path))
        raise DocumentError([_schema_problem(e) for e in errors])
    return _build(data)


_LOWER_KEYS = frozenset({"relationship", "notify_by"})  # and a document's "type"
_COMPACT_KEYS = frozenset({"sex", "disability_group"})


def _tidy(data: Any, path: str = "", parent: str = "") -> tuple[Any, list[Problem]]:
    """What a spreadsheet conversion writes, made what the schema asks before it is checked
    (docs/format.md): a ``null`` is an empty value and is left out; choices written in
    another case ("Spouse", "SMS", " f") are lowered or raised as the format says. Text that
    is no Unicode at all (half an emoji, as a cut in JavaScript leaves it) is a problem of
    its field, not a crash of the import."""
    problems: list[Problem] = []
    if isinstance(data, dict):
        tidy: dict[str, Any] = {}
        for key, value in data.items():
            if value is None:
                continue
            where = f"{path}.{key}" if path else str(key)
            if not _is_text(str(key)):  # (a key is text too: the schema check would crash)
                problems.append(Problem(path or "document", "text.invalid"))
                continue
            if isinstance(value, str):
                if key in _LOWER_KEYS or (key == "type" and parent == "document"):
                    value = value.strip().lower()
                elif key in _COMPACT_KEYS:
                    value = "".join(value.split()).upper()
            value, inner = _tidy(value, where, str(key))
            problems += inner
            tidy[key] = value
        return tidy, problems
    if isinstance(data, list):
        items = []
        for index, item in enumerate(data):
            item, inner = _tidy(item, f"{path}[{index}]", parent)
            problems += inner
            items.append(item)
        return items, problems
    if isinstance(data, str) and not _is_text(data):
        problems.append(Problem(path or "document", "text.invalid"))
    return data, problems


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _impossible_dates(data: Any, path: str = "") -> list[Problem]:
    """The fields holding a date that is none though the schema let it by (year 0000)."""
    found: list[Problem] = []
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        where = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)
        if isinstance(value, str) and str(key).endswith("_date"):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                found.append(Problem(where, "date.invalid"))
        else:
            found += _impossible_dates(value, where)
    return found


_TYPES_UK = {
    "string": "текст",
    "integer": "ціле число",
    "number": "число",
    "boolean": "так або ні (true/false)",
    "array": "список",
    "object": "об'єкт",
    "null": "порожнє значення (null)",
}
_LIMITS_UK = {
    "minimum": "замало: щонайменше {limit}",
    "maximum": "забагато: щонайбільше {limit}",
    "exclusiveMinimum": "замало: має бути більше за {limit}",
    "exclusiveMaximum": "забагато: має бути менше за {limit}",
    "minLength": "закоротко: щонайменше {limit} символів",
    "minItems": "замало елементів: щонайменше {limit}",
    "maxItems": "забагато елементів: щонайбільше {limit}",
}
_FORMATS_UK = {"date": "дата РРРР-ММ-ДД", "date-time": "дата й час РРРР-ММ-ДДTгг:хх:ссZ"}


def _schema_problem(error: Any) -> Problem:
    """A schema error as a problem of its field, said in Ukrainian too (the library speaks
    English only): the worker reads it beside the line it rejects."""
    kind = error.kind
    name = getattr(kind, "name", "")
    path = _path(error.instance_path)
    if name == "required":
        detail_uk = f"бракує обов'язкового поля «{kind.property}»"
    elif name == "enum":
        options = ", ".join(str(option) for option in kind.options if option not in ("", None))
        detail_uk = f"недопустиме значення; можна: {options}"
    elif name == "type":
        wanted = " або ".join(_TYPES_UK.get(str(t), str(t)) for t in kind.types)
        detail_uk = f"неправильний тип значення: потрібно {wanted}"
    elif name == "maxLength":
        detail_uk = f"задовго: не більше {kind.limit} символів"
    elif name == "additionalProperties":
        detail_uk = "зайві поля: " + ", ".join(str(u) for u in kind.unexpected)
    elif name == "format":
        detail_uk = "неправильний формат: потрібно " + _FORMATS_UK.get(kind.format, kind.format)
    elif name == "pattern":
        detail_uk = "не відповідає формату цього поля"
    elif name in _LIMITS_UK:
        detail_uk = _LIMITS_UK[name].format(limit=kind.limit)
    elif name == "const":
        detail_uk = f"недопустиме значення; потрібно {json.dumps(kind.expected_value)}"
    else:  # (the library's English is kept in the English text)
        detail_uk = "не відповідає опису формату заяви (docs/format.md)"
    return Problem(
        path, "schema", params=(("detail", error.message[:200]), ("detail_uk", detail_uk))
    )


def _build(data: Any) -> Application:
    assert isinstance(data, dict)
    try:
        return Application.from_dict(data)
    except ValueError as exc:  # a date with no day in the calendar (year 0000)
        raise DocumentError(
            _impossible_dates(data) or [Problem("document", "date.invalid")]
        ) from exc


def parse_json(line: str) -> Application:
    if line.startswith("\ufeff"):  # (two files with byte-order marks joined: one inside)
        line = line[1:]
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        detail_uk = f"рядок не є правильним JSON (символ {exc.pos + 1})"
        raise _unreadable(str(exc), detail_uk) from exc
    except RecursionError as exc:  # brackets nested thousands deep: no document is
        raise _unreadable("nested too deeply", "занадто глибока вкладеність дужок") from exc
    except ValueError as exc:  # (an integer of thousands of digits: Python reads none)
        raise _unreadable("a number too long", "число надто довге") from exc
    return parse(data)


def _unreadable(detail: str, detail_uk: str) -> DocumentError:
    return DocumentError(
        [
            Problem(
                "document", "schema", Severity.ERROR, (("detail", detail), ("detail_uk", detail_uk))
            )
        ]
    )


def dumps(app: Application) -> str:
    """One document as a single JSON line (UTF-8 text, stable key order)."""
    return json.dumps(app.to_dict(), ensure_ascii=False, separators=(",", ":"))


# Keys that may change after a revision has left the workstation (the registry
# and the back office set them), so they are not part of its identity.
VOLATILE_KEYS = frozenset({"status", "status_reason", "updated_at"})


def canonical_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_json(data: dict[str, Any]) -> str:
    """A revision's content (an exchange-format dict without its volatile keys), canonical."""
    return canonical_json({k: v for k, v in data.items() if k not in VOLATILE_KEYS})


def content_hash(app: Application | dict[str, Any]) -> str:
    """SHA-256 of a revision's content: the idempotency check of sync (client and registry).

    Takes an application or its exchange-format dict (``app.to_dict()``).
    """
    data = app if isinstance(app, dict) else app.to_dict()
    return hash_text(content_json(data))


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
