"""A returned case's correction, typed on the laptop and not delivered yet, while the back
office changes its mind: a refusal cancelled (on the same page of the feed or a later
one), a return cancelled, returned again with a new reason. The worker's typing and scans
are never thrown away, and the laptop shows what the registry says now."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from frontdesk.messages import history_text
from frontdesk.model import Attachment, Status
from frontdesk.store import retention
from sync.errors import Offline
from sync.protocol import ChangePage, RegistryClient
from tests.conftest import run_cli
from tests.factories import application
from tests.sync.conftest import Workstation
from tests.sync.test_sync_corrections import _backdate_decision

PHONE = "+380509998877"  # what the worker typed in the correction


def returned_and_corrected(workstation: Workstation, *, ready: bool = False) -> tuple[str, str]:
    """A case returned for correction, and its correction begun on the laptop with a new
    phone and the scan the resident brought; its id and the scan's sha256."""
    profile, registry = workstation.profile, workstation.registry
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "return", "--reason", "Додайте довідку про доходи")
    workstation.engine().sync_once()
    draft = profile.applications.start_revision(saved.id, "oksana")
    draft.applicant.phone = PHONE
    data = b"%PDF-1.4 the income statement the resident brought"
    scan = profile.applications.put_blob(data)
    draft.attachments.append(
        Attachment(sha256=scan, filename="dovidka.pdf", media_type="application/pdf", size=1)
    )
    if ready:
        draft.status = Status.READY
    profile.applications.save(draft, "oksana")
    return saved.id, scan


def feed_pages_of(monkeypatch: pytest.MonkeyPatch, size: int, *, lost: int = 0) -> None:
    """The feed comes ``size`` changes a page (as when other laptops' deliveries fill the
    pages in between); with ``lost``, the link drops when that page is asked for, once."""
    asked = {"pages": 0}
    read = RegistryClient.changes

    def changes(client: RegistryClient, cursor: str | None, limit: int = 500) -> ChangePage:
        asked["pages"] += 1
        if asked["pages"] == lost:
            raise Offline("the link dropped")
        return read(client, cursor, size)

    monkeypatch.setattr(RegistryClient, "changes", changes)


def actions(workstation: Workstation, app_id: str) -> list[Any]:
    return [e["action"] for e in workstation.profile.applications.history(app_id)]


