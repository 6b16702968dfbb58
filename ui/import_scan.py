"""PySide6's look at each imported module, made cheap (a start-up cost of ~15 ms).

Once PySide6 is loaded, it asks of every module imported (and of each loaded before it)
whether the module uses PySide, so its ``__feature__`` switches (``snake_case``,
``true_property``) stay within the modules that ask for them. It answers by reading the
module's source with ``inspect.getsource``, which tokenizes the whole file to find where
the module ends: ~0.2 ms a module, for the ~85 modules the app loads on its way to the
journal. The answer is whether the text ``PySide6`` is in the file: the same answer,
found by searching the file's bytes. Anything else (a module without a ``.py`` file, a
PySide6 that works otherwise) goes to PySide6's own check, unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

FEATURE_MODULE = "shibokensupport.feature"
CHECK = "_mod_uses_pyside"


def quicker_scan() -> bool:
    """Put the byte search in place of PySide6's check; returns whether it did (once)."""
    try:
        import shiboken6  # noqa: F401  (sets up its support modules, the check among them)
    except ImportError:
        return False
    feature = sys.modules.get(FEATURE_MODULE)
    original: Callable[[ModuleType], bool] | None = getattr(feature, CHECK, None)
    if original is None or getattr(original, "quicker", False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return original(module)

    check: Any = uses_pyside
    check.quicker = True
    check.original = original
    setattr(feature, CHECK, check)
    return True
