"""Reading applications back: one, a page of the journal, a count, the history, a scan.

The reading half of :class:`frontdesk.store.applications.ApplicationStore` (which
adds the worker's writes) and of :class:`frontdesk.store.from_registry.RegistryWrites`
(which adds the registry's); every method is a read on the store's connection.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

from frontdesk.errors import InvalidInput, NotFound
from frontdesk.identifiers import canonical_number, year_and_sequence
from frontdesk.model import Application, Status
from frontdesk.store.db import Database
from frontdesk.store.duplicates import open_duplicates
from frontdesk.store.rows import (
    BY_STATUS,
    DOCUMENT_COLUMNS,
    ORDERS,
    SUMMARY_COLUMNS,
    Filter,
    Summary,
    filtered_query,
    from_row,
    query_terms,
    summary,
)
from frontdesk.store.set_aside import SetAside, in_conflict
from frontdesk.store.writing import renumbered_from
from frontdesk.text import local_time

MAX_SAME_SEQUENCE = 5  # numbers named when a year and sequence name more than one


class ApplicationReading:
    """What the store reads (``_db`` is its connection)."""

    _db: Database

    def revision_to_take(self, application_id: str, revision: int) -> bool:
        """Whether ``revision``, which the registry holds, should replace what this laptop
        has of the application: a later revision than its own; or the same one while here
        it is still a draft (this laptop, restored from an older backup, never sent it:
        it was finished and sent from the copy the backup came from), or one the registry
        refused as a conflict (it holds that revision with other content). False when the
        application is not here."""
        row = self._db.execute(
            "SELECT revision, status FROM applications WHERE id = ?", (application_id,)
        ).fetchone()
        if row is None:
            return False
        here, status = int(row[0]), Status(row[1])
        if here != revision:
            return here < revision
        return status is Status.DRAFT or in_conflict(self._db.conn, application_id, revision)

    def set_aside(self, application_id: str) -> list[SetAside]:
        """This laptop's versions of the application's revisions the registry holds with
        other content (see :meth:`RegistryWrites.take_from_registry`), oldest first."""
        rows = self._db.execute(
            "SELECT revision, document, set_aside_at FROM set_aside WHERE application_id = ? "
            "ORDER BY revision",
            (application_id,),
        ).fetchall()
        return [SetAside(int(r[0]), json.loads(r[1]), str(r[2])) for r in rows]

    def get_blob(self, sha256: str) -> bytes:
        data = self._db.scalar("SELECT data FROM blobs WHERE sha256 = ?", (sha256.lower(),))
        if data is None:
            raise NotFound(what_code="blob.missing", sha256=sha256)
        return bytes(data)

    def has_blob(self, sha256: str) -> bool:
        return bool(self._db.scalar("SELECT 1 FROM blobs WHERE sha256 = ?", (sha256.lower(),)))

    def get(self, application_id: str) -> Application:
        app = self._current(application_id)
        if app is None:
            raise NotFound(what=application_id)
        return app

    def get_by_number(self, number: str) -> Application:
        """The application ``number`` names, written as people write it ("№ zt01/2026/42":
        :func:`frontdesk.identifiers.canonical_number`, as the search and the registry read
        it), or only its year and sequence ("2026-000042") when no other application here
        has the same ones (:class:`InvalidInput` naming them otherwise)."""
        wanted = canonical_number(number) or self._by_year_and_sequence(number)
        asked = wanted or number.strip().upper()
        row = self._db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM applications WHERE number = ?", (asked,)
        ).fetchone()
        if row is None:
            # A number a receipt names that the application no longer has (the registry,
            # or a change of the workstation's code, gave it another): that application.
            renumbered = renumbered_from(self._db, asked)
            row = (
                renumbered
                and self._db.execute(
                    f"SELECT {DOCUMENT_COLUMNS} FROM applications WHERE id = ?", (renumbered,)
                ).fetchone()
            )
        if not row:
            discarded = self._db.execute(
                "SELECT at, operator FROM audit WHERE action = 'discarded' AND detail = ? "
                "ORDER BY seq DESC LIMIT 1",
                (asked,),
            ).fetchone()
            if discarded is not None:  # (a ready one taken back and deleted: its receipt)
                raise NotFound(
                    what_code="number.deleted_draft",
                    number=asked,
                    at=local_time(discarded[0]),
                    operator=discarded[1],
                )
            raise NotFound(what=number.strip())
        return from_row(*row)

    def _by_year_and_sequence(self, typed: str) -> str | None:
        ending = year_and_sequence(typed)
        if ending is None:
            return None
        found = [
            str(r[0])
            for r in self._db.execute(
                "SELECT number FROM applications WHERE number GLOB ? ORDER BY number LIMIT ?",
                (f"*-{ending}", MAX_SAME_SEQUENCE + 1),
            ).fetchall()
        ]
        if len(found) > 1:
            shown = ", ".join(found[:MAX_SAME_SEQUENCE]) + (
                ", …" if len(found) > MAX_SAME_SEQUENCE else ""
            )
            raise InvalidInput(what_code="number.ambiguous", typed=typed.strip(), numbers=shown)
        return found[0] if found else None

    def search(
        self,
        where: Filter | None = None,
        *,
        order: str = "newest",
        limit: int = 100,
        offset: int = 0,
        after: Summary | None = None,
    ) -> list[Summary]:
        """A page of the journal: ``limit`` lines from ``offset``, or from after the line
        ``after`` (the last one shown: lines decided or deleted meanwhile shift no other)."""
        where = where or Filter()
        if order in BY_STATUS:
            statuses = BY_STATUS[order]
            return self._search_by_status(where, statuses, limit, max(0, offset), after)
        order = order if order in ORDERS else "newest"
        sql, params = filtered_query(where, SUMMARY_COLUMNS, order=order, after=after)
        ordering = ORDERS[order]
        if query_terms(where.text) and order in ("newest", "oldest"):
            # FTS5 walks its index in rowid order itself: no sort, and LIMIT stops early.
            ordering = ordering.replace("a.rowid", "f.rowid")
        sql += f" ORDER BY {ordering} LIMIT ? OFFSET ?"
        rows = self._db.execute(sql, [*params, max(0, limit), max(0, offset)]).fetchall()
        return [summary(r) for r in rows]

    def _search_by_status(
        self,
        where: Filter,
        statuses: tuple[Status, ...],
        limit: int,
        offset: int,
        after: Summary | None,
    ) -> list[Summary]:
        """A page of the journal sorted by status, in ``statuses``' order: whole statuses
        before the page are counted (from the index), not read; with ``after``, skipped."""
        rows: list[Summary] = []
        if where.status:  # one status (the returned ones bring their corrections' drafts)
            statuses = tuple(status for status in statuses if status.value == where.status)
        elif after is not None:
            statuses = statuses[statuses.index(after.status) :]
        for status in statuses:
            if len(rows) >= limit:
                break
            if where.not_accepted and status is not Status.READY:
                continue  # (what the registry refused waits to be sent again: no other)
            # (every status: a refused one with what waits to be sent, as the whole list has it)
            part = dataclasses.replace(
                where,
                status=status.value,
                refused_too=where.refused_too or not where.status,
                exact_status=where.exact_status or not where.status,  # (each line once)
            )
            if offset:
                here = self.count(part)
                if here <= offset:
                    offset -= here
                    continue
            within = (
                after if after is not None and (where.status or after.status is status) else None
            )
            rows += self.search(part, limit=limit - len(rows), offset=offset, after=within)
            offset = 0
        return rows

    def count(self, where: Filter | None = None) -> int:
        sql, params = filtered_query(where or Filter(), "count(*)")
        return int(self._db.execute(sql, params).fetchone()[0])

    def export(self) -> Iterator[Application]:
        """Every application's current revision, oldest first; not the cases whose
        personal data left after their retention period (:meth:`stripped_count`): what is
        left of one is no application another workstation could take."""
        last = 0
        while True:
            rows = self._db.execute(
                f"SELECT rowid, {DOCUMENT_COLUMNS} FROM applications WHERE rowid > ? "
                "AND purged_at IS NULL ORDER BY rowid LIMIT 500",
                (last,),
            ).fetchall()
            if not rows:
                return
            for rowid, *columns in rows:
                last = rowid
                yield from_row(*columns)

    def stripped_count(self) -> int:
        """Decided cases whose personal data left this laptop (frontdesk.store.retention)."""
        return int(self._db.scalar("SELECT count(*) FROM applications WHERE purged_at IS NOT NULL"))

    def revisions(self, application_id: str) -> list[Application]:
        """Earlier revisions kept when a returned application was corrected."""
        rows = self._db.execute(
            "SELECT document FROM revisions WHERE application_id = ? ORDER BY revision",
            (application_id,),
        ).fetchall()
        return [Application.from_dict(json.loads(r[0])) for r in rows]

    def history(self, application_id: str) -> list[dict[str, Any]]:
        """What happened to an application, oldest first (from the audit log)."""
        return self._db.query(
            "SELECT seq, at, operator, action, revision, detail FROM audit "
            "WHERE application_id = ? ORDER BY seq",
            (application_id,),
        )

    def personal_data_removed_at(self, application_id: str) -> str | None:
        """When a decided case's personal data left this laptop (frontdesk.store.retention)."""
        value = self._db.scalar(
            "SELECT purged_at FROM applications WHERE id = ?", (application_id,)
        )
        return str(value) if value else None

    def correction_reason(self, app: Application) -> str:
        """What the back office asked to correct, while the new revision of a returned
        application is being prepared (a draft, or ready and not yet sent); "" otherwise.

        The returned revision keeps the reason in the history of revisions: the new one
        starts without a status reason of its own.
        """
        if app.revision < 2 or app.status not in (Status.DRAFT, Status.READY) or not app.id:
            return ""
        document = self._db.scalar(
            "SELECT document FROM revisions WHERE application_id = ? AND revision = ?",
            (app.id, app.revision - 1),
        )
        if document is None:
            return ""
        returned = json.loads(document)
        if returned.get("status") != Status.RETURNED.value:
            return ""
        return str(returned.get("status_reason") or "")

    def open_duplicates(self, app: Application) -> list[Summary]:
        """Undecided applications of the same person for one of the same services."""
        return open_duplicates(self._db, app)

    def _current(self, application_id: str) -> Application | None:
        row = self._db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM applications WHERE id = ?", (application_id,)
        ).fetchone()
        return from_row(*row) if row else None