def test_a_refusal_cancelled_on_a_later_page_of_the_feed_keeps_the_correction(
    workstation: Workstation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused, the refusal cancelled and the case returned again while the laptop was
    offline; the three come on three pages. The registry waits for the correction."""
    profile, registry = workstation.profile, workstation.registry
    app_id, scan = returned_and_corrected(workstation)
    number = profile.applications.get(app_id).number
    registry.cli("decide", number, "refuse", "--reason", "Довідку не подано")
    registry.cli("decide", number, "reopen", "--reason", "Довідку подано вчасно")
    registry.cli("decide", number, "return", "--reason", "Додайте довідку, будь ласка")
    feed_pages_of(monkeypatch, 1)

    assert workstation.engine().sync_once().pull.pages >= 3

    here = profile.applications.get(app_id)
    assert (here.revision, here.status, here.applicant.phone) == (2, Status.DRAFT, PHONE)
    assert [a.sha256 for a in here.attachments] == [scan]
    assert profile.applications.correction_reason(here) == "Додайте довідку, будь ласка"
    assert "correction_withdrawn" not in actions(workstation, app_id)


def test_a_feed_read_cut_short_between_pages_takes_nothing_away_until_it_is_read_on(
    workstation: Workstation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal is on the first page and the link drops before the next: the pages not
    read may cancel it, so the correction stays. The next round reads on and the refusal
    is still the registry's last word: only then is the correction set aside."""
    profile, registry = workstation.profile, workstation.registry
    app_id, scan = returned_and_corrected(workstation)
    number = profile.applications.get(app_id).number
    registry.cli("decide", number, "refuse", "--reason", "Довідку не подано вчасно")
    profile.applications.save(application(surname="Бондар"), "oksana")  # (its "accepted" next)
    feed_pages_of(monkeypatch, 1, lost=2)

    with pytest.raises(Offline):
        workstation.engine().sync_once()

    here = profile.applications.get(app_id)
    assert (here.revision, here.status, here.applicant.phone) == (2, Status.DRAFT, PHONE)

    workstation.engine().sync_once()

    here = profile.applications.get(app_id)
    assert (here.revision, here.status) == (1, Status.REFUSED)
    assert here.status_reason == "Довідку не подано вчасно"
    [kept] = profile.applications.set_aside(app_id)
    assert kept.revision == 2 and kept.document["applicant"]["phone"] == PHONE
    assert profile.applications.has_blob(scan)


def test_a_refusal_made_in_error_and_cancelled_gives_the_worker_her_correction_back(
    workstation: Workstation,
) -> None:
    """The back office refuses ("not brought in time") while the worker's correction waits
    on the laptop, which syncs; then it sees the mistake, cancels the refusal and returns
    the case again. Nothing the worker typed or scanned was lost on the way."""
    profile, registry = workstation.profile, workstation.registry
    app_id, scan = returned_and_corrected(workstation, ready=True)
    number = profile.applications.get(app_id).number
    registry.cli("decide", number, "refuse", "--reason", "Довідку не подано вчасно")
    workstation.engine().sync_once()

    refused = profile.applications.get(app_id)
    assert (refused.revision, refused.status) == (1, Status.REFUSED)
    [kept] = profile.applications.set_aside(app_id)  # the card's "Не надіслано"
    assert kept.revision == 2 and kept.document["applicant"]["phone"] == PHONE
    assert profile.applications.has_blob(scan)
    assert (profile.outbox.status().pending, profile.outbox.status().quarantined) == (0, 0)
    assert history_text("correction_withdrawn").startswith("Виправлення не надіслано")

    registry.cli("decide", number, "reopen", "--reason", "Довідку подано вчасно, помилка")
    registry.cli("decide", number, "return", "--reason", "Додайте ще довідку ВПО")
    workstation.engine().sync_once()
    draft = profile.applications.start_revision(app_id, "oksana")

    assert (draft.revision, draft.status, draft.applicant.phone) == (2, Status.DRAFT, PHONE)
    assert [a.sha256 for a in draft.attachments] == [scan]
    assert profile.applications.correction_reason(draft) == "Додайте ще довідку ВПО"
    assert profile.applications.set_aside(app_id) == []
    draft.status = Status.READY
    profile.applications.save(draft, "oksana")
    assert workstation.engine().sync_once().push.delivered == 1
    [row] = workstation.registry_applications()
    assert (row["revision"], row["status"]) == (2, "accepted")


def test_a_refusal_cancelled_while_a_correction_waits_shows_the_case_accepted_again(
    workstation: Workstation,
) -> None:
    """Refused and the refusal cancelled before the laptop syncs: the registry holds the
    returned revision accepted again, to be decided as it is, and takes no correction of
    it. The laptop says so, with the reason; the correction is set aside, not sent."""
    profile, registry = workstation.profile, workstation.registry
    app_id, scan = returned_and_corrected(workstation, ready=True)
    number = profile.applications.get(app_id).number
    registry.cli("decide", number, "refuse", "--reason", "Довідку не подано вчасно")
    registry.cli("decide", number, "reopen", "--reason", "Відмову скасовано: розглянемо як є")

    workstation.engine().sync_once()  # (the registry refuses it, being no longer expected)

    assert (profile.outbox.status().pending, profile.outbox.status().quarantined) == (0, 0)
    here = profile.applications.get(app_id)
    assert (here.revision, here.status) == (1, Status.ACCEPTED)
    assert here.status_reason == "Відмову скасовано: розглянемо як є"
    [kept] = profile.applications.set_aside(app_id)
    assert kept.document["applicant"]["phone"] == PHONE and profile.applications.has_blob(scan)
    shown_here = run_cli("--data-dir", str(profile.root), "show", number).stdout
    assert "Відмову скасовано: розглянемо як є" in shown_here
    registry.cli("decide", number, "grant")
    workstation.engine().sync_once()
    assert profile.applications.get(app_id).status is Status.GRANTED


def test_a_case_returned_again_while_its_correction_is_drafted_shows_the_new_reason(
    workstation: Workstation,
) -> None:
    profile, registry = workstation.profile, workstation.registry
    app_id, _scan = returned_and_corrected(workstation)
    number = profile.applications.get(app_id).number
    registry.cli("decide", number, "refuse", "--reason", "Довідку не подано")
    registry.cli("decide", number, "reopen", "--reason", "Помилка")
    registry.cli("decide", number, "return", "--reason", "Додайте ще паспорт дружини")

    applied = workstation.engine().sync_once().pull.applied

    assert [c["status"] for c in applied] == ["returned"]
    shown_here = run_cli("--data-dir", str(profile.root), "show", number).stdout
    assert "Повернуто на доопрацювання: Додайте ще паспорт дружини" in shown_here
    draft = profile.applications.get(app_id)
    assert (draft.revision, draft.applicant.phone) == (2, PHONE)
    # Discarded, the correction leaves the case as the registry holds it: returned, anew.
    back = profile.applications.discard_draft(app_id, "oksana")
    assert back is not None
    assert (back.status, back.status_reason) == (Status.RETURNED, "Додайте ще паспорт дружини")


def test_a_case_whose_personal_data_left_shows_why_it_was_reopened_and_returned(
    workstation: Workstation,
) -> None:
    """Refused, and stripped on the laptop once its retention period passed; a complaint
    overturns the refusal months later. The back office's reasons are its own words,
    nothing of the resident's: the worker reads them."""
    profile, registry = workstation.profile, workstation.registry
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "refuse", "--reason", "Дохід перевищує межу")
    _backdate_decision(workstation, saved.id, 400)
    workstation.engine().sync_once()
    assert retention.remove_expired(profile, dt.datetime.now(dt.UTC) + dt.timedelta(days=400))

    registry.cli("decide", saved.number, "reopen", "--reason", "Скаргу задоволено")
    workstation.engine().sync_once()
    reopened = profile.applications.get(saved.id)
    assert (reopened.status, reopened.status_reason) == (Status.ACCEPTED, "Скаргу задоволено")
    registry.cli("decide", saved.number, "return", "--reason", "Додайте нову довідку")
    workstation.engine().sync_once()
    here = profile.applications.get(saved.id)
    assert (here.status, here.status_reason) == (Status.RETURNED, "Додайте нову довідку")
    assert here.applicant.surname == ""  # (still nothing of the resident)


def test_a_return_cancelled_while_its_correction_is_typed_leaves_the_case_accepted(
    workstation: Workstation,
) -> None:
    """The officer returned the wrong case and cancels the return; the worker had begun
    its correction. The registry decides the case as it is: the laptop shows it accepted
    with the reason, and keeps what the worker typed aside, unsent."""
    profile, registry = workstation.profile, workstation.registry
    app_id, scan = returned_and_corrected(workstation)
    number = profile.applications.get(app_id).number

    registry.cli("decide", number, "reopen", "--reason", "Повернуто помилково")
    applied = workstation.engine().sync_once().pull.applied

    assert [c["status"] for c in applied] == ["reopened"]
    here = profile.applications.get(app_id)
    assert (here.revision, here.status) == (1, Status.ACCEPTED)
    assert here.status_reason == "Повернуто помилково"
    [kept] = profile.applications.set_aside(app_id)
    assert kept.document["applicant"]["phone"] == PHONE and profile.applications.has_blob(scan)
    assert "correction_withdrawn" in actions(workstation, app_id)
