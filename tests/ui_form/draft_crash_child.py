"""The child process of the crash test: type into the form, wait for the autosave, hang.

Run as ``python -m tests.ui_form.draft_crash_child PROFILE KEYRING_FILE``. It
prints ``saved <id>`` once a draft holding everything it typed is in the
store, then waits to be killed (SIGKILL: no clean-up of any kind).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtWidgets import QApplication

from frontdesk.model import Application
from tests.ui_form.keyboard import type_text
from ui.form import ApplicationForm
from ui.i18n import Translations
from ui.pyside_fixes import keep_singletons_alive
from ui.session import open_session

SURNAME = "Гнатюк"
GIVEN_NAME = "Вʼячеслав"
STREET = "Лесі Українки"


class _Bot:
    """The two qtbot calls type_text needs, without pytest."""

    @staticmethod
    def keyClicks(widget, text):  # type: ignore[no-untyped-def]
        from PySide6.QtTest import QTest

        QTest.keyClicks(widget, text)


def main() -> None:
    root, keyring_file = Path(sys.argv[1]), sys.argv[2]
    keep_singletons_alive()  # as ui.app does at start
    backend = PlaintextKeyring()
    backend.file_path = keyring_file
    keyring.set_keyring(backend)
    app = QApplication([])
    Translations().switch("uk")
    session = open_session(root, "olena")  # real worker lanes, as in the app
    form = ApplicationForm(session)
    form.show()

    def saved(draft: Application) -> None:
        person = draft.applicant
        if (person.surname, person.given_name, draft.registered_address.street) == (
            SURNAME,
            GIVEN_NAME,
            STREET,
        ):
            print(f"saved {draft.id}", flush=True)

    form.draftSaved.connect(saved)
    type_text(_Bot, form.applicant.surname, SURNAME)
    type_text(_Bot, form.applicant.given_name, GIVEN_NAME)
    type_text(_Bot, form.addresses.registered.street, STREET)
    app.exec()


if __name__ == "__main__":
    main()
