"""Personal data kept no longer than its purpose needs (DOMAIN.md, "Personal data").

A laptop travels in a van. Once the back office has decided a case (granted or
refused) and the retention window has passed since the decision, by both the
laptop's clock and the registry's (frontdesk.store.decision_time: either may be
wrong, and one wrong clock only delays removal), the case's personal data
leaves it: the applicant, household,
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
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from frontdesk.errors import InvalidInput
from frontdesk.model import Applicant, Application, Payment, ServicePoint, Status
from frontdesk.store.applications import ApplicationStore
from frontdesk.store.audit import stamp
from frontdesk.store.db import Database
from frontdesk.store.decision_time import Cutoff, cutoff
from frontdesk.store.rows import DOCUMENT_COLUMNS, from_row
from frontdesk.store.scans import (
    HOLDERS,
    SWEEP_AFTER,
    drop_scan,
    scans_held,
    scans_in,
    sweep_unheld,
)

if TYPE_CHECKING:
    from frontdesk.profile import Profile

RETENTION_KEY = "retention.days"
DEFAULT_DAYS = 90
MIN_DAYS, MAX_DAYS = 7, 3650
BATCH = 100  # cases per transaction: saves and sync wait no longer than that
# After each step the database is left to other programs for as long as the step took
# (at most this long): a step begun the moment the last one committed kept the write lock
# all run long from another program's save, polling for it, and after 5 s that one failed
# with "database busy" (the app's autosave, the IT person's backup).
MAX_PAUSE = 1.0  # seconds
DECIDED = (Status.GRANTED.value, Status.REFUSED.value)

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
        raise InvalidInput(
            what_code="retention.days", days=str(days), min=str(MIN_DAYS), max=str(MAX_DAYS)
        )
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


def stale_drafts(db: Database, now: dt.datetime, days: int) -> int:
    """How many drafts nobody changed for ``days`` days (by the laptop's clock): never
    sent, nobody decides them, and retention strips only decided cases, so a resident's
    data typed into one stays until a worker finishes or discards it. Said, never removed
    here (nothing typed is lost)."""
    return int(
        db.scalar(
            "SELECT count(*) FROM applications WHERE status = ? AND updated_at < ?",
            (Status.DRAFT.value, stamp(now - dt.timedelta(days=days))),
        )
    )


def due(db: Database, now: dt.datetime, days: int) -> list[str]:
    """Ids of the decided cases whose window has passed, longest decided first.

    ``now`` is the laptop's clock; the window must have passed by the registry's too,
    when a registry has said its time (:func:`frontdesk.store.decision_time.cutoff`).
    """
    return _due(db, cutoff(db, now, days))


_DECIDED_SQL = "(" + ", ".join(f"'{status}'" for status in DECIDED) + ")"


def _due(db: Database, before: Cutoff) -> list[str]:
    # Times written with an offset compare as text within a day of their moment: the text
    # comparison only leaves out what is surely recent; Cutoff.passed decides.
    # (the statuses written out, as the partial index applications_retention has them:
    # a query with them as parameters cannot use it)
    rows = db.execute(
        "SELECT id, decided_at, updated_at FROM applications "
        "INDEXED BY applications_retention "  # (not the status index: every decided row)
        f"WHERE status IN {_DECIDED_SQL} AND purged_at IS NULL "
        "AND updated_at < ? "
        "AND NOT EXISTS (SELECT 1 FROM outbox WHERE application_id = applications.id)",
        (stamp(before.laptop + dt.timedelta(days=1)),),
    ).fetchall()
    decided = []
    for app_id, decided_at, updated_at in rows:
        moment = before.passed(decided_at, updated_at)
        if moment is not None:  # (no readable time: kept)
            decided.append((moment, app_id))
    return [app_id for _moment, app_id in sorted(decided)]


class Purge:
    """One run: what is due and whose scans are whose, worked out once (:meth:`prepare`,
    one read of every document), then stripped a few cases per transaction
    (:meth:`step`), then the search index merged (:meth:`finish`). The app runs each
    part as its own job on the db lane, so the worker's saves wait for one step at most.
    """

    def __init__(self, db: Database, store: ApplicationStore, now: dt.datetime) -> None:
        self._db, self._store, self._now = db, store, now
        self._kept_since = _kept_since()
        self.ids: list[str] = []
        self.done = 0
        self.stripped = 0
        self.days = DEFAULT_DAYS  # the window (prepare)
        self.stale_drafts = 0  # drafts untouched for the window (said, not removed)
        self._holders: dict[str, set[str]] = {}  # scan -> the due cases holding it
        self._held_by: dict[str, set[str]] = {}  # due case -> its scans
        self._held: set[str] = set()  # scans other applications hold
        self._since = 0  # the audit log's last entry when the scans were read
        self._cutoff = Cutoff(now)  # decided before this: due (prepare: by which clock)
        self.pause = 0.0  # seconds to leave the database to others before the next step

    def prepare(self, days: int, db: Database | None = None) -> int:
        """Find what is due; returns how many cases. ``db``: another connection to the
        same database to read on (see :func:`start_purge`)."""
        db = db or self._db
        self._cutoff = cutoff(db, self._now, days)
        self._kept_since = _kept_since()
        self.ids = _due(db, self._cutoff)
        self.days = days
        self.stale_drafts = stale_drafts(db, self._now, days)
        self._since = int(db.scalar("SELECT coalesce(max(seq), 0) FROM audit"))
        self._holders = _scans_of(db, self.ids)
        for scan, cases in self._holders.items():
            for app_id in cases:
                self._held_by.setdefault(app_id, set()).add(scan)
        # The scans other applications hold stay (read only when a due case has one).
        self._held = scans_held(db, set(self.ids)) & set(self._holders) if self._holders else set()
        return len(self.ids)

    @property
    def finished(self) -> bool:
        return self.done >= len(self.ids)

    def step(self, count: int = BATCH) -> int:
        """Strip the next ``count`` cases in one transaction; returns how many were."""
        batch = self.ids[self.done : self.done + count]
        now_stripped = 0
        began = time.monotonic()
        with self._db.transaction() as conn:
            # An application written since the scans were read may hold one of them now
            # (content-addressed: the same file as a stripped case's is the same scan).
            self._held |= _scans_written_since(conn, self._since, set(self._holders))
            for app_id in batch:
                row = conn.execute(
                    f"SELECT {DOCUMENT_COLUMNS} FROM applications WHERE id = ?", (app_id,)
                ).fetchone()
                if row is None:
                    continue
                stub = stripped(from_row(*row))
                if not self._store.remove_personal_data(conn, stub, self._now, self._cutoff):
                    continue
                now_stripped += 1
                for scan in self._held_by.get(app_id, ()):
                    cases = self._holders[scan]
                    cases.discard(app_id)
                    if not cases and scan not in self._held:
                        # (unless stored lately: a worker attaching the same file)
                        drop_scan(conn, scan, self._kept_since)
        self.done += len(batch)
        self.stripped += now_stripped
        self.pause = min(time.monotonic() - began, MAX_PAUSE)
        return now_stripped

    def finish(self) -> None:
        """Deleted terms stay in the search index's older segments until merged: all of it
        is merged now (the pages freed are overwritten: secure_delete)."""
        if self.stripped:
            with self._db.transaction() as conn:
                conn.execute("INSERT INTO applications_fts (applications_fts) VALUES ('optimize')")
        sweep_unheld(self._db, self._now)  # (scans nothing holds, a day old)


def purge(
    db: Database,
    store: ApplicationStore,
    now: dt.datetime,
    days: int,
    progress: Progress | None = None,
) -> int:
    """Strip every case that is due; returns how many were stripped."""
    run = Purge(db, store, now)
    total = run.prepare(days)
    while not run.finished:
        run.step()
        if progress is not None:
            progress(run.done, total)
        if not run.finished:
            time.sleep(run.pause)
    run.finish()
    return run.stripped


def _kept_since() -> str:
    """Scans stored since then stay whoever holds them: a worker attaching the same file
    again (the same resident applying again) stores it a moment before an autosave names
    it, and a run between the two must not take it. The sweep removes one nothing holds
    once it is a day old. A day on the laptop's clock: a clock stepped back by minutes
    takes no scan either."""
    return (dt.datetime.now(dt.UTC) - SWEEP_AFTER).isoformat(timespec="microseconds")


def _scans(documents: Iterable[tuple[Any, ...]]) -> Iterable[tuple[str, str]]:
    for app_id, document in documents:
        for scan in scans_in(document):
            yield app_id, scan


def _documents_of(conn: Any, ids: list[str]) -> Iterable[tuple[str, str]]:
    """(application id, document) of ``ids``, their current and earlier revisions."""
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        marks = ", ".join("?" for _ in chunk)
        for table, key in HOLDERS:
            yield from conn.execute(
                f"SELECT {key}, document FROM {table} WHERE {key} IN ({marks})", chunk
            ).fetchall()


def _scans_of(db: Database, ids: list[str]) -> dict[str, set[str]]:
    holders: dict[str, set[str]] = {}
    for app_id, scan in _scans(_documents_of(db, ids)):
        holders.setdefault(scan, set()).add(app_id)
    return holders


def _scans_written_since(conn: Any, seq: int, scans: set[str]) -> set[str]:
    """Which of ``scans`` the applications written after audit entry ``seq`` hold: every
    write of an application's document is audited in its transaction."""
    if not scans:
        return set()
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT application_id FROM audit WHERE seq > ? "
            "AND application_id IS NOT NULL AND action != 'personal_data_removed'",
            (seq,),
        ).fetchall()
    ]
    return {scan for _app_id, scan in _scans(_documents_of(conn, ids)) if scan in scans}


def remove_expired(
    profile: Profile,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> int:
    """Strip what is due by the profile's window (the setting, or :data:`DEFAULT_DAYS`)."""
    days = retention_days(profile.setting(RETENTION_KEY))
    store = profile.applications
    return purge(profile.db, store, now or store.now(), days, progress)


def due_count(profile: Profile, now: dt.datetime | None = None) -> int:
    days = retention_days(profile.setting(RETENTION_KEY))
    return len(due(profile.db, now or profile.applications.now(), days))


def start_purge(
    profile: Profile, now: dt.datetime | None = None, *, read_on: Profile | None = None
) -> Purge:
    """A run by the profile's window, prepared (see :class:`Purge`); its steps write on
    ``profile``'s connection. ``read_on``: the same profile opened on another connection,
    where what is due is found (one read of every due case's document: seconds on a
    laptop with years of decided cases, which the writers of ``profile`` need not wait
    for); ``profile`` itself is then not touched here."""
    reader = read_on or profile
    run = Purge(profile.db, profile.applications, now or reader.applications.now())
    run.prepare(retention_days(reader.setting(RETENTION_KEY)), reader.db)
    return run
