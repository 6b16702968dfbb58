"""Backup and restore of a profile, for the same or a replacement laptop.

A backup is one SQLCipher file keyed with a *passphrase* (SQLCipher's PBKDF2),
not with the laptop's keyring key, so it can be restored where that keyring
does not exist. It is made with SQLite's online backup API, so it is a
consistent snapshot even while the app keeps writing; attachments are inside
the database and come along. The daily copies (when, where, how many kept) are
:mod:`frontdesk.daily_backup`'s.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontdesk.backup_copy import compacted, discard_partial, rekey
from frontdesk.backup_texts import MIN_PASSPHRASE  # (and what backups say, registered)
from frontdesk.errors import (
    CannotRead,
    CannotWrite,
    DatabaseCorrupt,
    DiskFull,
    FrontDeskError,
    InvalidInput,
    NewerVersion,
    StorageUnavailable,
    WrongKey,
    no_space,
)
from frontdesk.operators import easy_to_guess
from frontdesk.profile import (
    DATABASE_FILE,
    PENDING_PROFILE_FILE,
    PROFILE_FILE,
    Profile,
    make_room_for_a_profile,
    write_profile_file,
)
from frontdesk.restore_staging import remove_restore_staging, restore_staging
from frontdesk.secrets import DATABASE_KEY, DEVICE_TOKEN, SecretStore
from frontdesk.store.db import (
    DB_ERRORS,
    Database,
    check_not_newer,
    connect,
    raw_key_pragma,
    sql_string,
    translate,
)

SUFFIX = ".fdbackup"
PASSPHRASE_SECRET = "backup-passphrase"


class WrongPassphrase(FrontDeskError):
    code = "backup.wrong_passphrase"


class DailyPassphraseMissing(FrontDeskError):
    """The daily backup is set up, and its passphrase is not in this computer's keyring."""

    code = "backup.daily_passphrase_missing"


class DailyFolderMissing(FrontDeskError):
    """The daily backups' folder is not there, nor the folder it was in: on a USB disk not
    plugged in, most often. It is not made again: on the laptop's own disk, under the name
    of the stick's folder, the copies would look made off the laptop while they are not."""

    code = "backup.daily_folder_missing"


class ProfileDamaged(DatabaseCorrupt):
    """The profile's own database is damaged (a failing disk): its copy would not restore,
    and is not kept; the copies made before are the good ones."""

    code = "backup.profile_damaged"


class BackupNotFound(FrontDeskError):
    """The backup file named is not there (or is a folder)."""

    code = "backup.not_found"


class BackupInsideProfile(FrontDeskError):
    """A backup asked for inside the profile's own folder (over its database, even)."""

    code = "backup.inside_profile"


class NotABackup(FrontDeskError):
    """An empty or damaged file, or some other database: no profile is in it."""

    code = "backup.not_a_backup"


class BackupFromNewerVersion(NewerVersion):
    """A backup written by a newer FrontDesk: restored here, this version would open a
    schema it does not know."""

    code = "backup.newer_version"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    applications: int


def backup(
    profile: Profile, target: Path, passphrase: str, *, chosen_now: bool = True
) -> BackupInfo:
    """Write an encrypted, consistent copy of the profile to ``target`` (atomically).

    A passphrase ``chosen_now`` must be hard to guess (a copy on a lost USB stick is open
    to guessing at leisure); the daily backup's, chosen when it was set up, is taken as it
    was accepted then (a rule made stricter since does not stop the copies)."""
    if chosen_now:
        check_new_passphrase(passphrase)
    else:
        _check_length(passphrase)
    target = target.expanduser()
    check_outside(profile, target)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_partials(folder)
        fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=SUFFIX, dir=folder)
        os.close(fd)
    except OSError as exc:  # named by the folder: the hidden name means nothing to anyone
        raise CannotWrite(exc, folder) from exc
    tmp = Path(tmp_name)
    try:
        key = raw_key_pragma(profile.secrets.database_key())
        with _writing_copy(folder):
            copy = connect(tmp, key)
        try:
            try:  # online, page by page, a consistent snapshot
                profile.db.conn.backup(copy.conn)
            except DB_ERRORS as exc:  # reading the profile, or writing the copy?
                raise _copying_failed(profile, exc, folder) from exc
            with _writing_copy(folder):
                copy.conn.execute("PRAGMA journal_mode = DELETE")
                _check_copied_whole(copy, profile, folder)
                copy = compacted(copy, key)
                rekey(copy, passphrase, folder)
                count = int(copy.scalar("SELECT count(*) FROM applications"))
        finally:
            copy.close()
        _fsync(tmp)
        os.replace(tmp, target)
    except DiskFull as exc:  # the copy's disk: reading the profile writes nothing
        discard_partial(tmp)
        raise CannotWrite(no_space(), folder) from exc
    except OSError as exc:
        discard_partial(tmp)
        raise CannotWrite(exc, target if exc.errno == errno.EISDIR else folder) from exc
    except BaseException:
        discard_partial(tmp)
        raise
    return BackupInfo(target, target.stat().st_size, count)


