"""Intake: batches of application revisions from workstations, exactly once.

Every item is checked with the workstation's own code (schema, then the
shared :class:`~frontdesk.validation.Validator`) and stored in a savepoint
of its own inside the batch's one transaction, so one bad item never
affects the others and a batch costs one durable commit. Idempotency is keyed
on (id, revision) and the content hash the registry computes itself; the
unique constraints of :mod:`registry.db` settle races between retried or
concurrent batches. A revision stored before is answered (``duplicate`` or
``conflict``) before the rules are applied again, so a retry gets the same
answer even after a newer service catalogue changed the rules.

What each item is answered before it is stored: :mod:`registry.intake_checks`; what is
written of it: :mod:`registry.intake_storage`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError, OperationalError

from frontdesk.catalog import ServiceCatalog
from frontdesk.model import Application
from frontdesk.validation import Validator
from registry.accounts import Device
from registry.answers import (
    Checked,
    Known,
    accepted_change,
    accepted_result,
    ack_for,
    attachment_hashes,
)
from registry.db import (
    Clock,
    Database,
    application_revisions,
    applications,
    is_deadlock,
    iso,
    utc_now,
)
from registry.feed import ChangeFeed, append_status_changes
from registry.intake_checks import check_item, judge, latest_date
from registry.intake_storage import LostRace, complete_blobs, insert_new, write_revision
from registry.numbering import foreign_codes, name_last_numbers

MAX_BATCH = 500
_ATTEMPTS = 3  # a lost race is answered by re-reading; more than twice means a bug


class Intake:
    def __init__(self, db: Database, feed: ChangeFeed, clock: Clock = utc_now) -> None:
        self._db = db
        self._feed = feed
        self._clock = clock
        self._validator_cache: tuple[ServiceCatalog, Validator] | None = None

    def submit_batch(self, device: Device, items: Sequence[Any]) -> list[dict[str, Any]]:
        """Store a batch in ONE durable transaction, each item in a savepoint of its own.

        One commit (one fsync) per batch instead of per item is what makes
        batching pay; the savepoints keep one bad item from touching the others.
        """
        checked = [check_item(device, item) for item in items]
        for attempt in range(_ATTEMPTS):
            try:
                with self._db.write() as conn:
                    validator = self._validator(conn)
                    fast = self._store_batch(conn, device, checked, validator)
                    if fast is not None:
                        return fast
                    return [
                        c if isinstance(c, dict) else self._store_item(conn, device, c, validator)
                        for c in checked
                    ]
            except (LostRace, IntegrityError):
                if attempt == _ATTEMPTS - 1:
                    raise
            except OperationalError as exc:
                # PostgreSQL broke a deadlock by aborting this transaction: nothing of it
                # was stored, and run again it finds what the other one stored.
                if not is_deadlock(exc) or attempt == _ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _validator(self, conn: Connection) -> Validator:
        """A validator for the newest catalogue (no codifier at the registry), reused."""
        catalog = self._feed.catalog(conn)
        cached = self._validator_cache
        if cached is None or cached[0] is not catalog:
            # Lengths are the JSON Schema's, checked on every item before the rules.
            validator = Validator(
                catalog,
                today=lambda: latest_date(self._clock()),
                check_lengths=False,
                future="date.future_registry",
            )
            cached = self._validator_cache = (catalog, validator)
        return cached[1]

    def submit(self, device: Device, item: Any, validator: Validator) -> dict[str, Any]:
        checked = check_item(device, item)
        if isinstance(checked, dict):
            return checked
        with self._db.write() as conn:
            return self._store_item(conn, device, checked, validator)

    def _store_item(
        self, conn: Connection, device: Device, checked: Checked, validator: Validator
    ) -> dict[str, Any]:
        """One item in a savepoint; a unique-constraint race is answered by re-reading."""
        for attempt in range(_ATTEMPTS):
            try:
                with conn.begin_nested():
                    return self._store(conn, device, checked, validator)
            except (IntegrityError, LostRace):
                if attempt == _ATTEMPTS - 1:
                    raise LostRace(checked.app.id) from None
        raise AssertionError("unreachable")

    def revision(self, device: Device, app_id: str, revision: int) -> dict[str, Any] | None:
        """What the registry holds for (id, revision), if it belongs to the device's community."""
        query = (
            sa.select(application_revisions, applications.c.number)
            .join(applications, applications.c.id == application_revisions.c.id)
            .where(
                application_revisions.c.id == app_id,
                application_revisions.c.revision == revision,
                applications.c.community == device.community,
            )
        )
        with self._db.read() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return {
            "id": row.id,
            "revision": row.revision,
            "content_hash": row.content_hash,
            "status": row.status,
            "ack": ack_for(row.number, row.revision, row.received_at),
            # The revision as delivered: a laptop restored from an older backup takes it
            # (with the decision on it) instead of the earlier revision it still has.
            "document": row.document,
        }

    # --- the transaction of one item -----------------------------------------

    def _store(
        self, conn: Connection, device: Device, checked: Checked, validator: Validator
    ) -> dict[str, Any]:
        app = checked.app
        current = conn.execute(
            sa.select(applications).where(applications.c.id == app.id).with_for_update()
        ).first()
        stored = conn.execute(
            sa.select(application_revisions).where(
                application_revisions.c.id == app.id,
                application_revisions.c.revision == app.revision,
            )
        ).first()
        owner = conn.execute(
            sa.select(applications.c.id).where(applications.c.number == app.number)
        ).scalar()
        hashes = attachment_hashes(app)
        foreign = foreign_codes(conn, device, [checked])
        known = Known(current, stored, owner, complete_blobs(conn, hashes), foreign)
        answer = judge(device, checked, known, validator)
        if answer is not None:
            name_last_numbers(conn, device, [checked], [answer])
            return answer
        received_at = iso(self._clock())
        write_revision(conn, device, checked, current, hashes, received_at)
        append_status_changes(self._db, conn, [accepted_change(app, received_at)])
        return accepted_result(checked, received_at)

    def _store_batch(
        self,
        conn: Connection,
        device: Device,
        items: list[Checked | dict[str, Any]],
        validator: Validator,
    ) -> list[dict[str, Any]] | None:
        """The whole batch with a handful of set-wise queries and bulk inserts.

        Returns None (nothing written) when the batch needs the careful item-by-item
        path: an id or number repeated inside the batch.
        """
        todo = [c for c in items if not isinstance(c, dict)]
        ids = [c.app.id for c in todo]
        numbers = [c.app.number for c in todo]
        if len(set(ids)) != len(ids) or len(set(numbers)) != len(numbers):
            return None
        if not todo:
            return [c for c in items if isinstance(c, dict)]
        # Plain SQL through the driver: Core's per-execution work cost more than these
        # queries (bench/sync.py). Only the columns the decision needs are read.
        db = self._db
        # The applications the batch names, by id or by number, in one query.
        current: dict[str, Row[Any]] = {}
        owners: dict[str, str] = {}
        wanted_ids, wanted_numbers = set(ids), set(numbers)
        for row in conn.exec_driver_sql(
            "SELECT id, number, community, latest_revision, status FROM applications "
            f"WHERE id IN ({db.placeholders(len(ids))}) "
            f"OR number IN ({db.placeholders(len(numbers))}){db.for_update()}",
            (*ids, *numbers),
        ):
            if row.id in wanted_ids:
                current[row.id] = row
            if row.number in wanted_numbers:
                owners[row.number] = row.id
        # Revisions exist only of applications that exist (a foreign key): a batch of
        # new applications, the usual one, needs no look at them.
        existing = [i for i in ids if i in current]
        stored = (
            {
                (row.id, row.revision): row
                for row in conn.exec_driver_sql(
                    "SELECT id, revision, content_hash, received_at FROM application_revisions "
                    f"WHERE id IN ({db.placeholders(len(existing))})",
                    tuple(existing),
                )
            }
            if existing
            else {}
        )
        complete = complete_blobs(conn, [h for c in todo for h in attachment_hashes(c.app)])
        foreign = foreign_codes(conn, device, [c for c in todo if c.app.id not in current])
        received_at = iso(self._clock())
        results: list[dict[str, Any]] = []
        new: list[Checked] = []
        changed: list[Application] = []
        for item in items:
            if isinstance(item, dict):
                results.append(item)
                continue
            app = item.app
            known = Known(
                current.get(app.id),
                stored.get((app.id, app.revision)),
                owners.get(app.number),
                complete,
                foreign,
            )
            answer = judge(device, item, known, validator)
            if answer is None:
                if known.current is not None:  # a corrected revision: rare, one by one
                    write_revision(
                        conn, device, item, known.current, attachment_hashes(app), received_at
                    )
                else:
                    new.append(item)
                changed.append(app)
                answer = accepted_result(item, received_at)
            results.append(answer)
        insert_new(self._db, conn, device, new, received_at)
        append_status_changes(
            self._db, conn, [accepted_change(app, received_at) for app in changed]
        )
        name_last_numbers(conn, device, items, results)
        return results
