"""The wizard's workstation code used in another community: a field for a new one."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from frontdesk.profile import Profile
from tests.registry_process import RunningRegistry
from tests.ui.keyboard import type_text
from tests.ui.test_wizard import TETERIVSKA, WAIT_MS, add_operator, click, refused_connecting

ANDRUSHKIVSKA = "UA18040010000026001"


def test_a_code_used_in_another_community_is_replaced_in_the_wizard_and_it_connects(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Refused as used in another community, the wizard said to fix the address or code,
    or work offline, and offered no field for the code: set up again from the start."""
    root = tmp_path / "laptop"
    with RunningRegistry(tmp_path / "registry") as registry:
        registry.cli("community", "add", TETERIVSKA, "--name", "Тетерівська")
        registry.cli("community", "add", ANDRUSHKIVSKA, "--name", "Андрушківська")
        registry.enrol(ANDRUSHKIVSKA, workstation="ZT01")  # a laptop of the other community
        code = registry.cli("enrolment-code", TETERIVSKA).stdout.strip()
        wizard, said = refused_connecting(qtbot, root, registry, code)
        page = wizard.registry_page
        assert "уже використано в іншій громаді" in said
        assert "Введіть новий код робочого місця для цього ноутбука" in said
        assert "без реєстру" not in said
        assert page.workstation.isVisible() and page.workstation.text() == "ZT01"

        page.workstation.clear()
        type_text(page.workstation, "zt07")
        click(qtbot, wizard, QWizard.WizardButton.CommitButton)  # the same enrolment code
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.operator_page, timeout=WAIT_MS)
        add_operator(qtbot, wizard)
        devices = registry.cli("device", "list", "--community", TETERIVSKA, "--json").stdout
        assert [device["workstation"] for device in json.loads(devices)] == ["ZT07"]

    with Profile.open(root) as profile:
        assert profile.workstation == "ZT07"
