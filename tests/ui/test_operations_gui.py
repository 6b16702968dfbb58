"""The Service menu as the IT person uses it: backup, daily backup, diagnostics, restore."""

from __future__ import annotations

import datetime as dt
import errno
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget, QWizard
from pytestqt.qtbot import QtBot

import ui.auto_backup
from frontdesk import backup as backups
from frontdesk import daily_backup
from frontdesk.document import parse
from frontdesk.profile import Profile
from frontdesk.worktime import kyiv_today
from tests.conftest import ROOT, example_documents
from tests.ui.conftest import PASSWORD, close_all_windows, main_window
from tests.ui.keyboard import type_text
from ui.app import Startup
from ui.auto_backup import HOUR_MS, AutoBackup, DailyBackupDialog
from ui.backup_dialog import BackupDialog
from ui.backup_widgets import problem_text
from ui.i18n import Translations
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.restore import RestoreDialog
from ui.session import Session
from ui.status_message import StatusText, status_text
from ui.wizard import FirstRunWizard

WAIT_MS = 20_000
PASSPHRASE = "довга фраза для копії"
OPS_TS = ROOT / "resources" / "translations" / "frontdesk_ops_uk.ts"


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def personal_strings(profile: Profile) -> list[str]:
    found = []
    for app in profile.applications.export():
        person = app.applicant
        found += [person.surname, person.given_name, person.rnokpp, person.unzr, app.payment.iban]
    return [s for s in found if s and len(s) > 3]


@pytest.fixture
def filled(profile_root: Path) -> list[str]:
    """The example applications in the profile; returns their surnames, РНОКПП and so on."""
    with Profile.open(profile_root) as profile:
        for data in example_documents():
            profile.applications.import_document(parse(data), "oksana")
        return personal_strings(profile)


@pytest.fixture
def window(
    qtbot: QtBot, filled: list[str], session: Session, profile_root: Path, ukrainian: Translations
) -> Iterator[MainWindow]:
    with main_window(qtbot, session, profile_root, ukrainian) as shown:
        yield shown


@pytest.fixture
def backup_file(profile_root: Path, filled: list[str], tmp_path: Path) -> Path:
    with Profile.open(profile_root) as profile:
        return backups.backup(profile, tmp_path / "old" / "monday.fdbackup", PASSPHRASE).path


def answer_file_dialogs(monkeypatch: pytest.MonkeyPatch, **answers: Path) -> list[str]:
    """QFileDialog's static calls return the given paths; returns what the app suggested."""
    suggested: list[str] = []

    def fake(which: str) -> Any:
        def answer(_parent: Any, _title: str, current: str = "", *_rest: Any, **_kw: Any) -> Any:
            suggested.append(current)
            chosen = str(answers[which])
            return chosen if which == "getExistingDirectory" else (chosen, "")

        return answer

    for which in answers:
        monkeypatch.setattr(QFileDialog, which, fake(which))
    return suggested


def configure_daily(qtbot: QtBot, session: Session, folder: Path, keep: int = 7) -> None:
    """The daily backup set up on the db lane, waited for."""
    done: list[object] = []
    session.db.run(
        lambda: daily_backup.configure_auto_backup(session.profile, folder, keep, PASSPHRASE),
        done.append,
        done.append,
    )
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    assert done == [None]


def visible_message_box() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    return next((box for box in boxes if box.isVisible()), None)


def test_the_service_menu_speaks_ukrainian(
    qtbot: QtBot, window: MainWindow, ukrainian: Translations
) -> None:
    menu = window.service_menu
    assert menu.menuAction() in window.menuBar().actions()
    assert menu.title() == "&Обслуговування"
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts == [
        "Змінити мій пароль…",
        "Резервна копія…",
        "Щоденне резервне копіювання…",
        "Діагностика…",
        "Відновити з резервної копії…",
    ]
    window.lock()  # a locked workstation gives no backups to a passer-by
    assert not window.menuBar().isEnabled()
    window.unlock()
    assert window.menuBar().isEnabled()

    ukrainian.switch("en")
    qtbot.waitUntil(lambda: menu.title() == "&Service", timeout=WAIT_MS)
    assert menu.backup_action.text() == "Back up…"


