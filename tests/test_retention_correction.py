"""A case stripped by retention and then returned for correction by the back office: its
correction starts from the registry's copy of the returned revision, never from the
empty record retention left on the laptop."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from frontdesk.errors import InvalidInput, PersonalDataRemoved
from frontdesk.model import Application, Status
from frontdesk.profile import Profile
from frontdesk.store import retention
from frontdesk.store.audit import stamp
from frontdesk.store.decision_time import REGISTRY_TIME_KEY
from tests.factories import IBAN, application

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
ASKED = "Уточніть адресу реєстрації"


def stripped_then_returned(profile: Profile, app: Application) -> Application:
    """``app`` saved, delivered, refused 200 days ago and stripped by retention; then the
    back office returned it for correction (the registry's word, through sync). Returns
    the application as delivered (what the registry holds)."""
    saved = profile.applications.save(app, "o").application
    strip_and_return(profile, saved.id)
    return saved


def strip_and_return(profile: Profile, app_id: str) -> None:
    """The application (sent) refused 200 days ago, stripped by retention, then returned
    for correction."""
    with profile.db.transaction() as conn:
        conn.execute("DELETE FROM outbox WHERE application_id = ?", (app_id,))
        conn.execute("DELETE FROM meta WHERE key = ?", (REGISTRY_TIME_KEY,))
        assert profile.from_registry.set_status(conn, app_id, 1, Status.REFUSED, "доходи")
        conn.execute(
            "UPDATE applications SET updated_at = ? WHERE id = ?",
            (stamp(NOW - dt.timedelta(days=200)), app_id),
        )
    assert retention.purge(profile.db, profile.applications, NOW, 90) == 1
    with profile.db.transaction() as conn:
        assert profile.from_registry.set_status(conn, app_id, 1, Status.RETURNED, ASKED)
    left = profile.applications.get(app_id)
    assert left.status is Status.RETURNED and left.applicant.surname == ""


def test_a_stripped_case_returned_for_correction_does_not_start_from_the_empty_record(
    profile: Profile,
) -> None:
    """It did: the worker got a form with no one in it, and saving it as ready would send
    the registry an empty person in place of the resident's application."""
    sent = stripped_then_returned(profile, application(surname="Гнатюк"))
    with pytest.raises(PersonalDataRemoved) as refused:
        profile.applications.start_revision(sent.id, "o")
    said = refused.value.message("uk")
    assert sent.number in said and "видалено з цього комп'ютера" in said
    assert "нову заяву" in said  # (what to do)
    assert "removed from this computer" in refused.value.message("en")
    left = profile.applications.get(sent.id)  # nothing changed
    assert (left.status, left.revision) == (Status.RETURNED, 1)
    assert profile.applications.personal_data_removed_at(sent.id)


def test_a_stripped_case_returned_for_correction_starts_from_the_registrys_copy(
    profile: Profile,
) -> None:
    sent = stripped_then_returned(profile, application(surname="Гнатюк"))
    held = Application.from_dict(sent.to_dict())  # (the registry's, as delivered)
    draft = profile.applications.start_revision(sent.id, "o", held)
    assert (draft.revision, draft.status) == (2, Status.DRAFT)
    assert draft.applicant.surname == "Гнатюк" and draft.payment.iban == IBAN
    assert draft.number == sent.number
    stored = profile.applications.get(sent.id)
    assert stored.applicant.surname == "Гнатюк"
    assert not profile.applications.personal_data_removed_at(sent.id)
    assert profile.applications.correction_reason(stored) == ASKED  # (still in sight)
    returned = json.loads(
        profile.db.scalar(
            "SELECT document FROM revisions WHERE application_id = ? AND revision = 1",
            (sent.id,),
        )
    )
    assert returned["applicant"]["surname"] == "Гнатюк" and returned["status"] == "returned"

    # The correction cancelled: the returned revision, whole, as the registry holds it.
    back = profile.applications.discard_draft(sent.id, "o")
    assert back is not None and back.applicant.surname == "Гнатюк"
    assert back.status is Status.RETURNED and back.revision == 1


def test_a_copy_of_another_application_or_revision_is_not_taken(profile: Profile) -> None:
    sent = stripped_then_returned(profile, application(surname="Гнатюк"))
    other = Application.from_dict(sent.to_dict())
    other.revision = 2
    with pytest.raises(InvalidInput):
        profile.applications.start_revision(sent.id, "o", other)
    left = profile.applications.get(sent.id)
    assert (left.status, left.revision, left.applicant.surname) == (Status.RETURNED, 1, "")


def test_a_case_never_stripped_starts_from_what_the_laptop_holds(profile: Profile) -> None:
    """(the registry's copy is not needed, nor asked for)"""
    saved = profile.applications.save(application(surname="Бондар"), "o").application
    with profile.db.transaction() as conn:
        conn.execute("DELETE FROM outbox WHERE application_id = ?", (saved.id,))
        assert profile.from_registry.set_status(conn, saved.id, 1, Status.RETURNED, ASKED)
    draft = profile.applications.start_revision(saved.id, "o")
    assert draft.applicant.surname == "Бондар" and draft.revision == 2
