"""The daily backup: a copy made once a day into a folder the worker chose, the newest
N kept, and its last failure remembered until a copy is made again.

:func:`auto_backup` runs from the app's hourly look and from ``frontdesk backup --auto``
(the system's scheduler); each copy is a :func:`frontdesk.backup.backup` keyed with the
passphrase kept in the keyring when the daily backup was set up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from frontdesk.backup import (
    PASSPHRASE_SECRET,
    SUFFIX,
    BackupInfo,
    DailyFolderMissing,
    DailyPassphraseMissing,
    check_new_passphrase,
    check_outside,
    logged_backup,
)
from frontdesk.errors import CannotWrite, FrontDeskError, InvalidInput
from frontdesk.exclusive import BACKUP_LOCK, ProfileLock
from frontdesk.messages import text
from frontdesk.profile import Profile
from frontdesk.store.db import DB_ERRORS
from frontdesk.worktime import in_kyiv

log = logging.getLogger(__name__)
_BOOKKEEPING_ERRORS: tuple[type[Exception], ...] = (FrontDeskError, OSError, *DB_ERRORS)

# Daily copies carry their profile's short id: two profiles of one laptop (one restored
# beside the other) may share a folder, and each keeps only its own newest N. Copies
# named before the id was added count as every profile's (they are the oldest).
_AUTO_NAME = re.compile(r"^frontdesk-\d{8}-\d{6}(-(?P<profile>[0-9a-f]{8}))?\.fdbackup$")
AUTO_FOLDER_KEY = "backup.folder"
AUTO_KEEP_KEY = "backup.keep"
AUTO_LAST_KEY = "backup.last"
AUTO_FAILED_KEY = "backup.failed"
AUTO_MADE_KEY = "backup.made"  # the daily copies' names in the order they were made
# How long the app has run since the last daily copy (seconds, by its monotonic clock): a
# laptop whose clock is set back at every start (a dead CMOS battery) replays the same
# hours each day, and by the wall clock alone the first day's copy stayed "minutes old".
AUTO_RAN_KEY = "backup.ran"
AUTO_COPIED_AT_KEY = "backup.copied_at"  # the monotonic clock's reading at the last copy
# The app cannot have run longer since the last copy than has passed: when it has by more
# than this, the computer's clock was set back since.
_CLOCK_SET_BACK = dt.timedelta(minutes=10)


def auto_backup(
    profile: Profile,
    now: dt.datetime | None = None,
    ran: dt.timedelta | None = None,
    looked_at: float | None = None,
) -> BackupInfo | None:
    """The daily backup: when a folder is set and a day has passed, back up and keep the
    newest N. Returns None when nothing was due (or nothing is configured), or when
    another program on this profile is making it right now (the app's hourly look and
    ``frontdesk backup --auto`` from the system's scheduler: both made a copy, and each
    removed the other's new one as an old copy). ``ran``: how long the app has run since
    its previous look (its monotonic clock), to see a clock set back since the last copy;
    ``looked_at``: that clock's reading now (the system's, the same in every program until
    the computer restarts), to count only the time since a copy another program made."""
    lock = ProfileLock(profile.root, BACKUP_LOCK)
    if not lock.try_acquire():
        return None
    try:
        return _auto_backup(profile, now, ran, time.monotonic() if looked_at is None else looked_at)
    finally:
        lock.release()


def _auto_backup(
    profile: Profile, now: dt.datetime | None, ran: dt.timedelta | None, looked_at: float
) -> BackupInfo | None:
    folder = profile.setting(AUTO_FOLDER_KEY)
    if not folder:
        return None
    now = now or dt.datetime.now(dt.UTC)
    last = profile.setting(AUTO_LAST_KEY)
    since = now - dt.datetime.fromisoformat(last) if last else None
    copied_at = _float(profile.setting(AUTO_COPIED_AT_KEY))
    if ran and copied_at is not None and 0 <= looked_at - copied_at < ran.total_seconds():
        # A copy made since the app's previous look (``frontdesk backup --auto`` from the
        # system's scheduler): only the time since it counts.
        ran = dt.timedelta(seconds=looked_at - copied_at)
    running = _ran_since_copy(profile) + (ran or dt.timedelta(0))
    if ran:
        try:  # (kept for the next look: a database busy this once loses an hour at most)
            profile.set_setting(AUTO_RAN_KEY, str(running.total_seconds()))
        except FrontDeskError as exc:
            log.info("the app's running time since the daily copy was not kept: %s", exc.code)
    # Due after 23 hours, or at once when the clock went back: a "future" last backup, or
    # the app has run longer since it than the clock says has passed.
    set_back = since is not None and running - since > _CLOCK_SET_BACK
    if since is not None and dt.timedelta(0) <= since < dt.timedelta(hours=23) and not set_back:
        return None
    passphrase = profile.secrets.get(PASSPHRASE_SECRET)
    if not passphrase:  # (restored on another laptop: its keyring never had it) a failure,
        missing = DailyPassphraseMissing()  # said and kept, not a copy silently not made
        _note_failure(profile, now, missing, Path(folder))
        raise missing
    # The folder, or the one it is in, is there: a folder removed by mistake is made again,
    # a stick's not (see DailyFolderMissing).
    if not (Path(folder).exists() or Path(folder).parent.is_dir()):
        gone = DailyFolderMissing(path=folder)
        _note_failure(profile, now, gone, Path(folder))
        raise gone
    mine = profile.profile_id[:8]
    named = in_kyiv(now)  # (the name is the only date a worker sees when picking a copy)
    target = Path(folder) / f"frontdesk-{named:%Y%m%d-%H%M%S}-{mine}{SUFFIX}"
    while target.exists():  # (a clock set back to the same second each start: not replaced)
        named += dt.timedelta(seconds=1)
        target = Path(folder) / f"frontdesk-{named:%Y%m%d-%H%M%S}-{mine}{SUFFIX}"
    try:  # (in the access log first: a copy is never made unlogged)
        info = logged_backup(profile, target, passphrase, "daily", chosen_now=False)
    except Exception as exc:
        _note_failure(profile, now, exc, Path(folder))
        raise
    # The copy is made: what follows is its bookkeeping, and a failure of it (the database
    # busy in another program) was said as "the daily backup failed", and the old copies
    # stayed beyond N. It is logged; the copy is the day's (due again at the next look,
    # when the record of it could not be written).
    try:
        _rotate(profile, Path(folder), target, mine, now, looked_at)
    except _BOOKKEEPING_ERRORS as exc:
        log.warning("daily backup written, its record not: %s", type(exc).__name__)
    return info


def _rotate(
    profile: Profile, folder: Path, target: Path, mine: str, now: dt.datetime, looked_at: float
) -> None:
    """Keep the newest N copies, and the record of the one just made (``target``)."""
    try:
        keep = int(profile.setting(AUTO_KEEP_KEY) or 7)
    except ValueError:
        keep = 7
    # The oldest copies go, oldest as made, not as named: names carry the clock, and after
    # days with a clock run ahead the stale copies' names sorted last, so every day the
    # newest real copies went and the stale ones stayed. (The copy just made is never
    # among the old ones.) Copies this profile has no record of (from before the record
    # was kept) count as older than all it has, among themselves by name.
    made = _made_order(profile)
    others = sorted(
        (p for p in folder.iterdir() if _made_by(p.name, mine) and p != target),
        key=lambda p: (made.index(p.name) if p.name in made else -1, p.name),
    )
    kept = others[max(0, len(others) - (keep - 1)) :]
    left = {p.name for p in kept}
    record = {
        AUTO_LAST_KEY: now.isoformat(),
        AUTO_RAN_KEY: "0",
        AUTO_COPIED_AT_KEY: repr(looked_at),
        AUTO_MADE_KEY: json.dumps([n for n in made if n in left] + [target.name]),
    }
    try:
        with profile.db.transaction() as conn:  # (a failure is told until a copy is made)
            conn.execute("DELETE FROM meta WHERE key = ?", (AUTO_FAILED_KEY,))
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                list(record.items()),
            )
    finally:  # (the new copy is made, whether its record could be written or not)
        for old in others[: len(others) - len(kept)]:
            old.unlink(missing_ok=True)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _ran_since_copy(profile: Profile) -> dt.timedelta:
    try:
        return dt.timedelta(seconds=max(0.0, float(profile.setting(AUTO_RAN_KEY) or 0)))
    except (ValueError, OverflowError):
        return dt.timedelta(0)


def _made_order(profile: Profile) -> list[str]:
    try:
        names = json.loads(profile.setting(AUTO_MADE_KEY) or "[]")
    except ValueError:
        return []
    return [str(n) for n in names] if isinstance(names, list) else []


@dataclass(frozen=True)
class BackupFailure:
    """The last daily backup that failed: when, and why in both languages (kept until a
    later one is made, for the daily-backup dialog: the status bar shows it for seconds)."""

    at: str  # ISO time
    reasons: dict[str, str]  # language → why

    def message(self, lang: str = "uk") -> str:
        return self.reasons.get(lang) or self.reasons.get("uk") or ""


def last_failure(profile: Profile) -> BackupFailure | None:
    """The daily backup's last failure since its last success, if any."""
    stored = profile.setting(AUTO_FAILED_KEY)
    if not stored:
        return None
    try:
        data = json.loads(stored)
        at, reasons = str(data["at"]), {str(k): str(v) for k, v in data["reasons"].items()}
        dt.datetime.fromisoformat(at)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return BackupFailure(at, reasons)


