"""Scans carried beside an export: ``export --scans DIR`` writes each exported
application's scans into DIR, one file each named by its SHA-256 (the documents already
say each scan's file name, media type and SHA-256), and ``import --scans DIR`` stores the
ones its documents name. A scan travels only as the bytes that hash to its name."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from frontdesk import partials
from frontdesk.cli.common import Failed
from frontdesk.command_language import APPLICATIONS, counted, say
from frontdesk.model import Application
from frontdesk.store.applications import ApplicationStore

SCANS = (("скан", "скани", "сканів"), ("scan", "scans"))
_SHA256 = re.compile(r"[0-9a-f]{64}")


def scans_named(app: Application) -> list[str]:
    """The SHA-256s of ``app``'s scans, each once, in the order the document lists them."""
    return list(dict.fromkeys(attachment.sha256.lower() for attachment in app.attachments))


def check_scans_folder(folder: Path, *, made: bool) -> None:
    """``--scans DIR``: refused before the sign-in if it is a file, or (``made``: for an
    export, which makes it) if the folder it would be made in is not there; for an import
    it must be there."""
    if folder.exists() and not folder.is_dir():
        raise Failed(say(f"{folder}: це файл, а не тека", f"{folder}: a file, not a folder"))
    if not made and not folder.is_dir():
        raise Failed(say(f"{folder}: теки немає", f"{folder}: there is no such folder"))
    if made and not folder.parent.is_dir():
        raise Failed(
            say(
                f"{folder}: теки {folder.parent} немає",
                f"{folder}: there is no folder {folder.parent}",
            )
        )


@dataclass
class ScanExport:
    """What an export does with its applications' scans: writes them into ``folder``
    (when given) and counts them, for what the command says at the end."""

    store: ApplicationStore
    folder: Path | None
    carried: set[str] = field(default_factory=set)  # scans held here (written, with a folder)
    holders: int = 0  # applications with a scan held here
    absent: set[str] = field(default_factory=set)  # named, but not on this computer
    written: list[Path] = field(default_factory=list)  # files this export made

    def take(self, app: Application) -> None:
        held = False
        for sha256 in scans_named(app):
            if not self.store.has_blob(sha256):
                self.absent.add(sha256)
                continue
            held = True
            if sha256 not in self.carried and self.folder is not None:
                self._write(sha256)
            self.carried.add(sha256)
        self.holders += held

    def _write(self, sha256: str) -> None:
        """The scan's bytes into ``folder/<sha256>``, readable by its owner only (0600),
        whole or not at all; a folder made for it is its owner's only (0700). A file
        already there with these very bytes is kept as it is."""
        assert self.folder is not None
        if not self.folder.is_dir():
            self.folder.mkdir(mode=0o700)
        target = self.folder / sha256
        with contextlib.suppress(OSError):
            if hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
                return
        data = self.store.get_blob(sha256)
        if not self.written:  # (once an export: scans cut off by an export before)
            partials.remove_abandoned(self.folder, f".{'[0-9a-f]' * 64}.*.part")
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{sha256}.", suffix=".part")
        partials.hold(handle)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self.written.append(target)

    def remove_written(self) -> None:
        """An export cut short leaves no scans of its own behind (its file is removed too)."""
        for path in self.written:
            with contextlib.suppress(OSError):
                path.unlink()

    def report(self) -> list[str]:
        """What to say on standard error about the scans, one message a line."""
        lines: list[str] = []
        if self.carried and self.folder is None:
            scans = counted(len(self.carried), *SCANS)
            holders = counted(self.holders, *APPLICATIONS)
            lines.append(
                say(
                    f"УВАГА: скани НЕ перенесено: {scans} ({holders} зі сканами). У файлі "
                    "лише їхні назви й SHA-256: на іншому комп'ютері ці заяви не вдасться "
                    "надіслати, доки скани не додадуть знову. Щоб перенести скани, "
                    "експортуйте з --scans ТЕКА й імпортуйте там з тим самим --scans ТЕКА.",
                    f"WARNING: scans NOT carried: {scans} ({holders} with scans). The file "
                    "holds only their names and SHA-256: on another computer these "
                    "applications cannot be sent until the scans are attached again. To carry "
                    "the scans, export with --scans DIR and import there with the same "
                    "--scans DIR.",
                )
            )
        if self.absent:
            absent = counted(len(self.absent), *SCANS)
            lines.append(
                say(
                    f"Немає на цьому комп'ютері, тож не перенесено: {absent} (їх треба "
                    "додати знову в програмі, якщо заява ще не надіслана).",
                    f"Not on this computer, so not carried: {absent} (attach them again in "
                    "the app if the application is not sent yet).",
                )
            )
        return lines


class ScanImport:
    """``import --scans DIR``: the scans found in DIR that imported documents name, stored
    once their bytes are checked to hash to their name."""

    def __init__(self, store: ApplicationStore, folder: Path | None) -> None:
        self._store = store
        self._folder = folder
        self._mismatched: set[str] = set()

    def store_named(self, app: Application) -> list[str]:
        """Store ``app``'s scans not yet here that the folder holds; returns what to say
        of the files whose bytes do not hash to their name (none of them is stored)."""
        if self._folder is None:
            return []
        problems = []
        for attachment in app.attachments:
            sha256 = attachment.sha256.lower()
            if not _SHA256.fullmatch(sha256) or self._store.has_blob(sha256):
                continue
            path = self._folder / sha256
            if sha256 not in self._mismatched:
                try:
                    data = path.read_bytes()
                except OSError:
                    continue  # (not in the folder: said below as missing)
                if hashlib.sha256(data).hexdigest() == sha256:
                    self._store.put_blob(data)
                    continue
                self._mismatched.add(sha256)
            name = attachment.filename or sha256
            problems.append(
                say(
                    f"скан «{name}»: вміст файлу {path} не відповідає його назві (SHA-256) — "
                    "файл пошкоджено чи змінено; його не збережено",
                    f"scan “{name}”: the content of {path} does not match its name (SHA-256) "
                    "— the file is damaged or changed; it was not stored",
                )
            )
        return problems

    def missing(self, app: Application) -> list[str]:
        """The file names of ``app``'s scans that are not on this computer."""
        return [
            attachment.filename or attachment.sha256
            for attachment in app.attachments
            if not self._store.has_blob(attachment.sha256)
        ]
