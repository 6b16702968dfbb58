"""Bundled resources: the service catalogue, the document schema, translations, icons.

Found through importlib.resources so the same code runs from a source tree,
an installed wheel and a frozen PyInstaller bundle.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    path = files(__name__)
    for part in parts:
        path = path / part
    return path
