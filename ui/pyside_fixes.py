"""Work-arounds for bugs of the PySide6 version in use, each detected before it is applied.

PySide6 6.12.0 on Python 3.11 returns some singletons without a new
reference: every call of a ``void`` method (``setText``, ``setEnabled``,
``processEvents`` …) drops one reference to ``None``, and every
``SignalInstance.emit()`` drops one to ``True``. A GUI makes such calls
thousands of times a minute; when a count reaches zero the interpreter
aborts ("Fatal Python error: none_dealloc" / "bool_dealloc") and the work
of the session is lost. Python 3.12 made these objects immortal; on 3.11
we do the same by giving them a reference count no session can drain.
Nothing is ever freed either way: these objects live as long as the
interpreter.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)
_PINNED = 1 << 40  # references: centuries of calls
_applied = False


class _Probe(QObject):
    ping = Signal()


def leaking_singletons() -> list[object]:
    """Which of None/True this PySide6 drops references to (empty when it is sound)."""
    probe = _Probe()
    leaking: list[object] = []
    before = sys.getrefcount(None)
    for _ in range(10):
        probe.setObjectName("probe")
    if sys.getrefcount(None) < before:
        leaking.append(None)
    before = sys.getrefcount(True)
    for _ in range(10):
        probe.ping.emit()
    if sys.getrefcount(True) < before:
        leaking.append(True)
    return leaking


def keep_singletons_alive() -> bool:
    """Apply the work-around if this PySide6 needs it; returns whether it did."""
    global _applied
    if sys.version_info >= (3, 12) or _applied:
        return False
    leaking = leaking_singletons()
    if not leaking:
        return False
    for value in (None, True, False):  # ob_refcnt is the first field of every object
        ctypes.c_ssize_t.from_address(id(value)).value += _PINNED
    _applied = True
    log.info("PySide6 drops references to %s: None/True/False pinned", leaking)
    return True
