"""The district back office: list applications, open one, record a decision."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from frontdesk.differences import differences
from frontdesk.identifiers import canonical_number, year_and_sequence
from frontdesk.messages import text as message_text
from frontdesk.model import Application, Status
from frontdesk.text import clean_reason, clean_text
from registry.blobs import BlobStore
from registry.db import (
    Clock,
    Database,
    application_blobs,
    application_revisions,
    applications,
    blobs,
    communities,
    decisions,
    iso,
    utc_now,
)
from registry.errors import Conflict, Invalid, NotFound
from registry.feed import append_status_change

DECISIONS: dict[str, Status] = {
    "grant": Status.GRANTED,
    "refuse": Status.REFUSED,
    "return": Status.RETURNED,
    "reopen": Status.ACCEPTED,  # a decision made in error is cancelled: decide it again
}
NEEDS_REASON = frozenset({"refuse", "return", "reopen"})
# What may be decided of an application in each status: an accepted one any way; one
# returned for correction can be refused (the correction was not brought in time) or
# reopened (returned in error: accepted again, to be decided as it is), or decided
# otherwise once its corrected revision arrives; a granted or refused one can only be
# reopened (a wrong decision, or one a complaint overturned), with the reason.
DECIDABLE: dict[Status, frozenset[str]] = {
    Status.ACCEPTED: frozenset(DECISIONS) - {"reopen"},
    Status.RETURNED: frozenset({"refuse", "reopen"}),
    Status.GRANTED: frozenset({"reopen"}),
    Status.REFUSED: frozenset({"reopen"}),
}
# The feed's word for a reopening: "accepted" again, and not a late acceptance (which a
# workstation rightly ignores over a decision); a workstation older than this skips it.
REOPENED = "reopened"
# The statuses an application in the registry has (a workstation's draft, ready or sent
# never reaches it): a filter by any other would list nothing, as if nothing waited.
LISTED_STATUSES = tuple(
    s.value for s in (Status.ACCEPTED, Status.GRANTED, Status.REFUSED, Status.RETURNED)
)
MAX_LIST = 1000
MAX_OFFSET = 2**31 - 1  # what both databases take (SQLite's INTEGER, PostgreSQL's OFFSET)


def status_text(status: str, lang: str = "uk") -> str:
    """A status as the back office reads it ("прийнято до розгляду", "задоволено", …)."""
    return message_text(f"status.{status}", lang=lang)


def decision_text(decision: str) -> str:
    """A decision of the record ("grant", "reopen", …) as the back office reads it."""
    if decision == "reopen":
        return message_text("status.reopened")
    status = DECISIONS.get(decision)
    return status_text(status.value) if status is not None else decision


def _like_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "number": row.number,
        "revision": row.latest_revision,
        "status": row.status,
        "community": row.community,
        "services": row.services.split(),
        "applicant_name": row.applicant_name,
        "received_at": row.received_at,
        "first_received_at": row.first_received_at,
    }


def _position(row: Any) -> str:
    """Where a listing stands after ``row`` (opaque to clients)."""
    raw = f"{row.first_received_at}|{row.number}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _after(position: str) -> Any:
    """The applications listed after ``position`` in the listing's order."""
    try:
        raw = base64.urlsafe_b64decode(position + "=" * (-len(position) % 4)).decode()
        first_received_at, number = raw.split("|")
    except (ValueError, UnicodeDecodeError):
        raise Invalid(
            'after: not a position this registry\'s listing gave (its "next")',
            code="after.invalid",
            uk="after: не позиція, яку дав перелік цього реєстру (його «next»)",
        ) from None
    return sa.or_(
        applications.c.first_received_at > first_received_at,
        sa.and_(
            applications.c.first_received_at == first_received_at,
            applications.c.number > number,
        ),
    )


# Not the content of a revision: what the registry or the workstation records about it.
_NOT_CONTENT = frozenset({"revision", "status", "status_reason", "updated_at"})


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed from one revision's document to the next, as the rules read them
    (normalised): each changed field's path with its old and new value (None: absent)."""
    old, new = (Application.from_dict(d).to_dict() for d in (before, after))
    return [
        {"path": d.path, "old": d.old, "new": d.new}
        for d in differences(old, new, ignore=_NOT_CONTENT)
    ]


MAX_REASON = 2000  # "status_reason" in resources/schema/application.schema.json
MAX_DECIDED_BY = 200  # decisions.decided_by


