"""Corrections against a real registry: a returned application corrected as a new
revision, the back office's reason as typed, a correction withdrawn when the case is
decided meanwhile (and only by the registry's last word on it), and a returned case never
corrected, refused and stripped in time. (From tests/sync/test_sync_flow.py.)"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from frontdesk.model import Attachment, Status
from frontdesk.store import retention
from registry.db import Database, changes, create_engine, iso
from sync.workstation import enrol
from tests.conftest import run_cli
from tests.factories import application
from tests.sync.conftest import Workstation


def test_returned_application_is_corrected_as_a_new_revision(workstation: Workstation) -> None:
    profile = workstation.profile
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    reason = "Немає довідки ВПО.\n  Додайте   довідку про доходи  \n\n\n"  # a list, typed
    workstation.registry.cli("decide", saved.number, "return", "--reason", reason)
    workstation.engine().sync_once()
    returned = profile.applications.get(saved.id)
    assert returned.status is Status.RETURNED
    assert returned.status_reason == "Немає довідки ВПО.\n  Додайте   довідку про доходи"

    corrected = profile.applications.start_revision(saved.id, "oksana")
    shown_here = run_cli("--data-dir", str(profile.root), "show", saved.number)
    assert "(редакція 2) — чернетка" in shown_here.stdout
    assert (
        "Повернуто на доопрацювання: Немає довідки ВПО.\n  Додайте   довідку" in shown_here.stdout
    )
    corrected.applicant.phone = "+380509998877"
    corrected.status = Status.READY
    profile.applications.save(corrected, "oksana")
    assert workstation.engine().sync_once().push.delivered == 1
    [row] = workstation.registry_applications()
    assert row["revision"] == 2
    shown = json.loads(workstation.registry.cli("show", saved.number, "--json").stdout)
    assert "+380509998877" in json.dumps(shown, ensure_ascii=False)
    workstation.registry.cli("decide", saved.number, "grant", "--revision", "2")
    workstation.engine().sync_once()
    assert profile.applications.get(saved.id).status is Status.GRANTED


def test_the_worker_reads_the_back_offices_reason_as_it_was_typed(
    workstation: Workstation,
) -> None:
    """The reason is the evidence: which apostrophe, which quotes, the spacing of a list."""
    profile = workstation.profile
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    typed = (
        "В заяві — «Мар'яна», а в паспорті — «Марʼяна» (`Мар’яна` у довідці).\r\n"
        '\t1. Паспорт:  сторінка 11\r\n\t2. "Довідка"\x07 ВПО'
    )

    workstation.registry.cli("decide", saved.number, "return", "--reason", typed)
    workstation.engine().sync_once()

    expected = (
        "В заяві — «Мар'яна», а в паспорті — «Марʼяна» (`Мар’яна` у довідці).\n"
        '\t1. Паспорт:  сторінка 11\n\t2. "Довідка" ВПО'
    )
    assert profile.applications.get(saved.id).status_reason == expected
    shown = json.loads(workstation.registry.cli("show", saved.number, "--json").stdout)
    assert shown["decisions"][0]["reason"] == expected
    shown_here = run_cli("--data-dir", str(profile.root), "show", saved.number).stdout
    assert "«Мар'яна», а в паспорті — «Марʼяна» (`Мар’яна`" in shown_here


def _backdate_decision(workstation: Workstation, app_id: str, days: int) -> None:
    """The registry recorded the application's decision ``days`` ago, by its clock."""
    database = Database(create_engine(workstation.registry.database_url))
    try:
        with database.write() as conn:
            conn.execute(
                changes.update()
                .where(changes.c.application_id == app_id, changes.c.status == "refused")
                .values(created_at=iso(dt.datetime.now(dt.UTC) - dt.timedelta(days=days)))
            )
    finally:
        database.close()


def test_a_returned_case_never_corrected_is_refused_and_leaves_the_laptop_in_time(
    workstation: Workstation,
) -> None:
    """The resident never brought the correction: the back office closes the case."""
    profile, registry = workstation.profile, workstation.registry
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "return", "--reason", "Додайте довідку про доходи")
    workstation.engine().sync_once()
    reason = "Довідку не подано протягом місяця"

    refused = registry.cli("decide", saved.number, "refuse", "--reason", reason)

    assert "refused" in refused.stdout
    _backdate_decision(workstation, saved.id, 91)
    applied = workstation.engine().sync_once().pull.applied
    assert [(c["status"], c["reason"]) for c in applied] == [("refused", reason)]
    here = profile.applications.get(saved.id)
    assert (here.status, here.status_reason) == (Status.REFUSED, reason)
    a_year_ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    assert retention.due_count(profile, a_year_ahead) == 1
    assert retention.remove_expired(profile, a_year_ahead) == 1
    assert profile.applications.get(saved.id).applicant.surname == ""


