"""Correcting the workstation code given at set-up (:meth:`Profile.change_workstation`).

A workstation code starts every application number this laptop issues, and the registry
holds one code for one enrolled laptop. A second laptop set up by mistake with a code
another laptop holds (ZT01 typed for ZT02) is refused at enrolment, and its receipts carry
the other laptop's numbers. While it is not enrolled and none of its own applications has
left it, the code is corrected here: each application of this workstation's old series
gets the same year and sequence in the new one (ZT01-2026-000005 → ZT02-2026-000005), and
the numbers of drafts thrown away stay taken in the new series too
(:mod:`frontdesk.store.numbers`). Numbers not given here (of other series, or of this one
but moved here with their id from the laptop that really holds the code) are not this
workstation's to give, and keep theirs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from frontdesk.errors import InvalidInput
from frontdesk.store.audit import stamp
from frontdesk.store.numbers import DISCARDED_KEY, VOID_KEY
from frontdesk.store.outbox import REGISTRY_KEY
from frontdesk.store.rows import DOCUMENT_COLUMNS, from_row
from frontdesk.store.writing import audit, write_row

# The history line of an application given the new series' number (its detail: the old one).
RENUMBERED = "workstation_changed"


def own_series(workstation: str) -> str:
    """The GLOB of every number of ``workstation``'s series, of any year."""
    return f"{workstation}-" + "[0-9]" * 4 + "-" + "[0-9]" * 6


# Numbered on this laptop: saved here, or a line of people's files imported here (paper
# intake); not a document moved here with its id (an export of the laptop that really holds
# the code, whose resident holds that laptop's receipt).
_NUMBERED_HERE = (
    "(EXISTS (SELECT 1 FROM audit WHERE application_id = a.id AND action = 'created') "
    "OR EXISTS (SELECT 1 FROM imported_lines WHERE application_id = a.id))"
)


def workstation_fixed(conn: Any, workstation: str) -> str | None:
    """Why the workstation code can no longer be corrected (a message code), or None.

    Once enrolled, the registry knows this laptop by its code; once one of its numbers
    has left the laptop (sent, or a correction of one sent), the registry holds it, and
    the resident's receipt names it."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (REGISTRY_KEY,)).fetchone():
        return "workstation.enrolled"
    series = own_series(workstation)
    sent = conn.execute(
        "SELECT 1 FROM applications a WHERE number GLOB ? "
        f"AND (status NOT IN ('draft', 'ready') OR revision > 1) AND {_NUMBERED_HERE} "
        "UNION ALL SELECT 1 FROM outbox o JOIN applications a ON a.id = o.application_id "
        f"WHERE o.state != 'pending' AND a.number GLOB ? AND {_NUMBERED_HERE} LIMIT 1",
        (series, series),
    ).fetchone()
    return "workstation.sent" if sent else None


def renumber_series(
    conn: Any, old: str, new: str, operator: str, now: dt.datetime
) -> list[tuple[str, str]]:
    """Give every application of ``old``'s series the number of the same year and
    sequence in ``new``'s, inside the caller's transaction, each with a line in its
    history; the numbers of discarded drafts stay taken in the new series. Returns (old
    number, new number) of each, in number order. :class:`InvalidInput` when a number of
    the new series is held here already (an application imported from the workstation
    that has that code): the caller's transaction is then rolled back."""
    rows = conn.execute(
        f"SELECT {DOCUMENT_COLUMNS} FROM applications a WHERE number GLOB ? "
        f"AND {_NUMBERED_HERE} ORDER BY number",
        (own_series(old),),
    ).fetchall()
    renumbered = []
    for row in rows:
        app = from_row(*row)
        number = new + app.number[len(old) :]
        _check_free(conn, number, new)
        renumbered.append((app.number, number))
        app.number, app.updated_at = number, stamp(now)
        if app.workstation == old:
            app.workstation = new
        audit(conn, operator, RENUMBERED, app.id, app.revision, now, detail=renumbered[-1][0])
        write_row(conn, app, created=False)  # (after: the old number stays findable)
    _keep_discarded(conn, old, new)
    return renumbered


def _check_free(conn: Any, number: str, workstation: str) -> None:
    if conn.execute("SELECT 1 FROM applications WHERE number = ?", (number,)).fetchone():
        raise InvalidInput(what_code="workstation.number_held", number=number, code=workstation)


def _keep_discarded(conn: Any, old: str, new: str) -> None:
    """The highest discarded number of each of ``old``'s series, and each discarded
    number, noted for ``new``'s series too (the old notes stay: harmless)."""
    prefix = f"{old}-"
    for key, value in conn.execute(
        "SELECT key, value FROM meta WHERE key GLOB ? OR key GLOB ?",
        (f"{DISCARDED_KEY}{prefix}*", f"{VOID_KEY}{prefix}*"),
    ).fetchall():
        if key.startswith(VOID_KEY):
            number = new + key[len(VOID_KEY) + len(old) :]
            _check_free(conn, number, new)
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, '')", (VOID_KEY + number,)
            )
        else:
            series = new + key[len(DISCARDED_KEY) + len(old) :]
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
                (DISCARDED_KEY + series, new + value[len(old) :]),
            )