def _note_failure(profile: Profile, now: dt.datetime, exc: Exception, folder: Path) -> None:
    reasons = {lang: _why(exc, folder, lang) for lang in ("uk", "en")}
    record = json.dumps({"at": now.isoformat(), "reasons": reasons}, ensure_ascii=False)
    # Best effort: the profile's own database may be what failed (the failure is raised).
    with contextlib.suppress(FrontDeskError, *DB_ERRORS):
        profile.set_setting(AUTO_FAILED_KEY, record)


def _why(exc: Exception, folder: Path, lang: str) -> str:
    if isinstance(exc, FrontDeskError):
        return exc.message(lang)
    if isinstance(exc, OSError):
        return CannotWrite(exc, folder).message(lang)
    return text("backup.failed_inside", lang)


def _made_by(name: str, profile: str) -> bool:
    match = _AUTO_NAME.match(name)
    return match is not None and match["profile"] in (None, profile)


def configure_auto_backup(profile: Profile, folder: Path, keep: int, passphrase: str) -> None:
    check_new_passphrase(passphrase)
    if keep < 1:
        raise InvalidInput(what_code="backup.keep")
    check_outside(profile, folder)
    folder = folder.expanduser().resolve()
    _check_writable(folder)
    profile.secrets.set(PASSPHRASE_SECRET, passphrase)
    profile.set_setting(AUTO_FOLDER_KEY, str(folder))
    profile.set_setting(AUTO_KEEP_KEY, str(keep))


def _check_writable(folder: Path) -> None:
    """Write (and remove) a file in the daily backups' folder now: a read-only folder, or
    a file where the folder should be, is said when it is chosen, not day after day."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".backup-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise CannotWrite(exc, folder) from exc


def disable_auto_backup(profile: Profile) -> None:
    """Stop the daily backup (the copies already made stay where they are)."""
    profile.secrets.delete(PASSPHRASE_SECRET)
    with profile.db.transaction() as conn:
        conn.execute(
            "DELETE FROM meta WHERE key IN (?, ?, ?)",
            (AUTO_FOLDER_KEY, AUTO_KEEP_KEY, AUTO_FAILED_KEY),
        )
