"""Rules for documents that come from people's files (paper converted, spreadsheets).

Pure functions: :meth:`frontdesk.store.import_batch.DocumentImport.import_batch` applies
them inside its transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from frontdesk.document import canonical_json
from frontdesk.errors import InvalidInput
from frontdesk.messages import text
from frontdesk.model import Application, Status
from frontdesk.store.entry import EARLIEST
from frontdesk.text import parse_stamp
from frontdesk.worktime import in_kyiv

# What the store (or sync) sets on an imported document, so not what makes it that document.
ASSIGNED_ON_IMPORT = (
    "id",
    "number",
    "revision",
    "status",
    "status_reason",
    "operator",
    "created_at",
    "updated_at",
)
# What the store fills in on import where a document with an id leaves it out.
FILLED_ON_IMPORT = ("operator", "workstation", "community", "created_at")
FUTURE_SKEW = dt.timedelta(days=1)  # a clock a little ahead elsewhere is not an error


def check_not_future(
    app: Application, now: dt.datetime, *, numbered: bool = False, behind: bool = False
) -> None:
    """An imported time after now (a typo such as 2099), or before 2000 (0026 for 2026),
    would date the receipt and the journal wrongly: the document is refused. A
    ``numbered`` one (with an id: an export, moved from another laptop) keeps a time after
    this laptop's now: it is what that laptop's clock said (run ahead, or this one's
    behind), the receipt was printed with it, and the registry may hold it so already.
    ``behind``: ``now`` is not this laptop's clock but the latest time known, its clock
    being known to be behind (frontdesk.store.decision_time.KnownClock)."""
    for what, stamp in (
        ("created_at", app.created_at),
        ("updated_at", app.updated_at),
        ("consent.given_at", app.consent.given_at),
    ):
        if not stamp:
            continue
        moment = parse_stamp(stamp)
        if moment is None:  # the schema's format took it, but it is no time: year 0000
            raise InvalidInput(what_code="import.no_such_time", field=what, stamp=stamp)
        if moment > now + FUTURE_SKEW and not numbered:
            raise InvalidInput(
                what_code="import.future_known" if behind else "import.future",
                field=what,
                stamp=stamp,
                today=_today(now),
            )
        if moment < EARLIEST:
            raise InvalidInput(what_code="import.before_2000", field=what, stamp=stamp)


def check_typed_number(
    number: str, workstation: str, now: dt.datetime, *, behind: bool = False
) -> None:
    """A number a document without an id carries (a paper receipt's, typed in): of
    ``workstation``'s own series, of a year that has been, not sequence 000000. ``number``
    has the form CODE-YYYY-NNNNNN already. ``behind``: as :func:`check_not_future`'s."""
    code, year, sequence = number.split("-")
    if code != workstation:
        raise InvalidInput(
            what_code="number.other_workstation", number=number, code=code, own=workstation
        )
    latest = in_kyiv(now + FUTURE_SKEW).year  # (the worker's calendar, as numbering)
    if int(year) > latest:  # (a typo, or this laptop's clock behind: it says its today)
        raise InvalidInput(
            what_code="number.year_ahead_known" if behind else "number.year_ahead",
            number=number,
            latest=str(latest),
            today=_today(now),
        )
    if int(year) < EARLIEST.year:
        raise InvalidInput(what_code="number.year", number=number, latest=str(latest))
    if not int(sequence):
        raise InvalidInput(what_code="number.zero", number=number)


def _today(now: dt.datetime) -> str:
    """Today by ``now`` (this laptop's clock, or the latest time known while it is behind),
    as a refusal that may be the clock's fault says it."""
    return f"{in_kyiv(now):%d.%m.%Y}"


# What a document new to this store (no ``id``) may say it is: one that was sent, or that the
# registry decided, has an id (it comes from another workstation's export). A line of a
# paper or spreadsheet conversion marked "sent" would never be sent: the registry has not
# got it, and this workstation would not queue it.
NEW_DOCUMENT_STATUSES = (Status.DRAFT, Status.READY)


def check_new_status(app: Application) -> None:
    """A document without an ``id`` is new here: a draft or ready to send, nothing later."""
    if app.id or app.status in NEW_DOCUMENT_STATUSES:
        return
    code = f"status.{app.status.value}"
    raise InvalidInput(
        what_code="import.status_needs_id",
        status=text(code, "en"),
        status_uk=text(code, "uk"),
    )


def import_fingerprint(app: Application) -> str:
    """A line of a file, as the import knows it again: what makes the document the one it
    is (:func:`as_imported`), and its creation time when it has one."""
    line = {"document": as_imported(app), "created_at": app.created_at or None}
    return hashlib.sha256(canonical_json(line).encode()).hexdigest()


def as_imported(app: Application) -> dict[str, Any]:
    """What makes a document the one it is, for "was this line imported before?"."""
    data = app.to_dict()
    for key in ASSIGNED_ON_IMPORT:
        data.pop(key, None)
    if isinstance(data.get("consent"), dict):
        data["consent"].pop("given_at", None)  # the import time when the file has none
    return data


def left_out(app: Application) -> frozenset[str]:
    """What of :data:`FILLED_ON_IMPORT` (and the consent's time) ``app`` leaves out, as
    its file gives it: the store fills those in."""
    empty = {name for name in FILLED_ON_IMPORT if not getattr(app, name)}
    if app.consent.given and not app.consent.given_at:
        empty.add("consent.given_at")
    return frozenset(empty)


def as_stored_before(app: Application, stored: Application, empty: frozenset[str]) -> Application:
    """``app`` with what the store filled in (``empty``: :func:`left_out` of the line as
    read) taken from ``stored``, the same document imported before: a file imported again
    that leaves out its times, operator or community is that document again, not another
    content."""
    filled = dataclasses.replace(app, **{n: getattr(stored, n) for n in empty if "." not in n})
    if "consent.given_at" in empty:
        filled.consent = dataclasses.replace(app.consent, given_at=stored.consent.given_at)
    return filled
