"""Logging: a rotating file in the platform's log folder (or FRONTDESK_LOG_DIR).

No personal data goes to logs: the code logs ids, numbers and codes only, and
as a second line of defence a filter masks anything shaped like a РНОКПП,
УНЗР, IBAN or passport number before a record is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from frontdesk.paths import log_dir

LOG_FILE = "frontdesk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
_SENSITIVE = re.compile(
    r"\bUA\d{27}\b"  # IBAN
    r"|\b\d{8}-\d{5}\b"  # УНЗР
    r"|(?<![\w-])\d{10}(?![\w-])"  # РНОКПП
    r"|\b[А-ЯІЇЄҐ]{2}\d{6}\b"  # passport booklet
)


class RedactIdentifiers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _SENSITIVE.sub("***", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def configure(level: str | None = None) -> Path | None:
    """Send log records to the rotating file (and warnings to stderr); returns the file."""
    root = logging.getLogger()
    root.setLevel(level or os.environ.get("FRONTDESK_LOG_LEVEL", "INFO"))
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    console.addFilter(RedactIdentifiers())
    root.addHandler(console)
    folder = Path(os.environ.get("FRONTDESK_LOG_DIR") or log_dir())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only home must not stop the app; stderr still works
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactIdentifiers())
    root.addHandler(handler)
    return folder / LOG_FILE
