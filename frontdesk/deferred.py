"""Importing a library without modules its own import loads that start-up never uses.

Some libraries the core imports at every start import, at their top, modules they use
only in functions the app never (or only later) calls: keyring's jaraco.context imports
urllib.request (with it http.client, ssl and email) for a download; logging.handlers
imports socket and pickle for the handlers that send records over a network. Inside
:func:`loaded_when_used` such a module, when not imported yet, is a stand-in: its first
attribute read imports the real module (as the import statement would have) and answers
from it, and an import after the block gets the real module as usual.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from collections.abc import Iterator
from typing import Any


class _LoadedWhenUsed(types.ModuleType):
    """Stands in for a module not imported yet: the first attribute read imports it."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


@contextlib.contextmanager
def loaded_when_used(*names: str) -> Iterator[None]:
    """While inside, importing one of ``names`` that is not imported yet gives a stand-in
    that imports it when first used; after, importing it loads the real module."""
    placed: dict[str, _LoadedWhenUsed] = {}
    for name in names:
        if name in sys.modules:
            continue
        stand_in = placed[name] = _LoadedWhenUsed(name)
        sys.modules[name] = stand_in
        parent, _, child = name.rpartition(".")
        if parent:  # ("import urllib.request" then reads urllib.request)
            setattr(importlib.import_module(parent), child, stand_in)
    try:
        yield
    finally:
        for name, stand_in in placed.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
