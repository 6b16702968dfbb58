"""A workstation profile: one folder, one encrypted database, its key in the keyring.

The folder holds ``profile.json`` (the profile's id and format, and the name of
the keyring backend that holds its key — nothing personal, nothing secret) and
``frontdesk.db`` (SQLCipher). The key never touches the disk.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontdesk import partials
from frontdesk.catalog import ServiceCatalog
from frontdesk.errors import (
    CannotRead,
    DatabaseCorrupt,
    DatabaseMissing,
    FrontDeskError,
    InvalidInput,
    ProfileExists,
    ProfileFileDamaged,
    ProfileFileMissing,
    ProfileMissing,
    RestoreInterrupted,
)
from frontdesk.identifiers import check_katottg_format, check_workstation_code, compact_code
from frontdesk.operators import Operators
from frontdesk.paths import make_private
from frontdesk.reference import Places
from frontdesk.restore_staging import remove_restore_staging, restore_staging
from frontdesk.secrets import DATABASE_KEY, SecretStore
from frontdesk.store.applications import ApplicationStore, Clock, utc_now
from frontdesk.store.db import Database, open_database
from frontdesk.store.decision_time import KnownDay
from frontdesk.store.from_registry import RegistryWrites
from frontdesk.store.outbox import REGISTRY_KEY, Outbox
from frontdesk.validation import Validator

PROFILE_FILE = "profile.json"
# While a profile is being made: ``init`` cut short leaves CREATING beside a database that
# nothing can open (no profile file names its key), moved aside at the next attempt; a
# restore writes the profile file as PENDING, puts the database in place, then renames
# PENDING to PROFILE_FILE, and a restore cut short between the two is finished on the
# next look at the folder.
CREATING_MARK = ".creating"
PENDING_PROFILE_FILE = PROFILE_FILE + ".pending"
DATABASE_FILE = "frontdesk.db"
PROFILE_FORMAT = 1
log = logging.getLogger(__name__)


@dataclass
class Profile:
    root: Path
    profile_id: str
    db: Database
    secrets: SecretStore
    applications: ApplicationStore
    from_registry: RegistryWrites
    places: Places
    catalog: ServiceCatalog
    outbox: Outbox
    operators: Operators
    received_catalog: str | None = None  # the registry's catalogue as kept, when one came

    @property
    def workstation(self) -> str:
        return self.setting("workstation") or ""

    @property
    def community(self) -> str:
        return self.setting("community") or ""

    def setting(self, key: str) -> str | None:
        value = self.db.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return str(value) if value is not None else None

    def set_setting(self, key: str, value: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def catalog_received(self) -> ServiceCatalog | None:
        """The service catalogue a sync received since this profile was opened (by this
        program or another one, such as ``frontdesk sync``), now in use here: saves are
        checked against it and what lists services lists its own. None when the kept
        catalogue did not change; one look at the settings otherwise (a catalogue is
        read only when it changed)."""
        received = self.setting("catalog")
        if received == self.received_catalog:
            return None
        self.received_catalog = received
        catalog = ServiceCatalog.newest(received)
        if catalog == self.catalog:
            return None
        self.use_catalog(catalog)
        return catalog

    def use_catalog(self, catalog: ServiceCatalog) -> None:
        """Work with ``catalog`` from now on (one that the profile's other connection took
        up: :meth:`catalog_received`)."""
        self.catalog = catalog
        self.applications.validator.use_catalog(catalog)

    def community_fixed(self, conn: Any = None) -> str | None:
        """Why the community code can no longer be corrected (a message code), or None.

        The registry knows this workstation by it once it is enrolled (its device token
        was issued to a workstation of that community) and keeps every application sent
        from here as that community's: from then on, a correction here would only make
        the laptop and the registry disagree. Before, nothing but this laptop holds the
        code, and its applications not yet sent can be stamped anew.
        """
        run = conn.execute if conn is not None else self.db.execute
        if run("SELECT 1 FROM meta WHERE key = ?", (REGISTRY_KEY,)).fetchone():
            return "community.enrolled"
        sent = run(
            "SELECT 1 FROM applications WHERE status NOT IN ('draft', 'ready') OR revision > 1 "
            "UNION ALL SELECT 1 FROM outbox WHERE state != 'pending' LIMIT 1"
        ).fetchone()
        return "community.sent" if sent else None

    def change_community(self, community: str, operator: str) -> int:
        """Correct the community code given at set-up (a typo, a village's code) while the
        workstation is not enrolled and nothing was sent (:meth:`community_fixed`): the
        code is checked as at set-up and against the codifier when one is loaded, and the
        applications that carry the old code (none has left the laptop) carry the new
        one, each with a line in its history. Returns how many; :class:`InvalidInput`
        when it cannot be done, and nothing changes."""
        community = compact_code(community)
        format_problem = check_katottg_format(community)
        if format_problem:
            raise InvalidInput(what_code=format_problem)
        problem = self.places.community_problem(community)
        if problem is not None:
            raise problem
        if community == self.community:
            return 0
        with self.db.transaction() as conn:  # (sync, another process, may enrol meanwhile)
            fixed = self.community_fixed(conn)
            if fixed:
                raise InvalidInput(what_code=fixed, community=self.community)
            changed = self.applications.restamp_community(conn, community, operator)
            conn.execute("UPDATE meta SET value = ? WHERE key = 'community'", (community,))
        return changed

    def change_workstation(self, code: str, operator: str) -> list[tuple[str, str]]:
        """Correct the workstation code given at set-up (a code another laptop holds, typed
        by mistake) while the workstation is not enrolled and none of its own applications
        has left the laptop (:func:`~frontdesk.workstation_change.workstation_fixed`): the
        code is checked as at set-up, and every application of the old series gets the same
        year and sequence in the new one, each with a line in its history; this profile's
        stores number in the new series from now on. Returns (old number, new number) of
        each; :class:`InvalidInput` when it cannot be done, and nothing changes."""
        code = compact_code(code)
        problem = check_workstation_code(code)
        if problem:
            raise InvalidInput(what_code=problem)
        old = self.workstation
        if code == old:
            return []
        # (here, not at the top: every start of the app imports this module, and this is
        # done once in a laptop's life, if ever)
        from frontdesk.workstation_change import renumber_series, workstation_fixed

        with self.db.transaction() as conn:  # (sync, another process, may enrol meanwhile)
            fixed = workstation_fixed(conn, old)
            if fixed:
                raise InvalidInput(what_code=fixed, workstation=old)
            now = self.applications.now()
            renumbered = renumber_series(conn, old, code, operator, now)
            conn.execute("UPDATE meta SET value = ? WHERE key = 'workstation'", (code,))
        # (the stores, this profile's and another program's on it, read the code as stored
        # in each write: they number in the new series from now on)
        return renumbered

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Profile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- creating and opening ------------------------------------------------------

    @classmethod
    def exists(cls, root: Path) -> bool:
        finish_interrupted_restore(root)
        return (root / PROFILE_FILE).is_file()

    @classmethod
    def orphaned(cls, root: Path) -> bool:
        """Applications are there, but the profile file that names their key is not: a
        case for the administrator, never for a new profile (:class:`ProfileFileMissing`)."""
        return not cls.exists(root) and _holds_applications(root / DATABASE_FILE)

    @classmethod
    def create(
        cls,
        root: Path,
        *,
        workstation: str,
        community: str,
        secrets_backend: Any = None,
        clock: Clock = utc_now,
        codifier: Places | None = None,
    ) -> Profile:
        """Make a new profile in ``root``, with ``codifier``'s places when given: all or
        nothing (a full disk while the codifier goes in leaves no profile, so the same
        ``init`` runs again once there is room)."""
        workstation, community = compact_code(workstation), compact_code(community)
        for code in (check_workstation_code(workstation), check_katottg_format(community)):
            if code:
                raise InvalidInput(what_code=code)
        make_room_for_a_profile(root)
        remove_restore_staging(root)  # (a new profile instead of a restore cut short)
        made_folder = not root.exists()
        root.mkdir(parents=True, exist_ok=True)
        keep_private(root)  # (a folder made beforehand, for --data-dir)
        profile_id = str(uuid.uuid4())
        secrets = SecretStore(profile_id, secrets_backend)
        try:
            key = secrets.create_database_key()  # fails clearly when no keyring
        except BaseException:
            _remove_if_empty(root, made_folder)  # (nothing written: nothing left)
            raise
        db: Database | None = None
        try:
            (root / CREATING_MARK).touch()
            db = open_database(root / DATABASE_FILE, key)
            with db.transaction() as conn:
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("profile_id", profile_id),
                        ("workstation", workstation),
                        ("community", community),
                    ],
                )
            if codifier is not None:
                Places(db).replace_with(codifier)
            write_profile_file(root, profile_id, secrets.holder())
            (root / CREATING_MARK).unlink(missing_ok=True)
        except BaseException:
            # (a full disk, say) no half-made database is left to look like a lost one
            if db is not None:
                db.close()
            _remove_database_files(root / DATABASE_FILE)
            with contextlib.suppress(FrontDeskError):
                secrets.delete(DATABASE_KEY)  # nor a key that opens nothing
            if not (root / DATABASE_FILE).exists():  # (else the mark tells it is a stub)
                (root / CREATING_MARK).unlink(missing_ok=True)
                _remove_if_empty(root, made_folder)
            raise
        return cls._assemble(root, profile_id, db, secrets, clock)

    @classmethod
    def open(
        cls,
        root: Path,
        *,
        secrets_backend: Any = None,
        clock: Clock = utc_now,
        on_upgrade: Callable[[], None] | None = None,
    ) -> Profile:
        finish_interrupted_restore(root)
        keep_private(root)
        try:
            info = json.loads((root / PROFILE_FILE).read_text(encoding="utf-8"))
            profile_id = str(info["profile_id"])
            remembered = info.get("keyring")
        except FileNotFoundError as exc:
            if _holds_applications(root / DATABASE_FILE):
                raise ProfileFileMissing(path=str(root)) from exc
            if restore_staging(root).exists():
                raise RestoreInterrupted(path=str(root)) from exc
            raise ProfileMissing(path=str(root)) from exc
        except IsADirectoryError as exc:
            raise ProfileFileDamaged(str(exc), path=str(root / PROFILE_FILE)) from exc
        except NotADirectoryError as exc:  # --data-dir names a file
            raise InvalidInput(str(exc), what_code="profile.not_a_folder", path=str(root)) from exc
        except OSError as exc:
            raise CannotRead(exc, root / PROFILE_FILE) from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ProfileFileDamaged(str(exc), path=str(root / PROFILE_FILE)) from exc
        remembered = remembered if isinstance(remembered, str) else None
        if not _holds_a_database(root / DATABASE_FILE):
            # Opening would create an empty database in its place: say what happened.
            raise DatabaseMissing(path=str(root / DATABASE_FILE))
        secrets = SecretStore(profile_id, secrets_backend, remembered=remembered)
        db = open_database(root / DATABASE_FILE, secrets.database_key(), on_upgrade=on_upgrade)
        if secrets_backend is None and secrets.backend_name != remembered:
            _remember_keyring(root, profile_id, secrets, remembered)
        return cls._assemble(root, profile_id, db, secrets, clock)

    @classmethod
    def _assemble(
        cls, root: Path, profile_id: str, db: Database, secrets: SecretStore, clock: Clock
    ) -> Profile:
        places = Places(db)
        received = db.scalar("SELECT value FROM meta WHERE key = 'catalog'")
        catalog = ServiceCatalog.newest(received)
        validator = Validator(
            # A known code answers in one lookup; an unknown one is an error only once
            # the codifier is loaded.
            catalog,
            place_exists=lambda code: not places.loaded or places.exists(code),
            place_category=lambda code: places.category(code) if places.loaded else None,
            known_today=KnownDay(db, clock),
        )
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if not meta.get("workstation") or not meta.get("community"):
            db.close()
            raise DatabaseCorrupt("the profile's settings are missing from its database")
        store = ApplicationStore(
            db,
            workstation=meta["workstation"],
            community=meta["community"],
            validator=validator,
            clock=clock,
        )
        from_registry = RegistryWrites(db, workstation=meta["workstation"], clock=clock)
        return cls(
            root,
            profile_id,
            db,
            secrets,
            store,
            from_registry,
            places,
            catalog,
            Outbox(db, from_registry),
            Operators(db),
            received,
        )


def _database_bytes(path: Path) -> int | None:
    """The database's size with its WAL (a new database may live in its -wal), or None when
    there is no database file."""
    if not path.is_file():
        return None
    wal, _shared = _companions(path)
    size = 0
    for part in (path, wal):
        with contextlib.suppress(OSError):
            size += part.stat().st_size
    return size


def _holds_a_database(path: Path) -> bool:
    """The file is there and not empty."""
    return bool(_database_bytes(path))


# A database file this small has no schema yet: what a creation cut short left (a full disk).
# Any profile that was ever created is several times larger (its tables and indexes).
STUB_MAX_BYTES = 16 * 1024


def _holds_applications(path: Path) -> bool:
    """A database that is more than what a cut-short creation leaves (see STUB_MAX_BYTES,
    CREATING_MARK)."""
    if (path.parent / CREATING_MARK).exists() and not (path.parent / PROFILE_FILE).exists():
        return False  # its creation was cut short: nothing could ever open it to save
    return (_database_bytes(path) or 0) > STUB_MAX_BYTES


def finish_interrupted_restore(root: Path) -> None:
    """A restore that put the database in place but was stopped before its profile file
    was: that file, written beforehand as PENDING_PROFILE_FILE, takes its place."""
    pending = root / PENDING_PROFILE_FILE
    try:
        if not pending.is_file() or (root / PROFILE_FILE).exists():
            return
        if (root / DATABASE_FILE).is_file():
            os.replace(pending, root / PROFILE_FILE)
        else:  # stopped before the database was moved in: nothing was restored
            pending.unlink()
    except OSError as exc:
        log.info("cannot finish the interrupted restore (%s)", type(exc).__name__)


def make_room_for_a_profile(root: Path) -> None:
    """Refuse to make a profile (create or restore) where one is, or where its database is
    without its profile file: the applications in it would be lost. A stub left by a
    creation cut short is moved aside (never deleted)."""
    if Profile.exists(root):
        raise ProfileExists(path=str(root))
    database = root / DATABASE_FILE
    if Profile.orphaned(root):
        raise ProfileFileMissing(path=str(root))
    if database.exists():
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for part in (database, *_companions(database)):
            if part.exists():
                part.rename(part.with_name(f"{part.name}.stub-{stamp}"))
    (root / CREATING_MARK).unlink(missing_ok=True)


def keep_private(root: Path) -> None:
    """The profile folder, its database and its profile file readable by their user only
    (0700, 0600), when they were made more open: before FrontDesk set its umask
    (``frontdesk.hardening``), or by hand. Best effort: a folder on a FAT USB stick has
    no such modes; on Windows, the folder's ACL decides."""
    if os.name != "posix":
        return
    database = root / DATABASE_FILE
    for path in (root, database, *_companions(database), root / PROFILE_FILE):
        try:
            make_private(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            what = "the profile folder" if path == root else path.name
            log.info("cannot make %s private (%s)", what, type(exc).__name__)


def _companions(database: Path) -> tuple[Path, Path]:
    return database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")


def _remove_if_empty(root: Path, made: bool) -> None:
    """The folder a failed creation made, if nothing is in it (one given is left)."""
    if made:
        with contextlib.suppress(OSError):
            root.rmdir()


def _remove_database_files(database: Path) -> None:
    for part in (database, *_companions(database)):
        try:
            part.unlink(missing_ok=True)
        except OSError:
            log.info("cannot remove %s", part.name)


def write_profile_file(
    root: Path, profile_id: str, keyring_name: str | None, name: str = PROFILE_FILE
) -> None:
    info: dict[str, Any] = {"format": PROFILE_FORMAT, "profile_id": profile_id}
    if keyring_name:
        info["keyring"] = keyring_name
    write_whole(root / name, (json.dumps(info, indent=2) + "\n").encode("utf-8"))


def _remember_keyring(
    root: Path, profile_id: str, secrets: SecretStore, remembered: str | None
) -> None:
    """Note which backend held the key, so the next start loads it without discovery.
    Only a speed-up: a profile folder that cannot be written opens all the same."""
    holder = secrets.holder()
    if holder is None or holder == remembered:
        return
    try:
        write_profile_file(root, profile_id, holder)
    except OSError as exc:
        log.info("cannot note the keyring in %s (%s)", PROFILE_FILE, type(exc).__name__)


def write_whole(path: Path, data: bytes) -> None:
    """Replace ``path`` whole, or leave it as it was (a temp file of its own beside it, so
    two writers never share one); OSError when it cannot be written. The temp file's name
    is short: one made of ``path``'s own name ran past the file system's 255 bytes for a
    long name the file system takes."""
    # (one cut off before, a receipt on a slow stick: the whole document in clear)
    partials.remove_abandoned(path.parent, ".frontdesk-*.tmp")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".frontdesk-", suffix=".tmp")
    partials.hold(fd)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
