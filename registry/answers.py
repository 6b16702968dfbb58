"""The shapes intake answers with and writes: per-item results and table rows.

Pure functions (no database); :mod:`registry.intake` decides and stores with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Row

from frontdesk.model import Application, Status
from frontdesk.validation import Problem
from registry.accounts import Device


@dataclass(frozen=True)
class Checked:
    app: Application
    document: dict[str, Any]  # as the workstation sent it: what is stored
    content_hash: str
    document_text: str  # ``document`` as JSON text, written as is by the bulk insert


def item_result(app_id: Any, revision: Any, outcome: str, **extra: Any) -> dict[str, Any]:
    return {"id": app_id, "revision": revision, "outcome": outcome, **extra}


def rejected_result(
    app_id: Any, revision: Any, problems: list[Problem], code: str
) -> dict[str, Any]:
    described = [p.to_dict() for p in problems]
    return item_result(
        app_id,
        revision,
        "rejected",
        code=code,
        message="; ".join(f"{p['field']}: {p['message_en']}" for p in described),
        problems=described,
    )


def community_mismatch(app: Application, device: Device) -> dict[str, Any]:
    params = (("community", device.community),)
    problem = Problem("community", "community.mismatch", params=params)
    return rejected_result(app.id, app.revision, [problem], "community.mismatch")


def conflict_result(checked: Checked, code: str, message: str, **extra: Any) -> dict[str, Any]:
    app = checked.app
    return item_result(
        app.id,
        app.revision,
        "conflict",
        code=code,
        message=message,
        content_hash=checked.content_hash,
        **extra,
    )


def ack_for(number: str, revision: int, received_at: str) -> dict[str, Any]:
    return {
        "number": number,
        "revision": revision,
        "received_at": received_at,
        "status": Status.ACCEPTED.value,
    }


def services_key(app: Application) -> str:
    """Services as " 250 subsidy ": one LIKE '% 250 %' finds them on any backend."""
    return " " + " ".join(app.service_codes) + " "


@dataclass(frozen=True)
class Known:
    """What the database holds that decides one item's fate."""

    current: Row[Any] | None  # the application, if the registry has it
    stored: Row[Any] | None  # this very (id, revision), if received before
    number_owner: str | None  # the id of the application holding this number
    complete: set[str]  # complete blobs (at least those this item refers to)
    # Workstation codes of the batch's new numbers that an active device of another
    # community holds (Intake._foreign_codes).
    foreign_codes: frozenset[str] = frozenset()


def workstation_of(number: str) -> str:
    """The workstation code an application number begins with (``ZT01-2026-000001``)."""
    return number.split("-", 1)[0]


def attachment_hashes(app: Application) -> list[str]:
    return list(dict.fromkeys(a.sha256 for a in app.attachments))


def summary_values(app: Application, received_at: str) -> dict[str, Any]:
    return {
        "latest_revision": app.revision,
        "status": Status.ACCEPTED.value,
        "services": services_key(app),
        "applicant_name": app.applicant.full_name,
        "received_at": received_at,
    }


def application_row(app: Application, received_at: str) -> dict[str, Any]:
    return {
        "id": app.id,
        "number": app.number,
        "community": app.community,
        "first_received_at": received_at,
        **summary_values(app, received_at),
    }


def revision_row(checked: Checked, device: Device, received_at: str) -> dict[str, Any]:
    app = checked.app
    return {
        "id": app.id,
        "revision": app.revision,
        "content_hash": checked.content_hash,
        "document": checked.document,
        "status": Status.ACCEPTED.value,
        "device_id": device.id,
        "received_at": received_at,
    }


def blob_rows(app: Application) -> list[dict[str, Any]]:
    return [{"id": app.id, "revision": app.revision, "sha256": h} for h in attachment_hashes(app)]


def accepted_result(checked: Checked, received_at: str) -> dict[str, Any]:
    app = checked.app
    return item_result(
        app.id,
        app.revision,
        "accepted",
        content_hash=checked.content_hash,
        ack=ack_for(app.number, app.revision, received_at),
    )


def accepted_change(app: Application, received_at: str) -> dict[str, Any]:
    return {
        "community": app.community,
        "kind": "status",
        "application_id": app.id,
        "number": app.number,
        "revision": app.revision,
        "status": Status.ACCEPTED.value,
        "reason": None,
        "created_at": received_at,
    }
