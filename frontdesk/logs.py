"""Logging: a rotating file in the platform's log folder (or FRONTDESK_LOG_DIR).

No personal data goes to logs: the code logs ids, numbers and codes only, and
as a second line of defence a filter masks anything shaped like a РНОКПП,
УНЗР, IBAN or passport number before a record is written. A logged traceback
keeps its frames and the exceptions' types, not their messages: those may quote
what was typed (a name), or a file named after a resident.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import traceback
from pathlib import Path

from frontdesk.deferred import loaded_when_used
from frontdesk.paths import log_dir, make_private

# (socket and pickle serve the handlers that send records over a network: ~10 ms of every
# start, which writes to a file)
with loaded_when_used("socket", "pickle"):
    import logging.handlers

LOG_FILE = "frontdesk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
_SENSITIVE = re.compile(
    r"\bUA\d{27}\b"  # IBAN
    r"|\b\d{8}-\d{5}\b"  # УНЗР
    r"|(?<![\w-])\d{10}(?![\w-])"  # РНОКПП
    r"|\b[А-ЯІЇЄҐ]{2}\d{6}\b"  # passport booklet
)


# ``extra=`` for a record written to the log file only: the console shows a worker no
# traceback (a command says in one line what happened, and where the log is).
FILE_ONLY = {"file_only": True}


class NotFileOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "file_only", False)


class RedactIdentifiers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _SENSITIVE.sub("***", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class PrivateFormatter(logging.Formatter):
    """Records as usual; tracebacks without the exceptions' messages (even when another
    handler already formatted and cached the whole traceback on the record)."""

    def format(self, record: logging.LogRecord) -> str:
        cached = record.exc_text
        record.exc_text = private_traceback(record.exc_info[1]) if record.exc_info else None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached


def private_traceback(exc: BaseException | None) -> str:
    """A traceback's frames and exception types (an OS error's number too), oldest cause
    first, as Python prints them but with no exception's message."""
    chain: list[BaseException] = []
    while exc is not None and all(exc is not seen for seen in chain):
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    parts = []
    for error in reversed(chain):
        kind = f"{type(error).__module__}.{type(error).__qualname__}".removeprefix("builtins.")
        if isinstance(error, OSError) and error.errno:
            kind += f" [Errno {error.errno}]"
        frames = "".join(traceback.format_tb(error.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{kind} (message not logged)")
    return "\n\nThen, while handling it:\n".join(parts)


def _keep_private(folder: Path) -> None:
    """The log and its older parts readable by their user only, when made before FrontDesk
    set its umask (``frontdesk.hardening``). Best effort (a FAT USB stick has no modes)."""
    if os.name != "posix":
        return
    for path in folder.glob(LOG_FILE + "*"):
        if path.is_file():
            with contextlib.suppress(OSError):
                make_private(path)


def configure(level: str | None = None) -> Path | None:
    """Send log records to the rotating file (and warnings to stderr); returns the file."""
    root = logging.getLogger()
    root.setLevel(level or os.environ.get("FRONTDESK_LOG_LEVEL", "INFO"))
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(PrivateFormatter("%(levelname)s %(name)s: %(message)s"))
    console.addFilter(RedactIdentifiers())
    console.addFilter(NotFileOnly())
    root.addHandler(console)
    folder = Path(os.environ.get("FRONTDESK_LOG_DIR") or log_dir())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only home must not stop the app; stderr still works
    _keep_private(folder)
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactIdentifiers())
    root.addHandler(handler)
    return folder / LOG_FILE
