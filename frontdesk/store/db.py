"""Opening the encrypted database and speaking to it safely.

The database is SQLCipher (AES-256) through the ``sqlcipher3`` driver, used
via sqlite-utils for queries and inspection. sqlite-utils prefers
``pysqlite3`` when it can import it, so we register ``sqlcipher3`` under that
name before importing sqlite-utils (lazily: it costs ~50 ms of start-up);
``tests/test_store_db.py`` guards that this still holds.

Transactions are explicit (``BEGIN IMMEDIATE`` … ``COMMIT``) on a connection
in autocommit mode. sqlite-utils' write helpers commit on their own, so
writes that must be atomic use plain SQL inside :meth:`Database.transaction`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3
from sqlcipher3 import dbapi2 as cipher

from frontdesk._version import __version__
from frontdesk.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseMissing,
    DiskFull,
    FrontDeskError,
    HelperFileReadOnly,
    NewerVersion,
    StorageReadOnly,
    StorageUnavailable,
    WrongKey,
)
from frontdesk.store.migrations import MIGRATIONS
from frontdesk.text import search_key, sort_key

if TYPE_CHECKING:
    import sqlite_utils

DB_ERRORS: tuple[type[Exception], ...] = (cipher.Error,)
_KEY_RE = re.compile(r"^[0-9a-f]{64}$")
BUSY_TIMEOUT_MS = 5000


def translate(exc: Exception, path: Path | None = None) -> FrontDeskError:
    """Turn a driver exception into one of our known errors, by SQLite's message."""
    message = str(exc).lower()
    if "disk is full" in message or "database or disk is full" in message:
        return DiskFull(str(exc))
    if "locked" in message or "busy" in message:
        return DatabaseLocked(str(exc))
    if "file is not a database" in message:
        return WrongKey(str(exc))
    # (the search index's own tables unreadable: "vtable constructor failed")
    if "malformed" in message or "corrupt" in message or "vtable constructor" in message:
        return DatabaseCorrupt(str(exc))
    if "unable to open" in message or "readonly" in message or "i/o error" in message:
        return _storage_problem(exc, path)
    raise exc


LOW_SPACE_BYTES = 1024 * 1024  # less than this free: a write failed for want of room


def _storage_problem(exc: Exception, path: Path | None) -> FrontDeskError:
    """Why the database file cannot be opened or written, as far as can be seen: a full
    disk (SQLite may say only "disk I/O error"), a read-only folder, a shared-memory file
    left read-only by an earlier read-only run; else plain "no access"."""
    if path is not None:
        folder = path.parent
        with contextlib.suppress(OSError):
            if shutil.disk_usage(folder).free < LOW_SPACE_BYTES:
                return DiskFull(str(exc))
        if folder.is_dir() and not os.access(folder, os.W_OK):
            return StorageReadOnly(str(exc), path=str(folder))
        for suffix in ("-wal", "-shm"):
            helper = path.with_name(path.name + suffix)
            if helper.exists() and not os.access(helper, os.W_OK):
                return HelperFileReadOnly(str(exc), path=str(helper))
        if "readonly" in str(exc).lower() and os.access(path, os.W_OK):
            # SQLCipher makes a connection read-only once a page failed its check (a
            # damaged disk): the file itself may be written.
            return DatabaseCorrupt(str(exc))
    return StorageUnavailable(str(exc), path=str(path or ""))


