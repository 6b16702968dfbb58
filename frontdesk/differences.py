"""What differs between two versions of an application's document, field by field.

Used where a person compares two versions: the back office, what a correction changed
(registry ``show``); the worker, what this laptop entered in a revision the registry held
with other content (the card, :mod:`frontdesk.store.set_aside`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Difference:
    path: str  # "applicant.phone", "household[1].rnokpp"
    old: Any  # None: not there
    new: Any


def differences(
    old: dict[str, Any], new: dict[str, Any], ignore: Collection[str] = ()
) -> list[Difference]:
    """Each value that differs between two documents, by its path, in document order;
    ``ignore``: top-level fields that are not content (a status, who saved it)."""
    before, after = (
        _leaves({k: v for k, v in document.items() if k not in ignore}, "", {})
        for document in (old, new)
    )
    paths = sorted(before.keys() | after.keys(), key=_path_order)
    return [
        Difference(path, before.get(path), after.get(path))
        for path in paths
        if before.get(path) != after.get(path)
    ]


def _leaves(value: Any, path: str, into: dict[str, Any]) -> dict[str, Any]:
    """Every value of a document by its path ("applicant.surname", "household[0].rnokpp")."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _leaves(item, f"{path}.{key}" if path else str(key), into)
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            _leaves(item, f"{path}[{index}]", into)
    else:
        into[path] = value
    return into


def _path_order(path: str) -> list[Any]:
    """Paths in document order of their parts, list items by number ("[10]" after "[9]")."""
    return [
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"[.\[\]]+", path)
        if part
    ]
