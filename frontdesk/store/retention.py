"""Personal data kept no longer than its purpose needs (DOMAIN.md, "Personal data").

A laptop travels in a van. Once the back office has decided a case (granted or
refused) and the retention window has passed since the decision reached this
laptop, the case's personal data leaves it: the applicant, household,
addresses, bank account, scans, earlier revisions and the decision's reason.
What stays is what the worker needs to answer "what became of my
application?": the number, dates, services, the documents checklist, the
consent record, the service point and the status. The registry holds the
whole case.

A case returned for correction, or one with anything waiting to be sent, is
never stripped. A scan another application still holds stays. The search
index is rewritten after a run (``optimize``), so removed names are not left
in its older segments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from frontdesk.errors import InvalidInput
from frontdesk.model import Applicant, Application, Payment, ServicePoint, Status
from frontdesk.store.applications import ApplicationStore, utc_now
from frontdesk.store.audit import stamp
from frontdesk.store.db import Database
from frontdesk.store.rows import DOCUMENT_COLUMNS, from_row
from frontdesk.text import parse_stamp

if TYPE_CHECKING:
    from frontdesk.profile import Profile

RETENTION_KEY = "retention.days"
DEFAULT_DAYS = 90
MIN_DAYS, MAX_DAYS = 7, 3650
BATCH = 100  # cases per transaction: saves and sync wait no longer than that
DECIDED = (Status.GRANTED.value, Status.REFUSED.value)
# Written after a run began (its own clock, so to the second): undecided applications
# whose scans may be the same files as a stripped case's.
_RACE_MARGIN = dt.timedelta(minutes=1)
_SCAN = re.compile(r'"sha256":"([0-9a-f]{64})"')

Progress = Callable[[int, int], None]  # (done, total)


def retention_days(setting: str | None) -> int:
    """The window in days from the profile's setting (the default when unset or damaged)."""
    try:
        days = int(setting or DEFAULT_DAYS)
    except ValueError:
        return DEFAULT_DAYS
    return min(max(days, MIN_DAYS), MAX_DAYS)


def check_days(days: int) -> int:
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise InvalidInput(what=f"строк зберігання {days} дн. (від {MIN_DAYS} до {MAX_DAYS})")
    return days


def stripped(app: Application) -> Application:
    """The case with nothing of the person left in it (see the module's text)."""
    point = app.service_point
    return Application(
        id=app.id,
        number=app.number,
        revision=app.revision,
        status=app.status,
        services=app.services,
        applicant=Applicant(citizenship=""),
        payment=Payment(method=app.payment.method),
        documents=app.documents,
        consent=app.consent,
        operator=app.operator,
        # A home visit's name may be the resident's address: the kind and place stay.
        service_point=ServicePoint(
            kind=point.kind,
            name="" if point.kind == "home_visit" else point.name,
            katottg=point.katottg,
        ),
        workstation=app.workstation,
        community=app.community,
        created_at=app.created_at,
        updated_at=app.updated_at,
    )


def due(db: Database, now: dt.datetime, days: int) -> list[str]:
    """Ids of the decided cases whose window has passed, longest decided first."""
    cutoff = now - dt.timedelta(days=days)
    rows = db.execute(
        "SELECT id, updated_at FROM applications WHERE status IN (?, ?) AND purged_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM outbox WHERE application_id = applications.id)",
        DECIDED,
    ).fetchall()
    decided = []
    for app_id, updated_at in rows:
        moment = parse_stamp(updated_at)
        if moment is not None and moment < cutoff:  # (no readable time: kept)
            decided.append((moment, app_id))
    return [app_id for _moment, app_id in sorted(decided)]


