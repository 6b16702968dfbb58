"""What the workstation process does first, before it holds or writes anything personal.

Once a profile is open, the process's memory holds the database key and decrypted
applications (names, РНОКПП, IBAN). A crash must not copy that memory to the disk:

- Linux and other POSIX systems: the core file size limit is lowered to 1 byte, soft and
  hard. A core written to a file needs at least a page, so none is written; and a limit
  of exactly 1 is the one the kernel itself honours when ``core_pattern`` pipes the core
  to a collector (systemd-coredump, apport): with any other, even 0, it starts the
  collector with the core and leaves the limit to it (fs/coredump.c). The hard limit
  keeps anything later in the process from raising it again.
- Linux: the process is marked not dumpable (``PR_SET_DUMPABLE`` 0): no core either, and
  other processes of the same user can no longer read its memory through /proc or attach
  a debugger to it. The process still reads its own /proc/self.
- Windows: Windows Error Reporting is not invoked for a crash (``SEM_NOGPFAULTERRORBOX``),
  so it collects no dump of the process (nor shows its dialog); the error mode is the
  process's own and its children's, nothing is written to the registry.

What it writes is its user's alone: on POSIX systems the process's umask is 077, so the
profile, its database and WAL, the log, and the receipts, backups and exports it writes
are made readable by that user only (the laptop's default, 022, lets every account on it
read them). A profile folder made before is tightened when opened (``frontdesk.profile``).

Each step is best effort: a system that refuses one must not stop the app from starting.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4
CORE_LIMIT = 1  # bytes; see the module's docstring
SEM_NOGPFAULTERRORBOX = 0x0002
PRIVATE_UMASK = 0o077


def harden_process() -> list[str]:
    """Take every step this platform has (see the module's docstring); returns the names of
    those that could not be taken here, for the log (they carry nothing personal)."""
    steps: list[tuple[str, Callable[[], bool]]] = []
    if os.name == "posix":
        steps.append(("private-files", _private_files))
        steps.append(("core-limit", _no_core_files))
    if sys.platform.startswith("linux"):
        steps.append(("not-dumpable", _not_dumpable))
    if sys.platform == "win32":
        steps.append(("no-error-reporting", _no_error_reporting))
    missed = []
    for name, step in steps:
        try:
            done = step()
        except Exception:  # (a platform without the call, a refused one: start all the same)
            done = False
        if not done:
            missed.append(name)
    return missed


def _private_files() -> bool:
    os.umask(PRIVATE_UMASK)
    return True


def _no_core_files() -> bool:
    import resource

    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    # (a hard limit of 0 already stays: a limit can only be lowered)
    lower = hard != resource.RLIM_INFINITY and hard < CORE_LIMIT
    limit = hard if lower else CORE_LIMIT
    resource.setrlimit(resource.RLIMIT_CORE, (limit, limit))
    return resource.getrlimit(resource.RLIMIT_CORE) == (limit, limit)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)  # the C library the interpreter runs on


def _not_dumpable() -> bool:
    prctl = _libc().prctl
    prctl.restype = ctypes.c_int
    zero = ctypes.c_ulong(0)
    prctl(PR_SET_DUMPABLE, zero, zero, zero, zero)
    return int(prctl(PR_GET_DUMPABLE, zero, zero, zero, zero)) == 0


def _no_error_reporting() -> bool:
    if sys.platform != "win32":
        return False
    kernel32 = ctypes.WinDLL("kernel32")
    mode = int(kernel32.GetErrorMode())  # (kept: only this flag is added)
    kernel32.SetErrorMode(mode | SEM_NOGPFAULTERRORBOX)
    return bool(int(kernel32.GetErrorMode()) & SEM_NOGPFAULTERRORBOX)
