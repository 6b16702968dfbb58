"""Correcting a workstation code typed by mistake at set-up (``Profile.change_workstation``):
a second laptop set up as ZT01, the code the office's first laptop holds, meant ZT02."""

from __future__ import annotations

import dataclasses

import pytest

from frontdesk.errors import InvalidInput
from frontdesk.messages import history_text
from frontdesk.model import Status, new_application_id
from frontdesk.profile import Profile
from frontdesk.store.applications import Filter
from frontdesk.store.outbox import REGISTRY_KEY
from frontdesk.worktime import in_kyiv
from tests.factories import application


def _saved(profile: Profile, serial: int, status: Status = Status.READY) -> str:
    app = dataclasses.replace(application(serial=serial), status=status)
    return profile.applications.save(app, "olena").application.number


def _imported(profile: Profile, number: str) -> str:
    """An application moved here from workstation ``number``'s (an export of its own)."""
    app = application(serial=40)
    app.id, app.number, app.workstation = new_application_id(), number, number.split("-")[0]
    return profile.applications.import_document(app, "import").application.id


def test_a_code_typed_by_mistake_is_corrected_and_this_laptops_applications_get_its_numbers(
    profile: Profile,
) -> None:
    year = in_kyiv(profile.applications.now()).year
    first = _saved(profile, 1)
    draft = _saved(profile, 2, Status.DRAFT)
    thrown = profile.applications.get_by_number(_saved(profile, 3, Status.DRAFT))
    profile.applications.discard_draft(thrown.id, "olena")  # its receipt may be about
    moved = _imported(profile, f"KC05-{year}-000042")
    assert first == f"ZT01-{year}-000001"

    renumbered = profile.change_workstation("zt02", "it")

    assert renumbered == [
        (f"ZT01-{year}-000001", f"ZT02-{year}-000001"),
        (f"ZT01-{year}-000002", f"ZT02-{year}-000002"),
    ]
    assert profile.workstation == "ZT02"
    renamed = profile.applications.get_by_number(f"ZT02-{year}-000001")
    assert renamed.workstation == "ZT02" and renamed.status is Status.READY
    assert profile.applications.get_by_number(f"ZT02-{year}-000002").status is Status.DRAFT
    # A receipt handed over names the old number: it still finds its application.
    assert profile.applications.get_by_number(draft).number == f"ZT02-{year}-000002"
    assert profile.applications.get(moved).number == f"KC05-{year}-000042"  # not this one's
    found = profile.applications.search(Filter(text=f"ZT02-{year}-000001"))
    assert [line.number for line in found] == [f"ZT02-{year}-000001"]
    by_old = profile.applications.search(Filter(text=first))
    assert [line.number for line in by_old] == [f"ZT02-{year}-000001"]
    last = profile.applications.history(renamed.id)[-1]
    assert (last["action"], last["detail"], last["operator"]) == (
        "workstation_changed",
        first,
        "it",
    )
    said = history_text(last["action"], last["detail"])
    assert f"заява мала номер {first} (видайте заявнику нову розписку)" in said
    # The next application is of the new series, after the draft thrown away (000003).
    assert _saved(profile, 4) == f"ZT02-{year}-000004"
    with Profile.open(profile.root) as again:  # (as the app opens it next)
        assert _saved(again, 5) == f"ZT02-{year}-000005"


@pytest.mark.parametrize("case", ["enrolled", "sent"])
def test_the_code_cannot_be_changed_once_enrolled_or_sent_and_nothing_changes(
    profile: Profile, case: str
) -> None:
    number = _saved(profile, 1)
    if case == "enrolled":
        profile.outbox.set_setting(REGISTRY_KEY, "https://registry.example.gov.ua")
        expected = "це робоче місце вже зареєстровано в реєстрі як ZT01"
    else:
        profile.db.execute("UPDATE applications SET status = 'sent' WHERE number = ?", (number,))
        expected = "заяви з номерами ZT01 уже надіслано до реєстру"
    with pytest.raises(InvalidInput) as refused:
        profile.change_workstation("ZT02", "it")
    assert refused.value.message("uk").startswith("Неправильні дані: код робочого місця не змінити")
    assert expected in refused.value.message("uk")
    assert profile.workstation == "ZT01"
    assert profile.applications.get_by_number(number).workstation == "ZT01"
    assert _saved(profile, 2).startswith("ZT01-")


