"""A laptop restored from an older backup, syncing with a registry that has moved on
since: numbers issued again (renumbered; an imported one is held instead), revisions the
registry holds later or with other content (taken, and the laptop's own version set
aside). Against a real registry process on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from frontdesk import backup as backups
from frontdesk.model import Attachment, Status, new_application_id
from frontdesk.store.applications import Filter
from sync.workstation import connect, enrol
from tests.conftest import run_cli
from tests.factories import application
from tests.registry.registry_samples import make_document
from tests.sync.conftest import Workstation, assert_exactly_once

PASSPHRASE = "довга фраза для копії"


def test_a_laptop_restored_from_an_older_backup_numbers_after_what_the_registry_has(
    tmp_path: Path, workstation: Workstation
) -> None:
    """Numbers issued after the backup reached the registry before the laptop was lost;
    the restored laptop issues them again. Nothing is stuck: the registry says the
    number is taken and the highest it holds, and the workstation renumbers."""
    profile, registry = workstation.profile, workstation.registry
    first = profile.applications.save(application(surname="Бондар"), "o").application
    backups.backup(profile, tmp_path / "monday.fdbackup", PASSPHRASE)
    later = [
        profile.applications.save(application(surname=name), "o").application
        for name in ("Гнатюк", "Дячук", "Євтушенко")
    ]
    workstation.engine().sync_once()  # then the laptop is lost

    with backups.restore(tmp_path / "monday.fdbackup", tmp_path / "new", PASSPHRASE) as restored:
        enrol(restored, registry.url, registry.enrolment_code(workstation.community))
        fresh = restored.applications.save(application(surname="Заїка"), "o").application
        assert fresh.number == later[0].number  # the backup knew nothing after it

        told = run_cli("--data-dir", str(tmp_path / "new"), "sync", "--once")
        assert told.returncode == 0, told.stderr

        renumbered = restored.applications.get(fresh.id)
        highest = later[-1].number
        assert renumbered.number == f"{highest[:-6]}{int(highest[-6:]) + 1:06d}"
        assert f"Заява {fresh.number} отримала номер {renumbered.number}" in told.stdout
        assert "не прийнято: 0" in told.stdout
        again = run_cli("--data-dir", str(tmp_path / "new"), "sync", "--once")
        assert "отримала номер" not in again.stdout  # told once
        held = {row["id"]: row["number"] for row in workstation.registry_applications()}
        assert held == {
            first.id: first.number,
            **{a.id: a.number for a in later},
            fresh.id: renumbered.number,
        }
        assert renumbered.status is Status.ACCEPTED
        events = restored.applications.history(fresh.id)
        assert [e["detail"] for e in events if e["action"] == "renumbered"] == [fresh.number]
        # The journal finds it by its new number, and the next one follows it.
        assert [a.id for a in restored.applications.search(Filter(text=renumbered.number))] == [
            fresh.id
        ]
        after = restored.applications.save(application(surname="Іщенко"), "o").application
        assert after.number == f"{highest[:-6]}{int(highest[-6:]) + 2:06d}"


def test_an_imported_number_the_registry_has_is_held_not_changed(
    workstation: Workstation,
) -> None:
    """Another workstation's number (imported with its document) is not ours to change."""
    registry, community = workstation.registry, workstation.community
    other = registry.enrol(community, workstation="AB12")
    theirs = make_document(community, number="AB12-2026-000007", workstation="AB12")
    assert registry.deliver(other, theirs)["outcome"] == "accepted"
    imported = application(surname="Гнатюк")  # moved here by export: it keeps its number
    imported.id, imported.number = new_application_id(), theirs["number"]
    imported.community, imported.workstation = community, "AB12"
    bad = workstation.profile.applications.import_document(imported, "o").application

    fine = workstation.profile.applications.save(application(surname="Бондар"), "o").application
    report = workstation.engine().sync_once()

    assert (report.push.delivered, report.push.quarantined, report.push.renumbered) == (1, 1, [])
    [held] = workstation.profile.outbox.quarantined()
    assert held.application_id == bad.id and held.reason["error"] == "number.taken"
    assert workstation.profile.applications.get(bad.id).number == theirs["number"]
    assert_exactly_once(workstation, [theirs["id"], fine.id])