class BackOffice:
    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def list(
        self,
        *,
        community: str | None = None,
        status: str | None = None,
        service: str | None = None,
        limit: int = 100,
        offset: int = 0,
        after: str | None = None,
    ) -> dict[str, Any]:
        """Applications, oldest first (the order they should be worked through): by when
        each first arrived, so a case returned and corrected keeps its place in the queue
        instead of going to its end behind everything received since.

        ``next`` names the last one listed: given back as ``after``, the next page starts
        right after it, however many of this page were decided meanwhile (an offset would
        skip as many applications as were decided, never listing them).
        """
        if not 1 <= limit <= MAX_LIST:
            raise Invalid(
                f"limit must be 1–{MAX_LIST}",
                code="limit.invalid",
                uk=f"limit: від 1 до {MAX_LIST}",
            )
        if not 0 <= offset <= MAX_OFFSET:
            raise Invalid(f"offset must be 0–{MAX_OFFSET}", code="offset.invalid")
        conditions: list[Any] = []
        if community:
            conditions.append(applications.c.community == community.strip().upper())
        if status:
            if status.strip().lower() not in LISTED_STATUSES:
                raise Invalid(
                    f"No status {status!r}: {', '.join(LISTED_STATUSES)}",
                    code="status.invalid",
                    uk=f"Немає статусу {status!r}: {', '.join(LISTED_STATUSES)}",
                )
            conditions.append(applications.c.status == status.strip().lower())
        if service:
            pattern = f"% {_like_literal(service.strip())} %"
            conditions.append(applications.c.services.like(pattern, escape="\\"))
        where = sa.and_(sa.true(), *conditions)
        page = sa.and_(where, _after(after)) if after else where
        with self._db.read() as conn:
            total = conn.execute(
                sa.select(sa.func.count()).select_from(applications).where(where)
            ).scalar_one()
            if not total and community:  # a typo is not "nothing waits there"
                code = community.strip().upper()
                exists = conn.execute(
                    sa.select(communities.c.code).where(communities.c.code == code)
                ).first()
                if exists is None:
                    raise NotFound(
                        f"No community {code}", code="community.unknown", uk=f"Немає громади {code}"
                    )
            rows = conn.execute(
                sa.select(applications)
                .where(page)
                .order_by(applications.c.first_received_at, applications.c.number)
                .limit(limit)
                .offset(offset)
            ).all()
        return {
            "items": [_summary(row) for row in rows],
            "total": total,
            "next": _position(rows[-1]) if rows else after,
        }

    def show(self, number: str) -> dict[str, Any]:
        """The latest revision's document, every revision, its attachments and decisions."""
        with self._db.read() as conn:
            app = self._application(conn, number)
            revisions = conn.execute(
                sa.select(application_revisions)
                .where(application_revisions.c.id == app.id)
                .order_by(application_revisions.c.revision)
            ).all()
            attached = conn.execute(
                sa.select(blobs.c.sha256, blobs.c.size, blobs.c.complete)
                .join(application_blobs, application_blobs.c.sha256 == blobs.c.sha256)
                .where(
                    application_blobs.c.id == app.id,
                    application_blobs.c.revision == app.latest_revision,
                )
            ).all()
            decided = conn.execute(
                sa.select(decisions)
                .where(decisions.c.application_id == app.id)
                .order_by(decisions.c.seq)
            ).all()
        latest = revisions[-1]
        # Stored as the workstation sent it; shown as the rules read it (normalised).
        document = Application.from_dict(latest.document).to_dict()
        described = {a.get("sha256"): a for a in document.get("attachments", [])}
        return {
            **_summary(app),
            "document": document,
            "revisions": [
                {
                    "revision": r.revision,
                    "content_hash": r.content_hash,
                    "status": r.status,
                    "received_at": r.received_at,
                    # What the correction changed (none for the first revision).
                    **({"changes": changes(before.document, r.document)} if before else {}),
                }
                for before, r in zip([None, *revisions], revisions, strict=False)
            ],
            "attachments": [
                {
                    "sha256": a.sha256,
                    "size": a.size,
                    "complete": a.complete,
                    "filename": described.get(a.sha256, {}).get("filename", ""),
                    "media_type": described.get(a.sha256, {}).get("media_type", ""),
                }
                for a in attached
            ],
            "decisions": [
                {
                    "decision": d.decision,
                    "revision": d.revision,
                    "reason": d.reason,
                    "decided_at": d.decided_at,
                    "decided_by": d.decided_by,
                }
                for d in decided
            ],
        }

    @staticmethod
    def attachment(
        shown: dict[str, Any], store: BlobStore, sha256: str
    ) -> tuple[Path, dict[str, Any]]:
        """The file of one attachment of ``shown`` (its latest revision), uploaded in full."""
        found = next((a for a in shown["attachments"] if a["sha256"] == sha256.lower()), None)
        if found is None:
            raise NotFound(
                f"{shown['number']} revision {shown['revision']} has no attachment {sha256}",
                code="attachment.unknown",
                uk=f"У {shown['number']}, редакція {shown['revision']}, немає вкладення {sha256}",
            )
        if not found["complete"] or not store.path(found["sha256"]).is_file():
            raise NotFound(
                f"Attachment {sha256} of {shown['number']} is not uploaded in full yet",
                code="attachment.incomplete",
                uk=f"Вкладення {sha256} заяви {shown['number']} ще не завантажено повністю",
            )
        return store.path(found["sha256"]), found

    @staticmethod
    def save_attachments(shown: dict[str, Any], store: BlobStore, folder: Path) -> tuple[Path, ...]:
        """Copy the latest revision's attachments uploaded in full into ``folder``, named as
        on the laptop (made safe as a file name); nothing in it is overwritten."""
        complete = [a for a in shown["attachments"] if a["complete"]]
        targets: list[tuple[Path, Path]] = []
        for i, found in enumerate(complete, start=1):
            source = store.path(found["sha256"])
            if not source.is_file():
                raise NotFound(
                    f"Attachment {found['sha256']} of {shown['number']} is not in {store.root}: "
                    "give the folder `serve` keeps them in (--blobs)",
                    code="attachment.missing",
                    uk=f"Вкладення {found['sha256']} заяви {shown['number']} немає в "
                    f"{store.root}: вкажіть теку, у якій їх тримає `serve` (--blobs)",
                )
            name = _safe_filename(found["filename"]) or f"{found['sha256'][:12]}"
            targets.append((source, folder / f"{shown['number']}-{i}-{name}"))
        folder.mkdir(parents=True, exist_ok=True)
        for source, target in targets:
            with source.open("rb") as src, target.open("xb") as dst:  # never overwrite
                shutil.copyfileobj(src, dst)
        return tuple(target for _, target in targets)

    def decide(
        self,
        number: str,
        decision: str,
        reason: str | None = None,
        *,
        revision: int | None = None,
        decided_by: str = "",
    ) -> dict[str, Any]:
        """Grant, refuse or return the latest revision; the workstation learns it from the feed.

        ``decided_by`` names who decided, for the application's record (``show``).

        ``revision`` is the revision the officer looked at: when another has arrived since
        (the resident's correction of a returned case came in while she was writing "the
        correction was not brought"), nothing is decided and :class:`Conflict` says so.
        """
        if decision not in DECISIONS:
            raise Invalid(
                f"Unknown decision {decision!r}: grant, refuse, return or reopen",
                code="decision.invalid",
                uk=f"Невідоме рішення {decision!r}: grant, refuse, return або reopen",
            )
        reason = clean_reason(reason or "") or None  # (its lines kept: a list of what to fix)
        if decision in NEEDS_REASON and not reason:
            raise Invalid(
                f"A reason is required to {decision} an application",
                code="decision.reason_required",
                uk=f"Для рішення {decision} потрібна причина (--reason)",
            )
        if reason and len(reason) > MAX_REASON:
            # The workstation keeps the reason in the application's document, whose format
            # allows this much: a longer one would make its export unreadable by import.
            raise Invalid(
                f"The reason is {len(reason)} characters long: at most {MAX_REASON}",
                code="decision.reason_too_long",
                uk=f"Причина завдовжки {len(reason)} символів: щонайбільше {MAX_REASON}",
            )
        decided_by = clean_text(decided_by or "")
        if not decided_by:
            raise Invalid(
                "Say who decides",
                code="decision.decided_by_required",
                uk="Вкажіть, хто ухвалює рішення (--by)",
            )
        if len(decided_by) > MAX_DECIDED_BY:
            raise Invalid(
                f"Who decides: at most {MAX_DECIDED_BY} characters",
                code="decision.decided_by_too_long",
                uk=f"Хто ухвалює рішення: щонайбільше {MAX_DECIDED_BY} символів",
            )
        status = DECISIONS[decision]
        now = iso(self._clock())
        with self._db.write() as conn:
            app = self._application(conn, number, lock=True)
            if revision is not None and revision != app.latest_revision:
                raise Conflict(
                    f"Application {app.number} has revision {app.latest_revision} now "
                    f"({app.status}, received {app.received_at}), not revision {revision}: "
                    "nothing was decided. Look at it again (show) before deciding",
                    code="decision.stale",
                    uk=f"Заява {app.number} має тепер редакцію {app.latest_revision} "
                    f"({status_text(app.status)}, отримано {app.received_at}), а не "
                    f"{revision}: рішення не ухвалено. Перегляньте її знову (show), перш ніж "
                    "вирішувати",
                    status=app.status,
                    latest_revision=app.latest_revision,
                )
            last = conn.execute(
                sa.select(decisions)
                .where(decisions.c.application_id == app.id)
                .order_by(decisions.c.seq.desc())
                .limit(1)
            ).first()
            if revision is None and last is not None and last.revision < app.latest_revision:
                _unread(app, last)
            if decision not in DECIDABLE.get(Status(app.status), frozenset()):
                by = f" by {last.decided_by or '(not recorded)'}" if last else ""
                when = f" ({last.decision}{by}, {last.decided_at})" if last else ""
                by_uk = f", {last.decided_by or '(не записано)'}" if last else ""
                when_uk = (
                    f" ({decision_text(last.decision)}{by_uk}, {last.decided_at})" if last else ""
                )
                raise Conflict(
                    f"Application {app.number} is {app.status}{when}: only an accepted "
                    "application can be decided, a returned one refused or reopened (returned "
                    "in error), and a granted or refused one reopened",
                    code="decision.not_allowed",
                    uk=f"Заява {app.number}: {status_text(app.status)}{when_uk}. Рішення "
                    "ухвалюють щодо прийнятої до розгляду заяви; у поверненій на "
                    "доопрацювання можна лише відмовити або скасувати повернення (reopen), а "
                    "задоволену чи відхилену — переглянути (reopen)",
                    status=app.status,
                    decided_by=last.decided_by if last else None,
                    decided_at=last.decided_at if last else None,
                )
            conn.execute(
                decisions.insert().values(
                    application_id=app.id,
                    revision=app.latest_revision,
                    decision=decision,
                    reason=reason,
                    decided_at=now,
                    decided_by=decided_by,
                )
            )
            conn.execute(
                applications.update().where(applications.c.id == app.id).values(status=status)
            )
            conn.execute(
                application_revisions.update()
                .where(
                    application_revisions.c.id == app.id,
                    application_revisions.c.revision == app.latest_revision,
                )
                .values(status=status)
            )
            append_status_change(
                self._db,
                conn,
                community=app.community,
                application_id=app.id,
                number=app.number,
                revision=app.latest_revision,
                status=REOPENED if decision == "reopen" else status.value,
                reason=reason,
                at=now,
            )
        return {
            "id": app.id,
            "number": app.number,
            "revision": app.latest_revision,
            "status": status.value,
            "reason": reason,
            "decided_at": now,
            "decided_by": decided_by,
        }

    @staticmethod
    def _application(conn: Connection, typed: str, *, lock: bool = False) -> Any:
        number = canonical_number(typed)
        if number is None:  # its year and sequence only: the one application they name
            year_sequence = year_and_sequence(typed)
            found = (
                conn.execute(
                    sa.select(applications.c.number)
                    .where(
                        applications.c.number.like(f"%-{_like_literal(year_sequence)}", escape="\\")
                    )
                    .order_by(applications.c.number)
                    .limit(MAX_SAME_SEQUENCE + 1)
                )
                .scalars()
                .all()
                if year_sequence
                else []
            )
            if len(found) > 1:
                shown = ", ".join(found[:MAX_SAME_SEQUENCE])
                more = ", …" if len(found) > MAX_SAME_SEQUENCE else ""
                raise Invalid(
                    f"{typed.strip()} names more than one application ({shown}{more}): "
                    "give the whole number",
                    code="application.ambiguous",
                    uk=f"{typed.strip()} — це номер кількох заяв ({shown}{more}): "
                    "вкажіть номер повністю",
                )
            number = found[0] if found else typed.strip().upper()
        query = sa.select(applications).where(applications.c.number == number)
        row = conn.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise NotFound(
                f"No application {typed.strip()}",
                code="application.unknown",
                uk=f"Немає заяви {typed.strip()}",
            )
        return row


