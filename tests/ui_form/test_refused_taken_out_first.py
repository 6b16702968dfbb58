"""An application the registry did not accept (set aside by the sync, quarantined) is
changed like any other waiting one: the store holds it as a draft before the fields
unlock, so nothing queues its old version again while the worker types."""

from __future__ import annotations

from pathlib import Path

from frontdesk.model import Application, Status
from frontdesk.profile import Profile
from tests.factories import application
from tests.ui_form.conftest import OPERATOR
from tests.ui_form.keyboard import Keyboard
from ui.form import ApplicationForm
from ui.session import Session

PHONE = "+380501112233"
MISSING = {"error": "attachment.missing", "outcome": "rejected", "missing": ["ab" * 32]}


def _refused(session: Session, root: Path) -> Application:
    """Saved ready, then set aside by a sync round: its scans were not on this laptop."""
    saved = session.profile.applications.save(application(), OPERATOR).application
    with Profile.open(root) as sync:
        (item,) = sync.outbox.claim(10)
        sync.outbox.quarantine(item, MISSING)
    assert session.reader.outbox.refusal(saved.id) is not None
    return session.reader.applications.get(saved.id)


def test_edit_on_a_refused_application_takes_it_out_of_the_queue_before_unlocking(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
) -> None:
    """The card's "Edit" on one the registry did not accept: the store has it as a draft
    before anything is typed, so ``import --scans`` finding its scans queues nothing and
    the next round sends nothing of the old version; what the worker types is saved and
    sent once saved as ready. The form still says why the registry refused it."""
    refused = _refused(session, profile_root)
    form.open_application(refused)  # (the card's "Edit")
    qtbot.waitUntil(lambda: not form.read_only, timeout=5000)
    assert session.reader.applications.get(refused.id).status is Status.DRAFT
    assert "не прийняв" in form.header.notice_label.text()  # (why, still on screen)
    with Profile.open(profile_root) as other:  # frontdesk import --scans, meanwhile
        assert not other.outbox.send_again_with_scans(refused.id)
        assert other.outbox.claim(10) == []  # the background round sends nothing of it

    with qtbot.waitSignal(form.draftSaved, timeout=5000):
        form.applicant.phone.selectAll()
        Keyboard(qtbot).write(PHONE, form.applicant.phone)
    assert session.reader.applications.get(refused.id).applicant.phone == PHONE


def test_a_refused_application_being_sent_again_stays_read_only_and_the_form_says_why(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
) -> None:
    """Its scans were found (``import --scans``) and a round is sending it right now: the
    fields do not unlock for changes that could never be saved."""
    refused = _refused(session, profile_root)
    with Profile.open(profile_root) as other:
        assert other.outbox.send_again_with_scans(refused.id)
        assert len(other.outbox.claim(10)) == 1  # in flight
    form.open_application(refused)
    qtbot.wait(50)
    assert form.read_only
    assert session.reader.applications.get(refused.id).status is Status.READY
    assert "надсилається до реєстру" in form.header.notice_label.text()


def test_why_the_registry_refused_it_is_said_again_in_another_language(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    profile_root: Path,
    ukrainian,  # type: ignore[no-untyped-def]
) -> None:
    """Out of the queue as a draft, the refusal is no longer in the outbox: the form still
    says it, in the language switched to."""
    refused = _refused(session, profile_root)
    form.open_application(refused)
    qtbot.waitUntil(lambda: not form.read_only, timeout=5000)
    ukrainian.switch("en")
    qtbot.waitUntil(lambda: "did not accept" in form.header.notice_label.text(), timeout=5000)
