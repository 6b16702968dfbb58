"""Sync is background work: its threads run below the priority of the window's thread.

On a donated laptop with two cores, a sync round (encoding, recording, HTTP) wants the
CPU as much as the window does; at the same priority the scheduler shares it evenly, and
the journal's repaint after each search waited its turn (``bench gui``'s stall figure).
Below normal priority, the sync takes only what the window leaves: it is as fast when
the worker is idle and never slows her typing.

- Linux: a thread has its own nice value; the sync's is the process's plus
  :data:`NICE_STEP` (threads it starts inherit it). Lowering needs no privilege.
- Windows: ``THREAD_PRIORITY_BELOW_NORMAL`` for the thread (threads it starts do not
  inherit it: the sender lowers its own, :mod:`sync.pipeline`).
- Elsewhere (macOS has no per-thread nice): nothing changes.

Best effort: a system that refuses leaves the thread as it was.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading

NICE_STEP = 10  # 0 → 10: about a tenth of the CPU a normal thread gets, when both want it
MAX_NICE = 19
THREAD_PRIORITY_BELOW_NORMAL = -1

_state = threading.local()


def lower_this_thread() -> bool:
    """Run the calling thread below normal priority; True if the system agreed.
    Calling it again changes nothing."""
    lowered = False
    try:
        if sys.platform.startswith("linux"):
            # (PRIO_PROCESS with a thread's id is that thread alone on Linux; the main
            # thread's id is the process's, so its nice is the window's.)
            target = min(MAX_NICE, os.getpriority(os.PRIO_PROCESS, os.getpid()) + NICE_STEP)
            if os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < target:
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), target)
            lowered = True
        elif sys.platform == "win32":
            kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]
            lowered = bool(
                kernel32.SetThreadPriority(
                    kernel32.GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL
                )
            )
    except OSError:
        lowered = False
    _state.lowered = lowered
    return lowered


def lowered() -> bool:
    """Whether the calling thread was lowered by :func:`lower_this_thread`."""
    return bool(getattr(_state, "lowered", False))
