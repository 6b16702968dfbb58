"""A backup's copy made ready: compacted (the space of what was removed left out) and
keyed with the passphrase, on the copy's own disk (:mod:`frontdesk.backup`)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from frontdesk.errors import CannotWrite, no_space
from frontdesk.store.db import DB_ERRORS, Database, connect, sql_string


def rekey(copy: Database, passphrase: str, folder: Path) -> None:
    """Key the copy with the passphrase. SQLCipher rewrites every page through a journal
    as large as the copy, and when that fails says only "An error occurred with PRAGMA key
    or rekey": on a stick without room for the journal, that was told as a failing disk
    ("was it unplugged?"). It is told as no space when there is less than the copy's size
    left."""
    try:
        copy.conn.execute("PRAGMA rekey = " + sql_string(passphrase))
    except DB_ERRORS as exc:
        if shutil.disk_usage(folder).free < copy.path.stat().st_size:
            raise CannotWrite(no_space(), folder) from exc
        raise


def discard_partial(path: Path) -> None:
    """A copy being written that failed (or a restore's, cut short), and the journal a
    failed rekey or export leaves beside it (as large as the copy: a stick would fill up
    with them)."""
    for part in (path, path.with_name(path.name + "-journal")):
        part.unlink(missing_ok=True)


FREE_SHARE_TO_COMPACT = 0.25
COMPACT_IN_MEMORY_AT_MOST = 256 * 1024 * 1024  # bytes in use: VACUUM builds the copy in memory


def compacted(copy: Database, key: str) -> Database:
    """The copy without the space removed scans and stripped cases left (free pages, zeroed
    but copied): a backup stick would otherwise keep the size of every scan ever taken.
    Only when a quarter of the copy is free. A small copy is compacted in memory (VACUUM:
    SQLCipher's temporary files would not be encrypted, so never on disk); a larger one is
    exported into a new encrypted file beside it (:func:`_exported`). Returns the copy,
    opened again if it was exported."""
    pages = int(copy.scalar("PRAGMA page_count"))
    free = int(copy.scalar("PRAGMA freelist_count"))
    if free <= FREE_SHARE_TO_COMPACT * pages:
        return copy
    if (pages - free) * int(copy.scalar("PRAGMA page_size")) <= COMPACT_IN_MEMORY_AT_MOST:
        copy.conn.execute("VACUUM")
        return copy
    return _exported(copy, key)


def _exported(copy: Database, key: str) -> Database:
    """The copy's pages in use exported (``sqlcipher_export``: page by page, encrypted, on
    disk: memory does not grow with the profile) into a new file beside it, which takes
    its place; returns it opened."""
    fd, name = tempfile.mkstemp(prefix=".backup-", suffix=copy.path.suffix, dir=copy.path.parent)
    os.close(fd)
    compact = Path(name)
    conn = copy.conn
    try:
        version = copy.schema_version
        conn.execute("ATTACH DATABASE ? AS compact KEY ?", (name, key))
        try:
            conn.execute("PRAGMA compact.cipher_hmac_algorithm = HMAC_SHA256")  # (as connect())
            conn.execute("SELECT sqlcipher_export('compact')").fetchone()
            conn.execute(f"PRAGMA compact.user_version = {version}")
        finally:
            conn.execute("DETACH DATABASE compact")
    except BaseException:
        discard_partial(compact)
        raise
    copy.close()
    os.replace(compact, copy.path)
    return connect(copy.path, key)