@pytest.mark.parametrize("finished", [False, True], ids=["draft", "ready"])
def test_a_correction_of_a_case_refused_meanwhile_is_withdrawn_and_never_sent(
    workstation: Workstation, finished: bool
) -> None:
    """The worker began (or finished) the correction offline; the back office had refused
    the returned case meanwhile: the refusal closes it, on the laptop too."""
    profile, registry = workstation.profile, workstation.registry
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "return", "--reason", "Додайте довідку")
    workstation.engine().sync_once()
    corrected = profile.applications.start_revision(saved.id, "oksana")
    corrected.applicant.phone = "+380509998877"
    if finished:
        corrected.status = Status.READY
    profile.applications.save(corrected, "oksana")
    registry.cli("decide", saved.number, "refuse", "--reason", "Довідку не подано вчасно")

    withdrawn = workstation.engine().sync_once()

    # (the registry refused the correction, and the refusal the pull brought set it aside:
    # nothing is left for the worker, and `frontdesk sync --once` exited 3 for it)
    assert withdrawn.push.quarantined == 0
    here = profile.applications.get(saved.id)
    assert (here.revision, here.status) == (1, Status.REFUSED)
    assert here.status_reason == "Довідку не подано вчасно"
    assert here.applicant.phone != "+380509998877"
    status = profile.outbox.status()
    assert (status.pending, status.quarantined) == (0, 0)
    assert "correction_withdrawn" in [e["action"] for e in profile.applications.history(saved.id)]
    again = workstation.engine().sync_once()
    assert (again.push.delivered, again.push.quarantined) == (0, 0)
    [row] = workstation.registry_applications()
    assert (row["revision"], row["status"]) == (1, "refused")
    _backdate_decision(workstation, saved.id, 91)
    workstation.engine().sync_once()
    assert retention.due_count(profile, dt.datetime.now(dt.UTC) + dt.timedelta(days=365)) == 1


def _correction_with_a_scan(workstation: Workstation, application_id: str) -> str:
    """The worker begins the correction of a returned case with a new scan; its sha256."""
    profile = workstation.profile
    draft = profile.applications.start_revision(application_id, "oksana")
    data = b"%PDF-1.4 the income statement the resident brought"
    sha = profile.applications.put_blob(data)
    draft.attachments.append(
        Attachment(sha256=sha, filename="dovidka.pdf", media_type="application/pdf", size=len(data))
    )
    profile.applications.save(draft, "oksana")
    return sha


def test_a_feed_read_whole_again_keeps_a_correction_of_a_case_returned_after_a_decision(
    workstation: Workstation,
) -> None:
    """Granted in error, the grant cancelled, then returned for correction: the worker
    begins the correction. Enrolled again (a revoked token), the laptop reads the feed from
    its start: the old grant withdrew the correction, scan and all, though the registry
    waits for it. Only the feed's last word on a case may withdraw."""
    profile, registry = workstation.profile, workstation.registry
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "grant")
    registry.cli("decide", saved.number, "reopen", "--reason", "Призначено помилково")
    registry.cli("decide", saved.number, "return", "--reason", "Додайте довідку")
    workstation.engine().sync_once()
    assert profile.applications.get(saved.id).status is Status.RETURNED
    scan = _correction_with_a_scan(workstation, saved.id)
    enrol(profile, registry.url, registry.enrolment_code(workstation.community))

    report = workstation.engine().sync_once()

    here = profile.applications.get(saved.id)
    assert (here.revision, here.status) == (2, Status.DRAFT)
    assert [a.sha256 for a in here.attachments] == [scan] and profile.applications.has_blob(scan)
    history = [e["action"] for e in profile.applications.history(saved.id)]
    assert "correction_withdrawn" not in history
    assert report.pull.applied == []  # (nothing announced again: the laptop knew it all)


def test_a_refusal_cancelled_on_the_same_page_keeps_the_correction(
    workstation: Workstation,
) -> None:
    """The back office refuses the returned case, sees its mistake, reopens it and returns
    it again, before the laptop syncs: the three changes come together, and the last is
    the registry's word (it waits for the correction)."""
    profile, registry = workstation.profile, workstation.registry
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "return", "--reason", "Додайте довідку")
    workstation.engine().sync_once()
    scan = _correction_with_a_scan(workstation, saved.id)
    registry.cli("decide", saved.number, "refuse", "--reason", "Довідку не подано")
    registry.cli("decide", saved.number, "reopen", "--reason", "Довідку подано вчасно")
    registry.cli("decide", saved.number, "return", "--reason", "Додайте довідку, будь ласка")

    workstation.engine().sync_once()

    here = profile.applications.get(saved.id)
    assert (here.revision, here.status) == (2, Status.DRAFT)
    assert [a.sha256 for a in here.attachments] == [scan]
    assert "correction_withdrawn" not in [
        e["action"] for e in profile.applications.history(saved.id)
    ]