def _unread(app: Any, last: Any) -> None:
    """Refuse to decide ``app`` with no revision named: one arrived after its last decision
    (``last``), which the officer may not have read (she refuses "the correction was not
    brought" of a case whose correction came in a moment ago)."""
    latest = app.latest_revision
    raise Conflict(
        f"Application {app.number} has revision {latest}, received {app.received_at}, after "
        f"its last decision ({last.decision}, revision {last.revision}): nothing was decided. "
        f"Look at it (show), then give the revision you decide on: --revision {latest} "
        f'("revision": {latest} over the API)',
        code="decision.revision_required",
        uk=f"Заява {app.number} має редакцію {latest}, отриману {app.received_at}, після "
        f"останнього рішення ({decision_text(last.decision)}, редакція {last.revision}): "
        f"рішення не ухвалено. Перегляньте її (show) і вкажіть редакцію, щодо якої "
        f'ухвалюєте рішення: --revision {latest} (в API — "revision": {latest})',
        status=app.status,
        latest_revision=latest,
    )


def _safe_filename(name: str) -> str:
    """A laptop's file name as a name in one folder: no folders, no control characters."""
    name = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]", "_", name.replace("\\", "/").split("/")[-1])
    return name.strip(" .")[:120]


MAX_SAME_SEQUENCE = 5  # applications named in the error when a year and sequence are not enough