class Database:
    """One open profile database: a sqlite-utils handle plus explicit transactions."""

    def __init__(self, conn: Any, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._utils: sqlite_utils.Database | None = None
        self._identity = _file_identity(path)

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection, imported on first use (start-up stays light)."""
        if self._utils is None:
            # sqlite-utils prefers pysqlite3 when it can import it: make that SQLCipher.
            sys.modules.setdefault("pysqlite3", sqlcipher3)
            sys.modules.setdefault("pysqlite3.dbapi2", cipher)
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn)
        return self._utils

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Translate driver errors raised inside the block into known errors."""
        try:
            yield
        except DB_ERRORS as exc:
            raise translate(exc, self.path) from exc

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; anything raised rolls everything back.

        Raises :class:`DatabaseMissing` when the file was moved or deleted while open (an
        antivirus quarantine, a sync client): SQLite would go on writing to the open file
        and its WAL, where no later start finds them, and report success.
        """
        self._check_in_place()
        with self.errors():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                # SQLite may already have rolled back by itself (e.g. on SQLITE_FULL).
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def _check_in_place(self) -> None:
        here = _file_identity(self.path)
        if self._identity is None:
            self._identity = here  # (a new database's file appears with its first write)
        elif here != self._identity:
            raise DatabaseMissing(path=str(self.path))

    def execute(self, sql: str, params: Any = ()) -> Any:
        with self.errors():
            return _Rows(self.conn.execute(sql, params), self)

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        with self.errors():
            return list(self.utils.query(sql, params))

    def scalar(self, sql: str, params: Any = ()) -> Any:
        with self.errors():
            row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    @property
    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def close(self) -> None:
        with self.errors():
            self.conn.close()


class _Rows:
    """A cursor whose rows raise known errors too: SQLite reads a query's later rows as
    they are fetched, so a damaged page met at the fortieth row was an "unexpected error in
    the program; nothing is lost" (the journal, ``list``, ``export``), not "damaged"."""

    __slots__ = ("_cursor", "_db")

    def __init__(self, cursor: Any, db: Database) -> None:
        self._cursor = cursor
        self._db = db

    def fetchone(self) -> Any:
        with self._db.errors():
            return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        with self._db.errors():
            return list(self._cursor.fetchall())

    def fetchmany(self, size: int = 1) -> list[Any]:
        with self._db.errors():
            return list(self._cursor.fetchmany(size))

    def __iter__(self) -> Iterator[Any]:
        while rows := self.fetchmany(256):
            yield from rows

    def __getattr__(self, name: str) -> Any:  # lastrowid, rowcount, description
        return getattr(self._cursor, name)


def _file_identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode; the file index on Windows)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def open_database(
    path: Path,
    key_hex: str,
    *,
    migrate: bool = True,
    on_upgrade: Callable[[], None] | None = None,
) -> Database:
    """Open (or create) the encrypted database at ``path`` with a raw 256-bit key.

    ``on_upgrade`` is called before migrations run on an existing database (the first
    start after an update: a few seconds with many applications), so a window can say so.
    Raises :class:`WrongKey` when the key does not open the file.
    """
    if not _KEY_RE.match(key_hex):
        raise WrongKey("malformed key")
    db = connect(path, raw_key_pragma(key_hex))
    conn = db.conn
    try:
        with db.errors():
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA secure_delete = ON")
        if migrate:
            apply_migrations(db, on_upgrade)
    except BaseException:
        conn.close()
        raise
    return db


def raw_key_pragma(key_hex: str) -> str:
    """The key as SQLCipher takes a raw 256-bit key: no key derivation, ~0.2 ms per open."""
    return f"x'{key_hex}'"


def connect(path: Path, key: str) -> Database:
    """Connect and prove the key with a first read; ``key`` is a passphrase or raw_key_pragma().

    A passphrase goes through SQLCipher's PBKDF2 (slow on purpose: backups).
    """
    try:
        conn = cipher.connect(str(path), isolation_level=None, check_same_thread=False)
    except DB_ERRORS as exc:
        raise translate(exc, path) from exc
    db = Database(conn, path)
    try:
        with db.errors():
            conn.execute("PRAGMA key = " + sql_string(key))
            conn.execute("PRAGMA cipher_log_level = NONE")
            # Authenticated pages with HMAC-SHA256: as safe here as the SHA-512
            # default and a quarter cheaper per page written (bench/core.py).
            conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # The first read proves the key (SQLCipher checks it lazily).
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return db


def sql_string(value: str) -> str:
    """A quoted SQL string literal (PRAGMA takes no bound parameters)."""
    return '"' + value.replace('"', '""') + '"'


def apply_migrations(db: Database, on_upgrade: Callable[[], None] | None = None) -> None:
    """Apply the numbered migrations the database lacks, each in its own transaction.

    Another program may be opening the same profile (the app and a scheduled backup after
    an upgrade): each migration is checked again inside its write transaction, and one
    that the other program applied meanwhile is not applied twice.
    """
    current = db.schema_version
    check_not_newer(db)
    if on_upgrade is not None and 0 < current < len(MIGRATIONS):
        on_upgrade()
    # What migrations may call: the search key of a text, as the store makes it.
    db.conn.create_function("fd_search_key", 1, search_key, deterministic=True)
    db.conn.create_function("fd_sort_key", 1, sort_key, deterministic=True)
    for number, script in enumerate(MIGRATIONS, start=1):
        if number <= current:
            continue
        with db.transaction() as conn:
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= number:
                continue
            if callable(script):
                script(conn)
            else:
                for statement in _statements(script):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            # Which version made the schema what it is: an older one started on it after
            # this names the version to install (check_not_newer).
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (SCHEMA_BY_KEY, __version__),
            )


SCHEMA_BY_KEY = "schema_by"


def check_not_newer(db: Database) -> None:
    """Raise :class:`NewerVersion` when a newer FrontDesk brought the database past the
    last migration this one knows (an update, then the old bundle or a restored older
    installation started again): it would read and write a schema it does not know, and
    what it wrote there could be lost or break the newer version's next start."""
    found = db.schema_version
    if found <= len(MIGRATIONS):
        return
    needed = ""
    with contextlib.suppress(FrontDeskError, *DB_ERRORS):
        needed = str(db.scalar("SELECT value FROM meta WHERE key = ?", (SCHEMA_BY_KEY,)) or "")
    raise NewerVersion(
        f"schema {found}, this version knows {len(MIGRATIONS)}",
        found=str(found),
        known=str(len(MIGRATIONS)),
        version=__version__,
        needed=needed,
    )


def _statements(script: str) -> list[str]:
    """Split a migration into statements (they contain no semicolons in literals)."""
    return [s.strip() for s in script.split(";\n") if s.strip()]