def test_imported_applications_sent_from_elsewhere_do_not_hold_the_code_back(
    profile: Profile,
) -> None:
    year = in_kyiv(profile.applications.now()).year
    moved = _imported(profile, f"KC05-{year}-000042")
    profile.db.execute("UPDATE applications SET status = 'accepted' WHERE id = ?", (moved,))
    assert profile.change_workstation("ZT02", "it") == []
    assert profile.workstation == "ZT02"


def test_a_code_whose_numbers_an_imported_application_holds_is_refused_and_nothing_changes(
    profile: Profile,
) -> None:
    year = in_kyiv(profile.applications.now()).year
    own = _saved(profile, 1)
    _imported(profile, f"ZT02-{year}-000001")  # ZT02 is the other laptop's, after all
    with pytest.raises(InvalidInput) as refused:
        profile.change_workstation("ZT02", "it")
    said = refused.value.message("uk")
    assert f"номер ZT02-{year}-000001 уже має заява, імпортована з робочого місця ZT02" in said
    assert profile.workstation == "ZT01"
    assert profile.applications.get_by_number(own).number == own
    assert (
        profile.applications.history(profile.applications.get_by_number(own).id)[-1]["action"]
        != "workstation_changed"
    )


def test_a_new_code_is_checked_as_at_set_up(profile: Profile) -> None:
    with pytest.raises(InvalidInput) as refused:
        profile.change_workstation("ЖТ02", "it")
    assert "у ньому є літери кирилиці" in refused.value.message("uk")
    assert profile.change_workstation("ZT01", "it") == []  # the same code: nothing to do
    assert profile.workstation == "ZT01"


def test_the_app_open_while_the_code_is_corrected_at_the_command_line_numbers_in_the_new_one(
    profile: Profile,
) -> None:
    """``frontdesk set-workstation`` run while the app has the profile open: the app's
    store went on issuing the old series, the other laptop's numbers."""
    year = in_kyiv(profile.applications.now()).year
    with Profile.open(profile.root) as command_line:
        command_line.change_workstation("ZT02", "it")
    assert _saved(profile, 1) == f"ZT02-{year}-000001"
    [imported] = profile.applications.import_batch([application(serial=2)], "import")
    assert imported.application.number == f"ZT02-{year}-000002"  # type: ignore[union-attr]
    assert profile.applications.get_by_number(f"ZT02-{year}-000001").workstation == "ZT02"


def test_applications_moved_here_from_the_laptop_that_holds_the_code_keep_their_numbers(
    profile: Profile,
) -> None:
    """A replacement laptop set up as ZT01 by mistake, the old ZT01 laptop's waiting cases
    moved over by export (with their ids): their residents hold that laptop's receipts.
    They were renumbered too, and one the registry holds already refused the change as
    "sent from here", though nothing had left this laptop. Paper intake imported here is
    this laptop's own and gets the new numbers."""
    year = in_kyiv(profile.applications.now()).year
    own = _saved(profile, 1)
    waiting = _imported(profile, f"ZT01-{year}-000042")
    sent = _imported(profile, f"ZT01-{year}-000043")
    profile.db.execute("UPDATE applications SET status = 'accepted' WHERE id = ?", (sent,))
    [paper] = profile.applications.import_batch([application(serial=7)], "import")

    renumbered = profile.change_workstation("ZT02", "it")

    paper_number = paper.application.number  # type: ignore[union-attr]
    assert renumbered == [
        (own, f"ZT02-{year}-000001"),
        (paper_number, "ZT02" + paper_number[4:]),
    ]
    assert profile.applications.get(waiting).number == f"ZT01-{year}-000042"
    assert profile.applications.get(sent).number == f"ZT01-{year}-000043"
