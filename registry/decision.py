"""A back-office decision: grant, refuse, return or reopen an application's latest
revision, recorded with who decided and published to its workstation through the feed."""

from __future__ import annotations

from typing import Any, NoReturn

import sqlalchemy as sa

from frontdesk.messages import text as message_text
from frontdesk.model import Status
from frontdesk.text import clean_reason, clean_text
from registry.application_lookup import find_application
from registry.db import (
    Clock,
    Database,
    application_revisions,
    applications,
    decisions,
    iso,
    utc_now,
)
from registry.errors import Conflict, Invalid
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
MAX_REASON = 2000  # "status_reason" in resources/schema/application.schema.json
MAX_DECIDED_BY = 200  # decisions.decided_by


def status_text(status: str, lang: str = "uk") -> str:
    """A status as the back office reads it ("прийнято до розгляду", "задоволено", …)."""
    return message_text(f"status.{status}", lang=lang)


def decision_text(decision: str) -> str:
    """A decision of the record ("grant", "reopen", …) as the back office reads it."""
    if decision == "reopen":
        return message_text("status.reopened")
    status = DECISIONS.get(decision)
    return status_text(status.value) if status is not None else decision


class Decisions:
    """The decisions of the back office on the applications of one registry database."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

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
        reason = _checked_reason(decision, reason)
        decided_by = _checked_decided_by(decided_by)
        status = DECISIONS[decision]
        now = iso(self._clock())
        with self._db.write() as conn:
            app = find_application(conn, number, lock=True)
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
                _not_allowed(app, last)
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


def _checked_reason(decision: str, reason: str | None) -> str | None:
    """The reason as recorded (its lines kept: a list of what to fix), or why it is not."""
    reason = clean_reason(reason or "") or None
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
    return reason


def _checked_decided_by(decided_by: str) -> str:
    """Who decides, as recorded, or why it is not."""
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
    return decided_by


def _unread(app: Any, last: Any) -> NoReturn:
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


def _not_allowed(app: Any, last: Any) -> NoReturn:
    """Refuse a decision ``app``'s status does not allow (see :data:`DECIDABLE`), naming
    its last decision (``last``, if any) and who made it."""
    by = f" by {last.decided_by or '(not recorded)'}" if last else ""
    when = f" ({last.decision}{by}, {last.decided_at})" if last else ""
    by_uk = f", {last.decided_by or '(не записано)'}" if last else ""
    when_uk = f" ({decision_text(last.decision)}{by_uk}, {last.decided_at})" if last else ""
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