def test_a_laptop_restored_from_before_a_correction_takes_the_registrys_later_revision(
    tmp_path: Path, workstation: Workstation
) -> None:
    """Backed up while the application was returned; corrected, resent and granted after.
    The replacement laptop, restored from that backup, must not show it as still waiting
    for a correction (nor let the worker correct it a second time): the decision on the
    later revision brings that revision with it."""
    profile, registry = workstation.profile, workstation.registry
    saved = profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "return", "--reason", "Уточніть адресу")
    workstation.engine().sync_once()
    backups.backup(profile, tmp_path / "monday.fdbackup", PASSPHRASE)
    corrected = profile.applications.start_revision(saved.id, "oksana")
    corrected.applicant.phone = "+380509998877"
    corrected.status = Status.READY
    profile.applications.save(corrected, "oksana")
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "grant", "--revision", "2")
    workstation.engine().sync_once()  # then the laptop is lost

    with backups.restore(tmp_path / "monday.fdbackup", tmp_path / "new", PASSPHRASE) as restored:
        assert restored.applications.get(saved.id).status is Status.RETURNED
        enrol(restored, registry.url, registry.enrolment_code(workstation.community))
        engine, transport = connect(restored)
        try:
            engine.sync_once()
        finally:
            transport.close()
        now = restored.applications.get(saved.id)
        assert (now.revision, now.status) == (2, Status.GRANTED)
        assert now.applicant.phone == "+380509998877"  # the registry's revision 2
        assert [r.revision for r in restored.applications.revisions(saved.id)] == [1]
        assert restored.applications.correction_reason(now) == ""
        assert restored.outbox.status().pending == 0
        shown = run_cli("--data-dir", str(tmp_path / "new"), "show", saved.number)
        assert "(редакція 2) — задоволено" in shown.stdout


def _backed_up_as_a_draft_then_granted(tmp_path: Path, workstation: Workstation) -> Any:
    """An application backed up (monday.fdbackup) while a draft; finished after with the
    phone +380501111111, sent and granted; then the laptop is lost."""
    profile, registry = workstation.profile, workstation.registry
    draft = application()
    draft.status = Status.DRAFT
    saved = profile.applications.save(draft, "oksana").application
    backups.backup(profile, tmp_path / "monday.fdbackup", PASSPHRASE)
    finished = profile.applications.get(saved.id)
    finished.applicant.phone = "+380501111111"
    finished.status = Status.READY
    profile.applications.save(finished, "oksana")
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "grant")
    return saved


def test_a_laptop_restored_from_while_an_application_was_a_draft_takes_the_registrys_one(
    tmp_path: Path, workstation: Workstation
) -> None:
    """Backed up while the application was a draft; finished, sent and granted after. The
    replacement laptop, restored from that backup, showed it as a draft for ever (the
    decision was not applied to a draft), and a worker could finish it a second time."""
    registry = workstation.registry
    saved = _backed_up_as_a_draft_then_granted(tmp_path, workstation)

    with backups.restore(tmp_path / "monday.fdbackup", tmp_path / "new", PASSPHRASE) as restored:
        assert restored.applications.get(saved.id).status is Status.DRAFT
        enrol(restored, registry.url, registry.enrolment_code(workstation.community))
        engine, transport = connect(restored)
        try:
            applied = engine.sync_once().pull.applied
        finally:
            transport.close()
        now = restored.applications.get(saved.id)
        assert (now.revision, now.status) == (1, Status.GRANTED)
        assert now.applicant.phone == "+380501111111"  # what the registry holds
        assert any(change["status"] == "granted" for change in applied)  # (announced)
        assert restored.outbox.status().pending == 0
        # What the draft held that the registry's differs in is kept (typed on this laptop
        # before a correction begun on two laptops was sent from the other, say).
        [aside] = restored.applications.set_aside(saved.id)
        assert aside.revision == 1 and aside.document["applicant"]["phone"] == "+380671234567"


