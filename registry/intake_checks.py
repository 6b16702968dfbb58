"""Intake's checks of one item: its structure, identity and community (no database
needed, before any transaction), then, with what the registry holds of it, the answer
for an item that must not be stored (a repeat, a refusal, attachments still missing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Row

from frontdesk.document import DocumentError, parse
from frontdesk.messages import MESSAGES
from frontdesk.model import Status
from frontdesk.validation import Problem, Validator
from registry import wire
from registry.accounts import Device
from registry.answers import (
    Checked,
    Known,
    ack_for,
    attachment_hashes,
    community_mismatch,
    conflict_result,
    item_result,
    rejected_result,
    workstation_of,
)
from registry.intake_storage import LostRace

_LATEST_OFFSET = dt.timedelta(hours=14)  # the earliest time zone to reach each date

MESSAGES.update(
    {
        "community.mismatch": (
            "Заява належить іншій громаді, ніж це робоче місце ({community})",
            "The application belongs to another community than this workstation ({community})",
        ),
        "number.taken": (
            "Номер заяви {number} уже має інша заява",
            "Application number {number} is already used by another application",
        ),
        "number.elsewhere": (
            "Номер заяви {number} належить до нумерації робочого місця {workstation} іншої громади",
            "Application number {number} is of the series of workstation {workstation} of "
            "another community",
        ),
        "number.changed": (
            "Номер заяви не можна змінювати (було {number})",
            "An application's number cannot change (it was {number})",
        ),
    }
)


def latest_date(moment: dt.datetime) -> dt.date:
    """The latest calendar date anywhere on Earth at ``moment`` (UTC+14, Kiritimati).

    A date is "in the future" to the registry only once it is so everywhere: a Kyiv
    worker's today (UTC+2/+3) is tomorrow in UTC for hours after midnight, and the
    registry's own time zone (a server's is UTC) is no one's calendar."""
    return (moment.astimezone(dt.UTC) + _LATEST_OFFSET).date()


def check_item(device: Device, item: Any) -> Checked | dict[str, Any]:
    """The document's structure, identity and community: what needs no database."""
    document = item.get("document") if isinstance(item, dict) else None
    app_id = document.get("id") if isinstance(document, dict) else None
    revision = document.get("revision", 1) if isinstance(document, dict) else None
    if not isinstance(document, dict):
        problem = Problem(
            "document",
            "schema",
            params=(("detail", "not an object"), ("detail_uk", "документ не є об'єктом JSON")),
        )
        return rejected_result(app_id, revision, [problem], "document.invalid")
    try:
        app = parse(document)
    except DocumentError as exc:
        return rejected_result(app_id, revision, exc.problems, "document.invalid")
    missing = [
        Problem(key, "required") for key in ("id", "number", "community") if not getattr(app, key)
    ]
    if missing:
        return rejected_result(app.id or app_id, app.revision, missing, "document.invalid")
    if app.community != device.community:
        return community_mismatch(app, device)
    # Kept as the workstation sent it: the content its own hash covers, and (from a
    # workstation, which sends what from_dict made) already normalised. Checks and
    # the summary columns use ``app``, the normalised reading; so does every reader
    # (Application.from_dict). Building the normalised dict again here was a sixth
    # of the registry's time per batch (bench/sync.py).
    return Checked(app, document, wire.content_hash(document), wire.document_text(document))


def judge(
    device: Device, checked: Checked, known: Known, validator: Validator
) -> dict[str, Any] | None:
    """The answer for an item that must not be stored, or None when it is to be stored."""
    app = checked.app
    if known.current is not None and known.current.community != device.community:
        return community_mismatch(app, device)
    if known.stored is not None:  # answered the same way even if the rules changed since
        return _repeat(checked, known.stored, known.current)
    report = validator.validate(app)
    if not report.ok:
        return rejected_result(app.id, app.revision, report.errors, "validation")
    refusal = _refuse_revision(checked, known)
    if refusal is not None:
        return refusal
    missing = [h for h in attachment_hashes(app) if h not in known.complete]
    if missing:
        return item_result(
            app.id,
            app.revision,
            "missing_blobs",
            code="blobs.missing",
            message=f"{len(missing)} attachment(s) not uploaded yet",
            missing=missing,
        )
    return None


def _repeat(checked: Checked, stored: Row[Any], current: Row[Any] | None) -> dict[str, Any]:
    app = checked.app
    if stored.content_hash != checked.content_hash:
        return conflict_result(
            checked,
            "revision.conflict",
            f"Revision {app.revision} of this application was received before with other content",
            stored_content_hash=stored.content_hash,
        )
    number = current.number if current is not None else app.number
    return item_result(
        app.id,
        app.revision,
        "duplicate",
        content_hash=stored.content_hash,
        ack=ack_for(number, stored.revision, stored.received_at),
    )


def _refuse_revision(checked: Checked, known: Known) -> dict[str, Any] | None:
    """Why this new revision may not be stored, or None when it may."""
    app = checked.app
    current, number_owner = known.current, known.number_owner
    if current is None:
        if app.revision != 1:
            return conflict_result(
                checked,
                "revision.unexpected",
                f"Revision {app.revision} of an application the registry does not have",
                latest_revision=None,
            )
        if number_owner == app.id:
            raise LostRace(app.id)  # committed since our first read: answer from it
        code = workstation_of(app.number)
        if code in known.foreign_codes:
            # Another community's laptop numbers with this code: it would find its
            # numbers taken (renumbered, then set aside), as if two communities shared
            # one workstation code, which enrolment never lets happen.
            params = (("number", app.number), ("workstation", code))
            problem = Problem("number", "number.elsewhere", params=params)
            return rejected_result(app.id, app.revision, [problem], "number.elsewhere")
        if number_owner is not None:
            problem = Problem("number", "number.taken", params=(("number", app.number),))
            return rejected_result(app.id, app.revision, [problem], "number.taken")
        return None
    if current.number != app.number:
        problem = Problem("number", "number.changed", params=(("number", current.number),))
        return rejected_result(app.id, app.revision, [problem], "number.changed")
    if app.revision != current.latest_revision + 1 or current.status != Status.RETURNED:
        return conflict_result(
            checked,
            "revision.unexpected",
            f"Revision {app.revision} is accepted only after revision "
            f"{app.revision - 1} was returned for correction "
            f"(the registry has revision {current.latest_revision}, {current.status})",
            latest_revision=current.latest_revision,
        )
    return None
