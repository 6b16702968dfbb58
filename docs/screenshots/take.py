"""Screenshots of the main screens from the real app (run under Xvfb; see RECIPES.md).

    FRONTDESK_ALLOW_INSECURE_KEYRING=1 \\
    PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring XDG_DATA_HOME=$(mktemp -d) \\
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \\
    .venv/bin/python docs/screenshots/take.py

The receipt is its PDF's first page, drawn by ``pdftoppm`` (poppler-utils).
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from bench.data import generate  # noqa: E402
from frontdesk.document import parse_json  # noqa: E402
from frontdesk.model import Status  # noqa: E402
from frontdesk.profile import Profile  # noqa: E402
from frontdesk.store.outbox import REGISTRY_KEY  # noqa: E402
from sync.workstation import TOKEN  # noqa: E402
from tests.reference_data import katottg_csv  # noqa: E402
from ui.app import create_application  # noqa: E402
from ui.backup_dialog import BackupDialog  # noqa: E402
from ui.login import LoginDialog  # noqa: E402
from ui.main_window import FORM_TAB, JOURNAL_TAB, MainWindow  # noqa: E402
from ui.receipt import save_receipt_pdf  # noqa: E402
from ui.session import session_for  # noqa: E402
from ui.sync_controller import SyncController  # noqa: E402
from ui.wizard import FirstRunWizard  # noqa: E402

OUT = Path(__file__).resolve().parent
CSV = katottg_csv()  # the official codifier the tests load (tests/data)
EXAMPLE = ROOT / "docs" / "examples" / "applications.jsonl"  # its first: a family, service 250
DECISIONS = [
    (Status.GRANTED, ""),
    (Status.RETURNED, "Немає довідки про доходи за останні 6 місяців"),
    (Status.ACCEPTED, ""),
    (Status.REFUSED, "Сукупний дохід перевищує межу"),
    (Status.SENT, ""),
]


def wait(ms: int) -> None:
    app = QApplication.instance()
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.start(ms)
    while deadline.isActive():
        app.processEvents()


def until(condition: Callable[[], bool], ms: int = 20_000) -> None:
    for _ in range(ms // 20):
        if condition():
            return
        wait(20)
    raise TimeoutError


def shot(widget: QWidget, name: str, *, with_popups: bool = False) -> None:
    """The widget as drawn; ``with_popups`` takes its screen area (completion lists)."""
    wait(300)
    if with_popups:
        frame = widget.frameGeometry()
        picture = widget.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    else:
        picture = widget.grab()
    picture.save(str(OUT / f"{name}.png"))
    print("saved", name)


def prepare(root: Path) -> None:
    with Profile.create(root, workstation="ZT01", community="UA18040530000045696") as profile:
        profile.places.import_csv(CSV)
        profile.operators.add("olena", "correct horse", "Олена Петренко")
        apps = generate(240, seed=7)
        profile.applications.import_batch(apps, "olena")
        with profile.db.transaction() as conn:
            for i, app in enumerate(profile.applications.search(limit=200, offset=6)):
                status, reason = DECISIONS[i % len(DECISIONS)]
                conn.execute("DELETE FROM outbox WHERE application_id = ?", (app.id,))
                profile.from_registry.set_status(conn, app.id, 1, status, reason)
        # Two that the registry refused earlier, waiting for the worker to fix them.
        refused = {
            "outcome": "rejected",
            "error": "validation",
            "problems": [
                {
                    "field": "payment.iban",
                    "code": "iban.checksum",
                    "message": "IBAN містить помилку: не збігаються контрольні цифри",
                    "message_en": "The IBAN has a typo: its check digits do not match",
                }
            ],
        }
        profile.outbox.record_results([(i, None, refused) for i in profile.outbox.claim(2)])
        # Enrolled with a registry that is not answering right now.
        profile.secrets.set(TOKEN, "screenshot-token")
        profile.outbox.set_setting(REGISTRY_KEY, "http://127.0.0.1:9")
        profile.outbox.record_success()


def service_shots(window: MainWindow, tmp: Path) -> None:
    """The Service menu open, and the backup dialog it leads to."""
    menu = window.service_menu
    window.menuBar().setActiveAction(menu.menuAction())  # opens the menu, as a click would
    until(menu.isVisible)
    shot(window, "service-menu", with_popups=True)
    menu.hide()
    dialog = BackupDialog(window.session, tmp / "USB" / "frontdesk-20261122.fdbackup", window)
    dialog.show()
    for edit in (dialog.passphrase.first, dialog.passphrase.second):
        edit.setText("довга фраза для копії")
    shot(dialog, "backup")  # ready to start: the rule, the file, the passphrase twice
    dialog.close()


def form_shots(window: MainWindow, tmp: Path) -> None:
    """The example family's application in the form as a draft (top, then its household),
    then the same application saved as ready and its receipt, as the PDF a worker prints
    (page 1, via pdftoppm)."""
    session = window.session
    example = parse_json(EXAMPLE.read_text(encoding="utf-8").splitlines()[0])
    # Taken where this workstation works today (the example names another hromada's office).
    example = dataclasses.replace(example, service_point=session.service_point)
    with Profile.open(session.profile_root) as profile:
        draft = profile.applications.save(
            dataclasses.replace(example, status=Status.DRAFT), "olena"
        ).application
    window.form_host.open_draft(draft)
    window.tabs.setCurrentIndex(FORM_TAB)
    form = window.form_host.form
    assert form is not None
    form.scroll_area.verticalScrollBar().setValue(0)
    shot(window, "form")
    form.scroll_area.ensureWidgetVisible(form.household, 0, 200)
    shot(window, "form-household")
    # The settlement picker: 119 villages are named Іванівка; the worker's raion's come first.
    picker = form.addresses.registered.settlement
    form.scroll_area.ensureWidgetVisible(picker, 0, 120)
    picker.setFocus()
    picker.clear()
    picker.setText("Іванівка")
    picker.textEdited.emit("Іванівка")
    until(picker.completer_popup.isVisible)
    shot(window, "form-settlement", with_popups=True)
    picker.completer_popup.hide()
    form.new_application()  # (the form lets go of the draft before it is saved as ready)
    window.tabs.setCurrentIndex(JOURNAL_TAB)
    with Profile.open(session.profile_root) as profile:
        ready = profile.applications.save(
            dataclasses.replace(draft, status=Status.READY), "olena"
        ).application
    pdf = save_receipt_pdf(ready, session, tmp / "receipt.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-singlefile", str(pdf), str(OUT / "receipt")],
        check=True,
    )
    print("saved receipt")


def main() -> None:
    app, translations = create_application()
    tmp = Path(tempfile.mkdtemp(prefix="frontdesk-shots-"))

    wizard = FirstRunWizard(tmp / "wizard-profile")
    wizard.show()
    wizard.workstation_page.code.setText("ZT01")
    wizard.next()
    wizard.community_page.load(CSV)
    until(wizard.community_page.picker.isEnabled)
    picker = wizard.community_page.picker
    picker.setText("Тетерів")
    picker.textEdited.emit("Тетерів")
    until(lambda: picker.completer().popup().isVisible())
    shot(wizard, "wizard-community", with_popups=True)
    wizard.close()

    root = tmp / "profile"
    prepare(root)
    reader = Profile.open(root)
    login = LoginDialog(reader.operators, reader.workstation)
    login.show()
    login.password.setText("********")
    shot(login, "sign-in")
    login.close()

    session = session_for(Profile.open(root), reader, "olena")
    controller = SyncController(root, interval=3600)
    window = MainWindow(session, controller, translations)
    window.resize(1366, 740)
    window.show()
    controller.start()
    until(lambda: window.sync_panel.state == "problem")
    until(lambda: window.journal.model.total > 0)
    shot(window, "journal")

    window.journal.search.setText("п'ятач")
    until(lambda: not window.journal.model.busy and window.journal.model.total < 240)
    wait(400)
    shot(window, "journal-search")
    window.journal.search.clear()
    wait(400)

    returned = next(
        row
        for row in range(window.journal.model.rowCount())
        if window.journal.model.summary(row).status is Status.RETURNED
    )
    card = window.journal.model.summary(returned)
    opened = window.journal.open_application(card.id)
    shot(opened, "application-returned")
    opened.close()

    window.sync_panel.not_accepted_button.click()
    until(lambda: not window.journal.model.busy and window.journal.model.total == 2)
    wait(400)
    shot(window, "journal-not-accepted")
    opened = window.journal.open_application(window.journal.model.summary(0).id)
    shot(opened, "application-not-accepted")
    opened.close()
    window.journal.status_filter.setCurrentIndex(0)
    wait(400)

    window.tabs.setCurrentIndex(FORM_TAB)
    shot(window, "application-form")
    window.tabs.setCurrentIndex(JOURNAL_TAB)
    form_shots(window, tmp)

    settings = window.open_settings()
    shot(settings, "settings")
    settings.close()
    service_shots(window, tmp)

    # A returned application being corrected: what the back office asked stays in sight.
    opened = window.journal.open_application(card.id)
    opened.correct_button.click()
    until(lambda: window.tabs.currentIndex() == FORM_TAB)
    until(lambda: window.form_host.form.header.correction_area.isVisible())
    wait(400)
    shot(window, "application-correction")

    window.lock()
    shot(window, "locked")

    window.unlock()
    controller.stop()
    window.close()
    session.close()
    del app


if __name__ == "__main__":
    main()