def logged_backup(
    profile: Profile, target: Path, passphrase: str, who: str, *, chosen_now: bool = True
) -> BackupInfo:
    """:func:`backup`, entered in the access log first (``who``, and how many applications
    the copy holds): a copy of every resident's data is never made unlogged, and an entry
    that cannot be written (the database busy in another program) means no copy, said so
    truly. (Logged after the copy, such a failure was said as "the backup was not written"
    of a copy that was.) A copy that then fails is logged as ``backup_failed``, as far as
    the database lets it be."""
    if chosen_now:  # (a passphrase refused, or a folder refused, logs nothing)
        check_new_passphrase(passphrase)
    else:
        _check_length(passphrase)
    check_outside(profile, target)
    try:
        count = int(profile.db.scalar("SELECT count(*) FROM applications"))
        profile.applications.note_access(who, "backup", str(count))
    except ProfileDamaged:
        raise
    except DatabaseCorrupt as exc:  # (SQLCipher leaves a connection that read a damaged
        raise ProfileDamaged(exc.detail) from exc  # page read-only: the copy it tried said so)
    try:
        return backup(profile, target, passphrase, chosen_now=chosen_now)
    except BaseException:
        with contextlib.suppress(Exception):  # (the failure itself is the one to report)
            profile.applications.note_access(who, "backup_failed")
        raise


def check_outside(profile: Profile, path: Path) -> None:
    """Refuse a backup (or the daily backups' folder) inside the profile's own folder:
    written over its database it destroyed the profile, and anywhere there it is lost
    with the profile."""
    root = profile.root.expanduser().resolve()
    where = path.expanduser().resolve()
    if where == root or root in where.parents:
        raise BackupInsideProfile(path=str(root))


def _check_copied_whole(copy: Database, profile: Profile, folder: Path) -> None:
    """Read the copy whole, as a restore reads it (:func:`_open_backup`): a page of the
    profile damaged on its disk is copied as it is, and such a copy, kept as the day's
    good one, would be refused at the restore. Raises :class:`ProfileDamaged`, or
    :class:`CannotWrite` naming ``folder`` when the profile itself reads whole (the copy
    was damaged on its way to the stick)."""
    try:
        with copy.errors():
            damaged = [str(row[0]) for row in copy.conn.execute("PRAGMA cipher_integrity_check")]
            checked = [str(row[0]) for row in copy.conn.execute("PRAGMA quick_check")]
    except DatabaseCorrupt as exc:
        damaged, checked = [exc.detail], []
    if damaged or checked != ["ok"]:
        if _reads_whole(profile):
            raise CannotWrite(OSError(errno.EIO, os.strerror(errno.EIO)), folder)
        raise ProfileDamaged("; ".join(damaged + checked)[:200])


def _copying_failed(profile: Profile, exc: Exception, folder: Path) -> FrontDeskError:
    """What a failed copy of the profile's pages into the backup is to be called. SQLite
    says only "disk I/O error", whichever file failed: that was said to be the profile's
    ("Cannot access the database file: …/frontdesk.db") when a stick was pulled out, and
    the IT person was sent to restore over a sound profile. The profile is to blame only
    when reading it fails now too; otherwise it was writing the copy, in ``folder``."""
    message = str(exc).lower()
    if "locked" in message or "busy" in message:  # (another program's, on the profile)
        return translate(exc, profile.db.path)
    if "full" not in message and not _reads_whole(profile):
        try:
            return translate(exc, profile.db.path)
        except DB_ERRORS:
            return ProfileDamaged(str(exc))
    return CannotWrite(_as_os_error(exc), folder)


def _reads_whole(profile: Profile) -> bool:
    """Whether every page of the profile's database reads and passes its checks (after a
    copy failed: it was then the copy's disk that failed, not the profile's)."""
    try:
        with profile.db.errors():
            conn = profile.db.conn
            damaged = list(conn.execute("PRAGMA cipher_integrity_check"))
            checked = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
    except FrontDeskError:
        return False
    except DB_ERRORS:  # (what translate() does not know)
        return False
    return not damaged and checked == ["ok"]