def test_a_revision_the_registry_holds_with_other_content_is_taken_and_ours_set_aside(
    tmp_path: Path, workstation: Workstation
) -> None:
    """Backed up while the application was a draft; finished and sent, then granted. On the
    replacement laptop the worker finishes the same draft again, differently, before its
    first sync: the registry refuses it as a conflict. The laptop showed "granted" over
    content the registry never had, and its queue held the refused revision for ever. It
    takes the registry's revision (the one decided on) and keeps the worker's aside."""
    from frontdesk.differences import differences
    from frontdesk.store.set_aside import NOT_CONTENT

    registry = workstation.registry
    saved = _backed_up_as_a_draft_then_granted(tmp_path, workstation)

    with backups.restore(tmp_path / "monday.fdbackup", tmp_path / "new", PASSPHRASE) as restored:
        again = restored.applications.get(saved.id)
        again.applicant.phone = "+380672222222"
        again.status = Status.READY
        restored.applications.save(again, "marta")
        enrol(restored, registry.url, registry.enrolment_code(workstation.community))
        engine, transport = connect(restored)
        try:
            report = engine.sync_once()
        finally:
            transport.close()
        # Refused as a conflict, then settled by the pull (nothing left for the worker: not
        # counted as not accepted):
        assert report.push.quarantined == 0
        now = restored.applications.get(saved.id)
        assert (now.revision, now.status) == (1, Status.GRANTED)
        assert now.applicant.phone == "+380501111111"  # what the back office decided on
        assert restored.outbox.status().quarantined == 0
        assert restored.outbox.refusal(saved.id) is None
        [aside] = restored.applications.set_aside(saved.id)
        assert aside.revision == 1 and aside.document["applicant"]["phone"] == "+380672222222"
        changed = differences(aside.document, now.to_dict(), ignore=NOT_CONTENT)
        assert [(d.path, d.old, d.new) for d in changed] == [
            ("applicant.phone", "+380672222222", "+380501111111")
        ]
        assert "+380672222222" not in registry.cli("show", saved.number, "--json").stdout
        told = run_cli("--data-dir", str(tmp_path / "new"), "show", saved.number).stdout
        assert "Реєстр уже мав цю редакцію з іншими даними" in told  # (its history)


def test_a_scan_the_registry_holds_need_not_be_on_the_laptop_to_send_a_correction(
    workstation: Workstation,
) -> None:
    """(a revision taken from the registry after a restore brings no scans) the correction
    of it is sent, not set aside for a scan the registry already has."""
    profile, registry = workstation.profile, workstation.registry
    scan = b"passport scan" * 500
    digest = profile.applications.put_blob(scan)
    with_scan = application()
    with_scan.attachments = [Attachment(digest, "passport.jpg", "image/jpeg", len(scan))]
    saved = profile.applications.save(with_scan, "oksana").application
    workstation.engine().sync_once()
    registry.cli("decide", saved.number, "return", "--reason", "Скан нечіткий")
    workstation.engine().sync_once()
    corrected = profile.applications.start_revision(saved.id, "oksana")
    corrected.status = Status.READY
    profile.applications.save(corrected, "oksana")
    profile.db.execute("DELETE FROM blobs")  # as after taking the revision from the registry
    report = workstation.engine().sync_once()
    assert (report.push.delivered, report.push.quarantined) == (1, 0)


def test_a_profile_restored_on_another_laptop_is_told_to_enrol_again_not_shown_connected(
    tmp_path: Path, workstation: Workstation
) -> None:
    """The registry's token stays in the lost laptop's keyring. The restored profile names
    the registry all the same: the IT person is told at the restore, by ``status`` (its
    JSON too) and after a ``sync`` that could not run, that it must be enrolled again."""
    profile, registry = workstation.profile, workstation.registry
    profile.applications.save(application(surname="Бондар"), "o")
    workstation.engine().sync_once()
    backups.backup(profile, tmp_path / "copy.fdbackup", PASSPHRASE)
    new = str(tmp_path / "new")
    other = {"XDG_DATA_HOME": str(tmp_path / "other-laptop")}  # (its own keyring)

    restored = run_cli(
        "--data-dir",
        new,
        "restore",
        str(tmp_path / "copy.fdbackup"),
        input_text=f"{PASSPHRASE}\n",
        env=other,
    )
    assert restored.returncode == 0, restored.stderr
    assert f"frontdesk enrol --registry {registry.url} --code КОД" in restored.stderr
    status = run_cli("--data-dir", new, "status", env=other)
    assert "не зареєстровано" in status.stdout and "frontdesk enrol" in status.stdout
    assert (
        json.loads(run_cli("--data-dir", new, "status", "--json", env=other).stdout)["enrolled"]
        is False
    )

    failed = run_cli("--data-dir", new, "sync", "--once", env=other)
    assert failed.returncode != 0 and "ще не зареєстровано" in failed.stderr
    after = json.loads(run_cli("--data-dir", new, "status", "--json", env=other).stdout)
    assert after["last_error"]["code"] == "sync.not_enrolled" and after["enrolled"] is False
    # (the laptop it came from stays as it was)
    assert (
        json.loads(run_cli("--data-dir", str(profile.root), "status", "--json").stdout)["enrolled"]
        is True
    )
