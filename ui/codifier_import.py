"""Loading the КАТОТТГ codifier CSV off the GUI thread, with progress.

Before a profile exists (first run), the wizard needs the codifier to let the
worker pick the community by name: :class:`ScratchCodifier` keeps it in a
throwaway encrypted database with a random key, deleted when done.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from frontdesk.reference import Places
from frontdesk.store.db import Database, open_database


class ImportProgress(QObject):
    """Carries ``Places.import_csv`` progress from a worker thread to the GUI (queued)."""

    progressed = Signal(int, int)  # done, total

    def __call__(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)


class ScratchCodifier:
    """A codifier with no profile behind it; the caller must :meth:`close` it."""

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="frontdesk-codifier-"))
        self._db: Database = open_database(self._folder / "codifier.db", secrets.token_hex(32))
        self.places = Places(self._db)

    def copy_into(self, places: Places) -> int:
        """Put this codifier into a new profile's (``places``), in place of what it holds;
        returns how many objects. The file it was read from may be gone by now (a USB
        stick taken out), and reading it again would only repeat the import."""
        return places.replace_with(self.places)

    def close(self) -> None:
        self._db.close()
        shutil.rmtree(self._folder, ignore_errors=True)