def _as_os_error(exc: Exception) -> OSError:
    """SQLite's complaint about the file it wrote, as the operating system's error it
    stands for (what :class:`CannotWrite` says in the worker's words)."""
    message = str(exc).lower()
    if "full" in message:
        return no_space()
    if "readonly" in message or "read-only" in message:
        return OSError(errno.EROFS, os.strerror(errno.EROFS))
    return OSError(errno.EIO, os.strerror(errno.EIO))


@contextlib.contextmanager
def _writing_copy(folder: Path) -> Iterator[None]:
    """Errors of writing (or reading back) the copy are the copy's disk's, named by its
    folder: the hidden file being written means nothing to anyone. (A damaged profile is
    told by :func:`_check_copied_whole` itself.)"""
    try:
        yield
    except DB_ERRORS as exc:
        raise CannotWrite(_as_os_error(exc), folder) from exc
    except (DiskFull, StorageUnavailable, DatabaseCorrupt, WrongKey) as exc:
        if isinstance(exc, ProfileDamaged):
            raise
        raise CannotWrite(_as_os_error(exc), folder) from exc


STALE_PARTIAL_SECONDS = 3600  # a copy being written this long ago was cut short


def _remove_stale_partials(folder: Path) -> None:
    """Copies cut short (the laptop went off mid-backup) left full-size hidden files that
    would fill a backup stick day by day: those older than an hour are removed (a younger
    one may be another program's backup in progress)."""
    limit = time.time() - STALE_PARTIAL_SECONDS
    for partial in folder.glob(f".backup-*{SUFFIX}*"):
        with contextlib.suppress(OSError):
            if partial.stat().st_mtime < limit:
                partial.unlink()


def restore(source: Path, root: Path, passphrase: str, *, secrets_backend: Any = None) -> Profile:
    """Bring a backup back as the profile in ``root`` (which must not hold one yet).

    A wrong passphrase raises :class:`WrongPassphrase`, a damaged file (changed or cut
    short) :class:`NotABackup`; either changes nothing. The restored profile gets a new
    id and a fresh random key in this machine's keyring, so restoring beside the original
    never touches the original's key; an enrolment token and a daily-backup passphrase
    found under the original id (the same laptop) are carried over. Nothing is created on
    failure, in the folder or in the keyring.
    """
    if not source.is_file():
        raise BackupNotFound(path=str(source))
    if not passphrase:  # (SQLCipher would take the file for a damaged one, and log so)
        raise WrongPassphrase("no passphrase given")
    make_room_for_a_profile(root)  # nor over a database whose profile file is gone
    if source.stat().st_size == 0:  # a copy to a stick that failed (SQLCipher would
        raise NotABackup(path=str(source))  # take it for a new, empty database)
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(exc, root.parent) from exc
    # One staging name per target: a restore cut short (and holding every application) is
    # overwritten by the next attempt, not left beside it.
    staging = restore_staging(root)
    remove_restore_staging(root)
    created_root = not root.exists()
    secrets: SecretStore | None = None
    try:
        _copy_in(source, staging, root)
        db = _open_backup(staging, source, passphrase)
        try:
            original = _profile_id_in(db, source)
            profile_id = str(uuid.uuid4())
            # Only for a file found whole: a damaged one leaves no key behind.
            secrets = SecretStore(profile_id, secrets_backend)
            key = secrets.create_database_key()
            carried = SecretStore(original, secrets_backend)
            for name in (DEVICE_TOKEN, PASSPHRASE_SECRET):
                value = carried.get(name)
                if value:
                    secrets.set(name, value)
            with _damaged_is_no_backup(source):
                with db.transaction() as conn:
                    conn.execute(
                        "UPDATE meta SET value = ? WHERE key = 'profile_id'", (profile_id,)
                    )
                with db.errors():
                    db.conn.execute("PRAGMA rekey = " + sql_string(raw_key_pragma(key)))
        finally:
            db.close()
        try:
            _fsync(staging)
            root.mkdir(parents=True, exist_ok=True)
            # The profile file first, under its pending name: stopped at any instant from
            # here on, the folder is either as it was or finishes as the restored profile.
            write_profile_file(root, profile_id, secrets.holder(), PENDING_PROFILE_FILE)
            os.replace(staging, root / DATABASE_FILE)
            os.replace(root / PENDING_PROFILE_FILE, root / PROFILE_FILE)
        except OSError as exc:
            raise CannotWrite(exc, root) from exc
    except BaseException as exc:
        remove_restore_staging(root)
        if not (root / DATABASE_FILE).exists():
            (root / PENDING_PROFILE_FILE).unlink(missing_ok=True)
            if secrets is not None:
                _forget(secrets)
        if created_root and root.exists() and not any(root.iterdir()):
            root.rmdir()
        if isinstance(exc, DiskFull):  # the restored copy's disk (the re-key writes it)
            raise CannotWrite(no_space(), root) from exc
        raise
    return Profile.open(root, secrets_backend=secrets_backend)