def purge(
    db: Database,
    store: ApplicationStore,
    now: dt.datetime,
    days: int,
    progress: Progress | None = None,
    limit: int | None = None,
) -> int:
    """Strip the cases that are due (the ``limit`` longest decided, if given); returns how
    many were stripped."""
    ids = due(db, now, days)[:limit]
    if not ids:
        return 0
    holders = _scans_of(db, ids)  # scan -> the due cases holding it
    held_by: dict[str, set[str]] = {}  # due case -> its scans
    for scan, cases in holders.items():
        for app_id in cases:
            held_by.setdefault(app_id, set()).add(scan)
    held = _held_elsewhere(db, set(ids), set(holders))
    stripped_count = 0
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        with db.transaction() as conn:
            held |= _scans_in_recent_work(conn, set(holders), now - _RACE_MARGIN)
            for app_id in batch:
                row = conn.execute(
                    f"SELECT {DOCUMENT_COLUMNS} FROM applications WHERE id = ?", (app_id,)
                ).fetchone()
                if row is None:
                    continue
                if not store.remove_personal_data(conn, stripped(from_row(*row)), now):
                    continue
                stripped_count += 1
                for scan in held_by.get(app_id, ()):
                    cases = holders[scan]
                    cases.discard(app_id)
                    if not cases and scan not in held:
                        conn.execute("DELETE FROM blobs WHERE sha256 = ?", (scan,))
        if progress is not None:
            progress(min(first + BATCH, len(ids)), len(ids))
    if stripped_count:
        # Deleted terms stay in the index's older segments until they are merged: all of
        # it is merged now, and the pages freed are overwritten (secure_delete).
        with db.transaction() as conn:
            conn.execute("INSERT INTO applications_fts (applications_fts) VALUES ('optimize')")
    return stripped_count


def _scans(documents: Iterable[tuple[Any, ...]]) -> Iterable[tuple[str, str]]:
    for app_id, document in documents:
        for scan in _SCAN.findall(document):
            yield app_id, scan


def _scans_of(db: Database, ids: list[str]) -> dict[str, set[str]]:
    holders: dict[str, set[str]] = {}
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        marks = ", ".join("?" for _ in chunk)
        for table, key in (("applications", "id"), ("revisions", "application_id")):
            rows = db.execute(
                f"SELECT {key}, document FROM {table} WHERE {key} IN ({marks})", chunk
            ).fetchall()
            for app_id, scan in _scans(rows):
                holders.setdefault(scan, set()).add(app_id)
    return holders


def _held_elsewhere(db: Database, ids: set[str], scans: set[str]) -> set[str]:
    """Which of ``scans`` applications other than ``ids`` hold (or their earlier revisions)."""
    held: set[str] = set()
    if not scans:
        return held
    for table, key in (("applications", "id"), ("revisions", "application_id")):
        cursor = db.execute(
            f"SELECT {key}, document FROM {table} WHERE document LIKE ?", ('%"sha256"%',)
        )
        for app_id, scan in _scans(cursor):
            if scan in scans and app_id not in ids:
                held.add(scan)
    return held


def _scans_in_recent_work(conn: Any, scans: set[str], since: dt.datetime) -> set[str]:
    """Which of ``scans`` undecided applications written since ``since`` hold: one saved
    while the run read the rest, with the same file as a stripped case (content-addressed,
    they share the stored scan)."""
    if not scans:
        return set()
    rows = conn.execute(
        "SELECT document FROM applications WHERE status IN ('draft', 'ready', 'sent') "
        "AND updated_at >= ?",
        (stamp(since),),
    ).fetchall()
    return {scan for (document,) in rows for scan in _SCAN.findall(document) if scan in scans}


def remove_expired(
    profile: Profile,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    limit: int | None = None,
) -> int:
    """Strip what is due by the profile's window (the setting, or :data:`DEFAULT_DAYS`)."""
    days = retention_days(profile.setting(RETENTION_KEY))
    return purge(profile.db, profile.applications, now or utc_now(), days, progress, limit)


def due_count(profile: Profile, now: dt.datetime | None = None) -> int:
    days = retention_days(profile.setting(RETENTION_KEY))
    return len(due(profile.db, now or utc_now(), days))
