"""The exchange format's limits on text lengths and list sizes, read from its JSON
Schema (the one definition), and the check that an application keeps within them."""

from __future__ import annotations

from functools import cache
from typing import Any

from frontdesk.model import Application
from frontdesk.problems import Report


@cache
def text_limits() -> tuple[tuple[tuple[str, ...], int], ...]:
    """Every text field of the exchange format with a length limit: (its path, the limit);
    ``*`` stands for each item of a list. Read from the JSON Schema, the one definition."""
    return _schema_limits("maxLength")


@cache
def item_limits() -> tuple[tuple[tuple[str, ...], int], ...]:
    """Every list of the exchange format with a limit on its items (scans, household
    members…): (its path, the limit), as :func:`text_limits`."""
    return _schema_limits("maxItems")


def _schema_limits(keyword: str) -> tuple[tuple[tuple[str, ...], int], ...]:
    from frontdesk.document import schema  # (it imports frontdesk.validation, which imports this)

    document = schema()
    definitions = document.get("$defs", {})
    rules: list[tuple[tuple[str, ...], int]] = []

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
        if "$ref" in node:
            node = definitions[node["$ref"].rsplit("/", 1)[-1]]
        for option in node.get("anyOf", []) + node.get("oneOf", []):
            walk(option, path)
        if keyword in node:
            rules.append((path, int(node[keyword])))
        for key, child in node.get("properties", {}).items():
            walk(child, (*path, key))
        if isinstance(node.get("items"), dict):
            walk(node["items"], (*path, "*"))

    walk(document, ())
    return tuple(rules)


# Where a list's limit is said in its own words: what the worker can do about it.
_TOO_MANY = {"attachments": "attachments.too_many"}


def _values(data: Any, path: tuple[str, ...], where: str) -> list[tuple[str, Any]]:
    """The texts (or lists) at ``path`` in an application (the model's attributes carry
    the exchange format's names), each with its field path (``household[1].surname``)."""
    for number, step in enumerate(path):
        if step == "*":
            rest = path[number + 1 :]
            found: list[tuple[str, Any]] = []
            for i, item in enumerate(data if isinstance(data, list) else ()):
                found += _values(item, rest, f"{where}[{i}]")
            return found
        data = getattr(data, step, None)
        if data is None:
            return []
        where = f"{where}.{step}" if where else step
    return [(where, data)] if isinstance(data, str | list) else []


def check_lengths(app: Application, report: Report) -> None:
    """Text longer than the exchange format allows, on a field that has no other
    problem already, and lists with more items than it allows (101 page photos): the
    registry would refuse the application, once every scan had been sent."""
    reported: set[str] | None = None
    for limits, kind, code in (
        (text_limits, str, "text.too_long"),
        (item_limits, list, "list.too_many"),
    ):
        for path, limit in limits():
            for where, value in _values(app, path, ""):
                if isinstance(value, kind) and len(value) > limit:
                    if reported is None:
                        reported = {p.field for p in report.problems}
                    if where not in reported:
                        report.add(where, _TOO_MANY.get(where, code), max=str(limit))