COPY_CHUNK = 1024 * 1024


def _copy_in(source: Path, staging: Path, root: Path) -> None:
    """Copy the backup beside the profile folder; a failure names the file that could not
    be read (the backup) or the folder that could not be written (the profile's), not
    the hidden staging file (shutil named the source when the disk written was full)."""
    try:
        reading = open(source, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise CannotRead(exc, source) from exc
    with reading:
        try:
            with open(staging, "wb") as writing:
                while True:
                    try:
                        chunk = reading.read(COPY_CHUNK)
                    except OSError as exc:
                        raise CannotRead(exc, source) from exc
                    if not chunk:
                        break
                    writing.write(chunk)
        except OSError as exc:
            raise CannotWrite(exc, root) from exc


_DAMAGED: tuple[type[Exception], ...] = (DatabaseCorrupt, *DB_ERRORS)


def _open_backup(staging: Path, source: Path, passphrase: str) -> Database:
    """The copied backup opened with its passphrase and read whole: every page's HMAC and
    SQLite's own structure checked, so that a file changed or cut short on its way (a
    failing stick, a copy stopped midway) is said to be damaged before anything is made."""
    try:
        db = connect(staging, passphrase)
    except WrongKey as exc:
        raise WrongPassphrase(str(exc)) from exc
    except _DAMAGED as exc:  # its first page read, but damaged
        raise NotABackup(str(exc), path=str(source)) from exc
    try:
        with _damaged_is_no_backup(source), db.errors():
            damaged = [str(row[0]) for row in db.conn.execute("PRAGMA cipher_integrity_check")]
            checked = [str(row[0]) for row in db.conn.execute("PRAGMA quick_check")]
        if damaged or checked != ["ok"]:
            raise NotABackup("; ".join(damaged + checked)[:200], path=str(source))
        try:
            check_not_newer(db)
        except NewerVersion as exc:
            raise BackupFromNewerVersion(exc.detail, **exc.params) from exc
    except BaseException:
        db.close()
        raise
    return db


@contextlib.contextmanager
def _damaged_is_no_backup(source: Path) -> Iterator[None]:
    """A backup's pages found damaged (or SQLCipher refusing it) mean a damaged backup,
    not a damaged profile: "call your administrator" makes no sense while restoring."""
    try:
        yield
    except (DatabaseCorrupt, WrongKey) as exc:
        raise NotABackup(str(exc), path=str(source)) from exc
    except DB_ERRORS as exc:  # what translate() does not know (a failed rekey, say)
        raise NotABackup(str(exc), path=str(source)) from exc


def _forget(secrets: SecretStore) -> None:
    """Remove what a failed restore put in the keyring (best effort: the failure told
    already is the one to report)."""
    for name in (DATABASE_KEY, DEVICE_TOKEN, PASSPHRASE_SECRET):
        with contextlib.suppress(FrontDeskError):
            secrets.delete(name)


def _profile_id_in(db: Database, source: Path) -> str:
    """The id of the profile a backup holds; :class:`NotABackup` when the passphrase opened
    the file but no profile is in it (another database, a damaged one)."""
    problem: Exception | None = None
    try:
        found = db.scalar("SELECT value FROM meta WHERE key = 'profile_id'")
    except DB_ERRORS as exc:
        found, problem = None, exc
    except FrontDeskError as exc:
        found, problem = None, exc
    if not found:
        raise NotABackup(str(problem or ""), path=str(source)) from problem
    return str(found)


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a backup passphrase too short, or among those guessed first."""
    _check_length(passphrase)
    if easy_to_guess(passphrase):
        raise InvalidInput(what_code="backup.easy_passphrase")


def _check_length(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(what_code="backup.short_passphrase")


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
