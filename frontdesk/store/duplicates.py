"""The same person's undecided applications: the form's warning before a save, and the
import's two rules (a file run again changes nothing; with ``refuse_duplicates`` a second
application of a person for the same service is refused).

Applications are never deleted and a decided one is a past application: the same person
may apply again with the same data, so only undecided ones count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from frontdesk.model import Application
from frontdesk.store.importing import as_imported
from frontdesk.store.rows import SUMMARY_COLUMNS, Summary, person_keys, summary
from frontdesk.text import sort_key

_UNDECIDED = "a.status NOT IN ('granted', 'refused')"


def open_duplicates(db: Any, app: Application) -> list[Summary]:
    """Undecided applications of the same person (РНОКПП, УНЗР or document number) for one
    of the same services."""
    keys = person_keys(app)
    if not keys or not app.services:
        return []
    services = " OR ".join("a.services LIKE ?" for _ in app.services)
    sql = (
        f"SELECT {SUMMARY_COLUMNS} FROM applications_fts f "
        "JOIN applications a ON a.rowid = f.rowid WHERE applications_fts MATCH ? "
        f"AND ({services}) AND {_UNDECIDED} AND a.id != ? "
        "ORDER BY f.rowid DESC LIMIT 20"
    )
    match = " OR ".join(f'"{key}"' for key in keys)  # (keys are letters and digits only)
    params = [match, *(f"% {s.code} %" for s in app.services), app.id]
    return [summary(r) for r in db.execute(sql, params).fetchall()]


def import_candidates(db: Any, app: Application, undecided: list[Summary]) -> list[Summary]:
    """Where an import looks for what it imported before: the person's ``undecided``
    applications; with no identifier to go by (a draft from paper), those of the same name."""
    if person_keys(app):
        return undecided
    rows = db.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM applications a WHERE a.name_sort = ? "
        f"AND {_UNDECIDED} ORDER BY a.rowid DESC LIMIT 20",
        (sort_key(app.applicant.full_name),),
    ).fetchall()
    return [summary(r) for r in rows]


def imported_before(
    app: Application,
    candidates: list[Summary],
    current: Callable[[str], Application | None],
) -> Application | None:
    """Among ``candidates``, one whose content is this document's, apart from what the
    store assigns (id, number, times, who imported it) — and whose creation time is the
    document's when the document has one."""
    mine = as_imported(app)
    for candidate in candidates:
        existing = current(candidate.id)
        if existing is None or as_imported(existing) != mine:
            continue
        if app.created_at and app.created_at != existing.created_at:
            continue
        return existing
    return None