def test_an_operator_changes_her_own_password_from_the_menu(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    menu = window.service_menu
    messages: list[StatusText] = []
    menu.message.connect(messages.append)
    menu.password_action.trigger()
    dialog = menu.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "FrontDesk — зміна мого пароля"
    type_text(dialog.current, PASSWORD)
    type_text(dialog.new, "Мій-новий-2026")
    type_text(dialog.again, "Мій-новий-2027")
    click(qtbot, dialog.ok)
    assert dialog.error.text() == "Новий пароль, введений ще раз, інший. Введіть його знову."
    assert dialog.again.text() == "" and dialog.isVisible()
    type_text(dialog.again, "Мій-новий-2026")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: bool(messages), timeout=WAIT_MS)  # (closed, then deleted)
    assert [status_text(m) for m in messages] == ["Ваш пароль змінено."]
    operators = session.reader.operators
    assert operators.check("olena", "Мій-новий-2026") and not operators.check("olena", PASSWORD)
    # The lock screen takes the new one.
    window.lock()
    type_text(window.lock_screen.password, "Мій-новий-2026")
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.locked


def test_every_operations_string_has_a_ukrainian_translation() -> None:
    unfinished = [
        message.findtext("source")
        for message in ET.parse(OPS_TS).getroot().iter("message")
        if message.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert unfinished == []
    assert OPS_TS.with_suffix(".qm").stat().st_mtime >= OPS_TS.stat().st_mtime - 1


def test_backup_from_the_menu_restores_with_its_passphrase(
    qtbot: QtBot,
    window: MainWindow,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = tmp_path / "usb" / "today"  # the suffix is added when the worker leaves it out
    suggested = answer_file_dialogs(monkeypatch, getSaveFileName=chosen)
    window.service_menu.backup_action.trigger()
    assert Path(suggested[0]).name == f"frontdesk-{kyiv_today():%Y%m%d}.fdbackup"
    dialog = window.service_menu.dialog
    assert isinstance(dialog, BackupDialog) and dialog.isVisible()
    assert "щонайменше 10 символів" in dialog.passphrase.rule.text()

    type_text(dialog.passphrase.first, "коротка")
    type_text(dialog.passphrase.second, "коротка")
    assert "закороткий" in dialog.passphrase.problem.text()
    assert not dialog.start_button.isEnabled()
    rule = dialog.passphrase.rule  # the problem under it does not squeeze the rule
    qtbot.waitUntil(lambda: rule.height() >= rule.heightForWidth(rule.width()), timeout=2000)
    for edit in (dialog.passphrase.first, dialog.passphrase.second):
        edit.clear()
    type_text(dialog.passphrase.first, "1234567890")  # long enough, guessed first
    type_text(dialog.passphrase.second, "1234567890")
    assert "надто легко вгадати" in dialog.passphrase.problem.text()
    assert not dialog.start_button.isEnabled()
    for edit in (dialog.passphrase.first, dialog.passphrase.second):
        edit.clear()
    type_text(dialog.passphrase.first, PASSPHRASE)
    type_text(dialog.passphrase.second, PASSPHRASE + "!")
    assert dialog.passphrase.problem.text() == "Паролі не збігаються."
    assert not dialog.start_button.isEnabled()
    dialog.passphrase.second.clear()
    type_text(dialog.passphrase.second, PASSPHRASE)
    assert dialog.start_button.isEnabled()
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=WAIT_MS)

    target = tmp_path / "usb" / "today.fdbackup"
    assert "Резервну копію записано" in dialog.status.text()
    assert str(target) in dialog.status.text()
    assert dialog.passphrase.passphrase() == ""  # not kept once used
    expected = [app.to_dict() for app in session.reader.applications.export()]
    assert len(expected) == len(example_documents())
    with backups.restore(target, tmp_path / "check", PASSPHRASE) as restored:
        assert [app.to_dict() for app in restored.applications.export()] == expected


def test_wrong_passphrase_on_restore_says_so_and_creates_nothing(
    qtbot: QtBot,
    window: MainWindow,
    session: Session,
    backup_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new_root = tmp_path / "new-disk" / "restored"
    answer_file_dialogs(monkeypatch, getOpenFileName=backup_file, getExistingDirectory=new_root)
    dialog = window.service_menu.restore_backup()
    assert isinstance(dialog, RestoreDialog)
    assert "ніколи не змінює профіль" in dialog.intro.text()
    assert not dialog.open_button.isVisible()  # nothing to open yet
    click(qtbot, dialog.source.button)
    click(qtbot, dialog.folder.button)
    type_text(dialog.passphrase, "не та фраза зовсім")
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: not dialog.busy and bool(dialog.status.text()), timeout=WAIT_MS)

    assert "Пароль резервної копії не підходить" in dialog.status.text()
    assert "нічого не змінено" in dialog.status.text()
    assert dialog.result_info is None
    assert not new_root.parent.exists()  # not even an empty folder is left
    assert dialog.passphrase.text() == ""
    assert session.reader.applications.count() == len(example_documents())

    started: list[Path] = []
    monkeypatch.setattr("ui.restore.start_frontdesk", lambda root: started.append(root) or 1)
    type_text(dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: dialog.result_info is not None, timeout=WAIT_MS)
    assert f"Заяв: {len(example_documents())}" in dialog.status.text()
    assert f'--data-dir "{new_root}"' in dialog.status.text()
    assert dialog.open_button.isVisible()
    click(qtbot, dialog.open_button)
    assert started == [new_root]  # FrontDesk starts again on the restored profile
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    with Profile.open(new_root) as restored:
        assert restored.applications.count() == len(example_documents())


def test_a_restore_asks_for_the_daily_passphrase_only_where_the_keyring_lacks_it(
    qtbot: QtBot, window: MainWindow, session: Session, profile_root: Path, tmp_path: Path
) -> None:
    """(on the same laptop the passphrase is carried into the restored profile's keyring,
    and the dialog still sent the worker to type it again, "it stays in the old computer's
    keyring")"""
    configure_daily(qtbot, session, tmp_path / "daily")
    with Profile.open(profile_root) as profile:
        copy = backups.backup(profile, tmp_path / "b.fdbackup", PASSPHRASE).path

    def restored_says(into: Path) -> str:
        dialog = window.service_menu.restore_backup()
        dialog.source.edit.setText(str(copy))
        dialog.folder.edit.setText(str(into))
        type_text(dialog.passphrase, PASSPHRASE)
        click(qtbot, dialog.start_button)
        qtbot.waitUntil(lambda: dialog.result_info is not None, timeout=WAIT_MS)
        said = dialog.status.text()
        dialog.reject()
        return said

    same_laptop = restored_says(tmp_path / "restored")
    assert "Відновлено" in same_laptop and "введіть їхній пароль ще раз" not in same_laptop
    with Profile.open(tmp_path / "restored") as restored:
        assert restored.secrets.get(backups.PASSPHRASE_SECRET) == PASSPHRASE
    with Profile.open(profile_root) as profile:  # another laptop: its keyring never had it
        profile.secrets.delete(backups.PASSPHRASE_SECRET)
    elsewhere = restored_says(tmp_path / "restored-elsewhere")
    assert "Було налаштовано щоденні копії: введіть їхній пароль ще раз" in elsewhere


def test_a_bare_name_typed_for_a_backup_or_a_restore_goes_to_documents_and_is_named_in_full(
    qtbot: QtBot,
    window: MainWindow,
    backup_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(a name typed was taken in the folder the program started in, System32 from a
    Start-menu shortcut, and named bare: «Резервну копію записано: monday.fdbackup»)"""
    started_in = tmp_path / "program-folder"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    documents = tmp_path / "Documents"
    monkeypatch.setattr("ui.backup_widgets.documents_folder", lambda: documents)
    answer_file_dialogs(monkeypatch, getSaveFileName=tmp_path / "usb" / "x.fdbackup")
    window.service_menu.backup_action.trigger()
    dialog = window.service_menu.dialog
    assert isinstance(dialog, BackupDialog)
    dialog.file.edit.setText("monday.fdbackup")  # the worker edits the name in the field
    type_text(dialog.passphrase.first, PASSPHRASE)
    type_text(dialog.passphrase.second, PASSPHRASE)
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=WAIT_MS)
    assert (documents / "monday.fdbackup").exists()
    assert f"Резервну копію записано: {documents / 'monday.fdbackup'}" in dialog.status.text()
    dialog.reject()

    restoring = window.service_menu.restore_backup()
    restoring.source.edit.setText(str(backup_file))
    restoring.folder.edit.setText("restored")
    restoring.folder.edit.editingFinished.emit()  # (the worker leaves the field)
    assert restoring.folder.edit.text() == str(documents / "restored")
    type_text(restoring.passphrase, PASSPHRASE)
    click(qtbot, restoring.start_button)
    qtbot.waitUntil(lambda: restoring.result_info is not None, timeout=WAIT_MS)
    assert Profile.exists(documents / "restored")
    assert f'--data-dir "{documents / "restored"}"' in restoring.status.text()
    assert list(started_in.iterdir()) == []
    restoring.reject()


def test_restore_refuses_a_folder_with_other_files(
    qtbot: QtBot, window: MainWindow, backup_file: Path, tmp_path: Path
) -> None:
    busy_folder = tmp_path / "documents"
    busy_folder.mkdir()
    (busy_folder / "letter.txt").write_text("mine", encoding="utf-8")
    dialog = window.service_menu.restore_backup()
    dialog.source.edit.setText(str(backup_file))
    dialog.folder.edit.setText(str(busy_folder))
    type_text(dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: not dialog.busy and bool(dialog.status.text()), timeout=WAIT_MS)
    assert "не порожня" in dialog.status.text()
    assert sorted(p.name for p in busy_folder.iterdir()) == ["letter.txt"]


def test_restore_of_a_damaged_backup_says_the_file_is_damaged(
    qtbot: QtBot, window: MainWindow, backup_file: Path, tmp_path: Path
) -> None:
    """(it said «an internal error of the program», or «the database file is damaged — call
    your administrator (is there a backup?)» for a copy cut short)"""
    whole = backup_file.read_bytes()
    for damaged in (whole[:20_000] + b"\xff\xff\xff\xff" + whole[20_004:], whole[: 100 * 1024]):
        backup_file.write_bytes(damaged)
        dialog = window.service_menu.restore_backup()
        dialog.source.edit.setText(str(backup_file))
        dialog.folder.edit.setText(str(tmp_path / "restored"))
        type_text(dialog.passphrase, PASSPHRASE)
        click(qtbot, dialog.start_button)
        qtbot.waitUntil(lambda d=dialog: not d.busy and bool(d.status.text()), timeout=WAIT_MS)
        assert "це не резервна копія FrontDesk" in dialog.status.text()
        assert "пошкоджений" in dialog.status.text()
        assert "внутрішня помилка" not in dialog.status.text()
        assert not (tmp_path / "restored").exists()
        dialog.reject()


def _disk_full_while_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing any file the restore copies into fails as on a full disk."""
    real_open = open

    class Full:
        def __init__(self, handle: Any) -> None:
            self._handle = handle

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *_exc: object) -> None:
            self._handle.close()

        def write(self, _data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        return Full(handle) if "w" in mode else handle

    monkeypatch.setattr(backups, "open", fake_open, raising=False)


def test_disk_problems_are_said_in_ukrainian_naming_the_folder_written(
    qtbot: QtBot,
    window: MainWindow,
    session: Session,
    backup_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(«Read-only file system (/…/.backup-dl7ub2ax.fdbackup)», a hidden name; «No space left
    on device (…monday.fdbackup)», the backup being read, when the disk written was full)"""
    stick = tmp_path / "stick"

    def read_only(*_args: Any, **kwargs: Any) -> Any:
        hidden = Path(kwargs["dir"]) / ".backup-dl7ub2ax.fdbackup"
        raise OSError(errno.EROFS, "Read-only file system", str(hidden))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    dialog = BackupDialog(session, stick / "today.fdbackup", window)
    type_text(dialog.passphrase.first, PASSPHRASE)
    type_text(dialog.passphrase.second, PASSPHRASE)
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    said = dialog.status.text()
    assert "Резервну копію не записано" in said
    assert f"{stick} — диск чи тека лише для читання" in said
    assert ".backup-" not in said and "Read-only" not in said
    dialog.reject()
    monkeypatch.undo()

    _disk_full_while_writing(monkeypatch)
    restoring = window.service_menu.restore_backup()
    new_root = tmp_path / "new-disk" / "restored"
    restoring.source.edit.setText(str(backup_file))
    restoring.folder.edit.setText(str(new_root))
    type_text(restoring.passphrase, PASSPHRASE)
    click(qtbot, restoring.start_button)
    qtbot.waitUntil(lambda: not restoring.busy and bool(restoring.status.text()), timeout=WAIT_MS)
    said = restoring.status.text()
    assert f"{new_root} — диск заповнено" in said
    assert backup_file.name not in said and "No space" not in said
    assert not new_root.parent.exists()


def test_a_backup_the_access_log_cannot_take_is_not_made_and_says_so(
    qtbot: QtBot,
    window: MainWindow,
    session: Session,
    profile_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(another program holding the database: «Резервну копію не записано: База даних
    зайнята…» was said of a copy written, because its access-log entry came after it)"""
    target = tmp_path / "usb" / "monday.fdbackup"
    answer_file_dialogs(monkeypatch, getSaveFileName=target)
    window.service_menu.backup_action.trigger()
    dialog = window.service_menu.dialog
    assert isinstance(dialog, BackupDialog)
    type_text(dialog.passphrase.first, PASSPHRASE)
    type_text(dialog.passphrase.second, PASSPHRASE)
    other = Profile.open(profile_root)  # (a long `frontdesk import`, say)
    other.db.conn.execute("BEGIN IMMEDIATE")
    try:
        click(qtbot, dialog.start_button)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    finally:
        other.db.conn.execute("COMMIT")
        other.close()
    assert "Резервну копію не записано: База даних зайнята" in dialog.status.text()
    assert not target.exists()  # (said truly)
    click(qtbot, dialog.start_button)  # the other program done: again
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=WAIT_MS)
    assert "Резервну копію записано" in dialog.status.text() and target.exists()
    logged = session.reader.db.query(
        "SELECT operator, action FROM audit WHERE application_id IS NULL "
        "AND action LIKE 'backup%' ORDER BY seq"
    )
    assert [(r["operator"], r["action"]) for r in logged] == [("olena", "backup")]


def test_an_os_error_is_worded_in_the_language_of_the_app() -> None:
    hidden = "/media/usb/.backup-dl7ub2ax.fdbackup"
    said = problem_text(OSError(errno.EROFS, "Read-only file system", hidden), "uk")
    assert "диск чи тека лише для читання (/media/usb)" in said
    english = problem_text(OSError(errno.ENOSPC, "No space left on device", "/x/a.json"), "en")
    assert "the disk is full — free some space (/x/a.json)" in english


def test_diagnostics_from_the_menu_hold_no_personal_data(
    qtbot: QtBot,
    window: MainWindow,
    filled: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "for-admin" / "diagnostics.json"
    target.parent.mkdir()
    answer_file_dialogs(monkeypatch, getSaveFileName=target)
    window.service_menu.diagnostics_action.trigger()
    qtbot.waitUntil(lambda: visible_message_box() is not None, timeout=WAIT_MS)
    box = visible_message_box()
    assert box is not None
    assert str(target) in box.text()
    assert "жодних персональних даних" in box.text()
    assert str(target) in window.statusBar().currentMessage()

    report = target.read_text(encoding="utf-8")
    assert '"integrity"' in report
    assert len(filled) > 10
    leaked = [value for value in filled if value.lower() in report.lower()]
    assert leaked == []


def test_daily_backup_is_set_up_and_runs_on_its_own_lane(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "usb-daily"
    answer_file_dialogs(monkeypatch, getExistingDirectory=folder)
    threads: list[str] = []
    real = ui.auto_backup.auto_backup

    def recorded(
        profile: Profile,
        now: dt.datetime | None = None,
        ran: dt.timedelta | None = None,
        looked_at: float | None = None,
    ) -> Any:
        threads.append(threading.current_thread().name)
        return real(profile, now, ran, looked_at)

    monkeypatch.setattr(ui.auto_backup, "auto_backup", recorded)
    dialog = window.service_menu.set_up_daily_backup()
    assert isinstance(dialog, DailyBackupDialog)
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=WAIT_MS)
    assert dialog.last.text() == "ще не було"
    click(qtbot, dialog.folder.button)
    dialog.keep.setValue(2)
    type_text(dialog.passphrase.first, PASSPHRASE)
    type_text(dialog.passphrase.second, PASSPHRASE)
    click(qtbot, dialog.save_button)

    def made_daily() -> list[Path]:  # (the folder is tried with a hidden file when saved)
        return list(folder.glob("frontdesk-*.fdbackup"))

    qtbot.waitUntil(lambda: len(made_daily()) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.auto_backup.running, timeout=WAIT_MS)
    assert "Щоденну резервну копію записано" in window.statusBar().currentMessage()
    # (off the GUI thread, and not on the db lane: the saves do not wait for the copy)
    assert threads and all(name.startswith("copies") for name in threads)

    assert window.auto_backup.timer.interval() == HOUR_MS
    window.auto_backup.start()  # as after sign-in: an hourly look, but a copy only once a day
    assert window.auto_backup.timer.isActive()
    qtbot.waitUntil(lambda: not window.auto_backup.running, timeout=WAIT_MS)
    assert len(list(folder.iterdir())) == 1
    (made,) = folder.iterdir()
    with backups.restore(made, tmp_path / "check", PASSPHRASE) as restored:
        assert restored.applications.count() == len(example_documents())

    again = window.service_menu.set_up_daily_backup()  # shows when the last one was made
    qtbot.waitUntil(lambda: again.state is not None, timeout=WAIT_MS)
    assert "щойно" in again.last.text()
    assert again.passphrase.optional  # stored: leave it empty to keep it
    again.reject()


def test_hourly_ticks_back_up_once_a_day_keep_the_newest_and_report_failures(
    qtbot: QtBot, session: Session, tmp_path: Path
) -> None:
    folder = tmp_path / "daily"
    # (set up before the first look: the copies are made on a lane of their own)
    configure_daily(qtbot, session, folder, 2)
    moments = iter(
        dt.datetime(2026, 11, 22, 8, tzinfo=dt.UTC) + dt.timedelta(hours=hours)
        for hours in (0, 1, 2, 25, 26, 49, 73)
    )
    reports: list[StatusText] = []
    auto = AutoBackup(session, reports.append, clock=lambda: next(moments))
    auto.start()
    made: list[int] = []
    for _tick in range(6):
        qtbot.waitUntil(lambda: not auto.running, timeout=WAIT_MS)
        made.append(len(reports))
        auto.timer.timeout.emit()  # an hour later
    qtbot.waitUntil(lambda: not auto.running, timeout=WAIT_MS)
    auto.stop()
    assert made == [1, 1, 1, 2, 2, 3]  # a copy at 0 h, 25 h, 49 h and 73 h; none in between
    assert len(reports) == 4
    mine = session.profile.profile_id[:8]
    assert sorted(p.name for p in folder.iterdir()) == [
        f"frontdesk-20261124-110000-{mine}.fdbackup",
        f"frontdesk-20261125-110000-{mine}.fdbackup",
    ]  # the newest two kept (named by Kyiv's clock: 09:00 UTC is 11:00 there)

    blocked = tmp_path / "not-a-folder"
    configure_daily(qtbot, session, blocked, 2)
    blocked.rmdir()  # the stick taken out, a file made in its place
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    failing = AutoBackup(
        session, reports.append, clock=lambda: dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    )
    failing.run_now()
    qtbot.waitUntil(lambda: not failing.running, timeout=WAIT_MS)
    assert status_text(reports[-1]).startswith("Щоденна резервна копія не вдалася")
    assert visible_message_box() is None  # the status bar, never a dialog


def test_the_daily_backup_dialog_refuses_a_folder_it_cannot_write(
    qtbot: QtBot, window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """(a folder that cannot be written was accepted, and every day's backup failed)"""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    dialog = window.service_menu.set_up_daily_backup()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=WAIT_MS)
    dialog.folder.edit.setText(str(blocked))
    type_text(dialog.passphrase.first, PASSPHRASE)
    type_text(dialog.passphrase.second, PASSPHRASE)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=WAIT_MS)
    assert f"Не вдалося записати в {blocked} — на цьому місці вже є файл" in dialog.error.text()
    assert dialog.isVisible() and "File exists" not in dialog.error.text()
    assert session.reader.setting(daily_backup.AUTO_FOLDER_KEY) is None
    dialog.reject()


def test_the_daily_backup_dialog_tells_why_the_last_one_failed_until_one_is_made(
    qtbot: QtBot, window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """(a failure showed 15 s in the status bar; the dialog said only «none yet»)"""
    stick = tmp_path / "stick"
    stick.mkdir()
    configure_daily(qtbot, session, stick)
    stick.rmdir()
    stick.write_text("a file where the folder should be", encoding="utf-8")
    window.auto_backup.run_now()
    qtbot.waitUntil(lambda: not window.auto_backup.running, timeout=WAIT_MS)

    dialog = window.service_menu.set_up_daily_backup()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=WAIT_MS)
    assert dialog.last.text() == "ще не було"
    assert dialog.failure.isVisible()
    said = dialog.failure.text()
    assert "щойно" in said and f"Не вдалося записати в {stick}" in said
    assert "на цьому місці вже є файл" in said and "File exists" not in said
    dialog.reject()

    stick.unlink()  # the stick back
    window.auto_backup.run_now()
    qtbot.waitUntil(lambda: not window.auto_backup.running, timeout=WAIT_MS)
    assert len(list(stick.iterdir())) == 1
    again = window.service_menu.set_up_daily_backup()
    qtbot.waitUntil(lambda: again.state is not None, timeout=WAIT_MS)
    assert "щойно" in again.last.text()
    assert not again.failure.isVisible()
    again.reject()


def test_the_daily_backup_is_turned_off_from_its_dialog_after_a_question(
    qtbot: QtBot, window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """(it could not be: the dialog had Save and Cancel, Save refused an empty folder, and
    a stick lost for good had the app fail aloud every hour)"""
    stick = tmp_path / "stick"
    configure_daily(qtbot, session, stick)
    dialog = window.service_menu.set_up_daily_backup()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=WAIT_MS)
    assert dialog.off_button.isVisible()
    assert dialog.off_button.text() == "Вимкнути щоденні копії"
    click(qtbot, dialog.off_button)
    asked = visible_message_box()
    assert asked is not None and str(stick) in asked.text() and "лишаються" in asked.text()
    asked.reject()  # not now: nothing changes
    qtbot.waitUntil(lambda: visible_message_box() is None, timeout=WAIT_MS)
    assert dialog.isVisible() and session.reader.setting(daily_backup.AUTO_FOLDER_KEY)

    click(qtbot, dialog.off_button)
    asked = visible_message_box()
    assert asked is not None
    (agree,) = [b for b in asked.buttons() if b.text() == "Вимкнути"]
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):  # (closed, once turned off)
        click(qtbot, agree)
    told = visible_message_box()
    assert told is not None and "Щоденні резервні копії вимкнено" in told.text()
    assert str(stick) in told.text()
    told.accept()
    assert session.reader.setting(daily_backup.AUTO_FOLDER_KEY) is None
    assert session.reader.secrets.get(backups.PASSPHRASE_SECRET) is None
    window.auto_backup.run_now()  # no copy, and no failure said
    qtbot.waitUntil(lambda: not window.auto_backup.running, timeout=WAIT_MS)
    assert not stick.exists() or list(stick.iterdir()) == []
    assert "не вдалася" not in window.statusBar().currentMessage()
    again = window.service_menu.set_up_daily_backup()  # nothing left to turn off
    qtbot.waitUntil(lambda: again.state is not None, timeout=WAIT_MS)
    assert not again.off_button.isVisible() and again.folder.edit.text() == ""
    again.reject()


def test_first_run_restores_a_backup_instead_of_a_new_profile(
    qtbot: QtBot, backup_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "replacement-laptop"
    answer_file_dialogs(monkeypatch, getOpenFileName=backup_file)
    wizard = FirstRunWizard(root, synchronous=True)
    qtbot.addWidget(wizard)
    wizard.show()
    restore_button = wizard.button(QWizard.WizardButton.CustomButton1)
    assert restore_button.isVisible()
    assert restore_button.text() == "Відновити з резервної копії…"
    click(qtbot, restore_button)
    dialog = wizard.restore_offer.dialog
    assert dialog is not None and dialog.isVisible()
    assert str(root) in dialog.intro.text()
    assert not dialog.folder.isVisible()  # the folder the app was going to use
    assert not dialog.open_button.isVisible()
    click(qtbot, dialog.source.button)
    type_text(dialog.passphrase, "не та фраза зовсім")
    click(qtbot, dialog.start_button)
    assert "не підходить" in dialog.status.text()
    assert not Profile.exists(root)

    type_text(dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.start_button)
    assert dialog.result_info is not None
    assert dialog.result_info.operators == ("olena",)
    assert dialog.open_button.text() == "Перейти до входу"
    click(qtbot, dialog.open_button)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.operator == ""  # the restored operators sign in
    with Profile.open(root) as profile:
        assert profile.applications.count() == len(example_documents())
        assert profile.operators.check("olena", PASSWORD)


def test_the_restore_button_is_on_the_first_page_only(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = FirstRunWizard(tmp_path / "new", synchronous=True)
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(wizard.workstation_page.code, "zt01")
    wizard.next()
    assert not wizard.button(QWizard.WizardButton.CustomButton1).isVisible()
    wizard.back()
    assert wizard.button(QWizard.WizardButton.CustomButton1).isVisible()


def test_start_up_on_a_replacement_laptop_restores_then_signs_in(
    qtbot: QtBot,
    backup_file: Path,
    tmp_path: Path,
    ukrainian: Translations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer_file_dialogs(monkeypatch, getOpenFileName=backup_file)
    root = tmp_path / "default-data"
    steps: list[str] = []

    def worker_at_the_screen() -> None:  # answers whatever modal dialog is up
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, FirstRunWizard) and "wizard" not in steps:
            steps.append("wizard")
            dialog.button(QWizard.WizardButton.CustomButton1).click()
        elif isinstance(dialog, RestoreDialog) and "restore" not in steps:
            steps.append("restore")
            dialog.source.button.click()
            type_text(dialog.passphrase, PASSPHRASE)
            dialog.start_button.click()
        elif isinstance(dialog, RestoreDialog) and dialog.result_info is not None:
            dialog.open_button.click()
        elif isinstance(dialog, LoginDialog):
            steps.append("sign-in")
            type_text(dialog.password, PASSWORD)
            dialog.try_sign_in()
            return
        QTimer.singleShot(20, worker_at_the_screen)

    QTimer.singleShot(0, worker_at_the_screen)
    monkeypatch.setattr("ui.app.AUTO_BACKUP_DELAY_MS", 0)
    startup = Startup(root, ukrainian)
    try:
        assert startup.run()
        assert steps == ["wizard", "restore", "sign-in"]
        assert startup.window is not None and startup.window.session.operator == "olena"
        assert startup.window.session.reader.applications.count() == len(example_documents())
        auto = startup.window.auto_backup
        qtbot.waitUntil(auto.timer.isActive, timeout=WAIT_MS)  # after sign-in, then hourly
    finally:
        close_all_windows()
        startup.close()
