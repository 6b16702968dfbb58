"""A decision made in error (or overturned on a complaint) is cancelled in the back office
and the application decided again; the workstation follows. There was no way to do it:
`decide` refused anything but an accepted application, and a granted case stayed granted
on the registry and on the laptop, its personal data counting down to removal."""

from __future__ import annotations

import json

from frontdesk.messages import history_text
from frontdesk.model import Status
from tests.factories import application
from tests.sync.conftest import Workstation


def decided_at(workstation: Workstation, application_id: str) -> str | None:
    found = workstation.profile.db.scalar(
        "SELECT decided_at FROM applications WHERE id = ?", (application_id,)
    )
    return str(found) if found else None


REASON = "Помилково задоволено: дохід сім'ї перевищує межу (скарга від 20.11)"


def test_a_wrong_decision_is_cancelled_and_decided_again_and_the_laptop_follows(
    workstation: Workstation,
) -> None:
    registry, profile = workstation.registry, workstation.profile
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "grant", "--by", "Марченко")
    workstation.engine().sync_once()
    assert profile.applications.get(saved.id).status is Status.GRANTED
    assert decided_at(workstation, saved.id) is not None

    no_reason = registry.cli("decide", saved.number, "reopen", check=False)
    reopened = registry.cli(
        "decide", saved.number, "reopen", "--reason", REASON, "--by", "Марченко"
    )
    assert no_reason.returncode == 1 and "--reason" in no_reason.stderr
    assert "decision cancelled" in reopened.stdout
    report = workstation.engine().sync_once()

    assert [c["status"] for c in report.pull.applied] == ["reopened"]
    again = profile.applications.get(saved.id)
    assert (again.status, again.status_reason) == (Status.ACCEPTED, REASON)
    last = profile.applications.history(saved.id)[-1]
    assert history_text(last["action"]) == ("Реєстр: Рішення скасовано, заяву розглянуть знову")
    # Undecided again: its personal data no longer counts down to removal (retention
    # counts from the decision's time).
    assert decided_at(workstation, saved.id) is None
    shown = json.loads(registry.cli("show", saved.number, "--json").stdout)
    assert shown["status"] == "accepted"
    assert [d["decision"] for d in shown["decisions"]] == ["grant", "reopen"]

    # Only a decided case is reopened; the reopened one is decided anew.
    twice = registry.cli("decide", saved.number, "reopen", "--reason", "ще раз", check=False)
    assert twice.returncode == 1 and "Traceback" not in twice.stderr
    registry.cli("decide", saved.number, "refuse", "--reason", "Дохід перевищує межу")
    workstation.engine().sync_once()
    assert profile.applications.get(saved.id).status is Status.REFUSED


def test_a_laptop_reading_the_feed_from_the_start_ends_where_the_registry_is(
    workstation: Workstation,
) -> None:
    """Granted, reopened, granted again: a laptop restored from a backup made before all
    of it reads the whole feed, and ends granted, as the registry holds it."""
    registry, profile = workstation.registry, workstation.profile
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "grant")
    registry.cli("decide", saved.number, "reopen", "--reason", REASON)
    registry.cli("decide", saved.number, "grant")
    workstation.engine().sync_once()  # all three on one page
    assert profile.applications.get(saved.id).status is Status.GRANTED
    profile.outbox.read_feed_from_start()
    workstation.engine().sync_once()
    granted = profile.applications.get(saved.id)
    assert (granted.status, granted.status_reason) == (Status.GRANTED, "")
    assert decided_at(workstation, saved.id) is not None  # decided: counts down again
