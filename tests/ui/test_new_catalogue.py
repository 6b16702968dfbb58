"""A newer service catalogue the registry publishes reaches the open app: the form offers
the new service with the documents it needs, the journal filters by it, and a save for it
is checked against it — with no restart (a new service stayed out of reach until the
worker closed and opened the app, and one ticked from the list was refused as unknown)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.model import ServiceRequest
from frontdesk.profile import Profile
from resources import resource
from sync.workstation import connect, enrol
from tests.factories import application
from tests.registry_process import RunningRegistry
from tests.ui.conftest import COMMUNITY, main_window
from ui.session import Session

WAIT_MS = 30_000
NEW_SERVICE = "777"
NEW_DOCUMENT = "veteran_certificate"


def publish_newer_catalogue(registry: RunningRegistry, folder: Path) -> None:
    catalog = json.loads(resource("catalog", "services.json").read_text(encoding="utf-8"))
    catalog["version"] += 1
    catalog["documents"][NEW_DOCUMENT] = {
        "uk": "Посвідчення ветерана війни",
        "en": "War veteran's certificate",
    }
    catalog["services"].append(
        {
            "code": NEW_SERVICE,
            "uk": "Допомога ветеранам війни на оздоровлення",
            "en": "Health assistance for war veterans",
            "decides": "УСЗН",
            "documents": ["identity_document", NEW_DOCUMENT],
        }
    )
    path = folder / "catalog.json"
    path.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    registry.cli("catalog", "publish", str(path))


def test_a_catalogue_published_while_the_app_is_open_is_offered_at_once(
    qtbot: QtBot,
    session: Session,
    profile_root: Path,
    registry: RunningRegistry,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ui.session

    monkeypatch.setattr(ui.session, "OTHERS_CHECK_MS", 100, raising=False)  # (15 s)
    with Profile.open(profile_root) as other:  # `frontdesk enrol`, another program
        enrol(other, registry.url, registry.cli("enrolment-code", COMMUNITY).stdout.strip())
    publish_newer_catalogue(registry, tmp_path)

    with main_window(qtbot, session, profile_root) as window:
        window.form_host.new_application()
        form = window.form_host.form
        with Profile.open(profile_root) as other:  # `frontdesk sync`, another program
            engine, _transport = connect(other)
            engine.sync_once()

        services = form.services.list

        def offered() -> list[str]:
            return [
                services.item(i).data(Qt.ItemDataRole.UserRole) for i in range(services.count())
            ]

        qtbot.waitUntil(lambda: NEW_SERVICE in offered(), timeout=WAIT_MS)
        item = services.item(offered().index(NEW_SERVICE))
        assert item.text().startswith("777 — Допомога ветеранам війни")
        item.setCheckState(Qt.CheckState.Checked)
        assert "Посвідчення ветерана війни" in form.services.needs.text()
        assert form.documents.box(NEW_DOCUMENT).isVisibleTo(form)
        journal_filter = window.journal.service_filter
        assert NEW_SERVICE in [journal_filter.itemData(i) for i in range(journal_filter.count())]

        chosen = replace(application(), services=[ServiceRequest(NEW_SERVICE)])
        problems = session.reader.applications.validator.validate(chosen).problems
        assert not [p for p in problems if p.field.startswith("services")], problems
        assert f"documents.{NEW_DOCUMENT}" in [p.field for p in problems]  # (a warning)

        saved: list[object] = []  # ready to send: checked on the db lane's connection
        session.write(
            lambda p: p.applications.save(chosen, "olena"),
            on_done=saved.append,
            on_error=saved.append,
        )
        qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
        assert not isinstance(saved[0], BaseException), saved[0]
