"""First run: create the workstation profile, connect it to the registry, add the first operator.

Pages: the workstation code; the community (picked by name from a КАТОТТГ
CSV the worker loads here, or typed as a code); the registry (address and
enrolment code, or "work offline for now"); the first operator. Everything
slow — the CSV import, ``Profile.create``, enrolment over the network, the
password hash — runs on the wizard's own lane; the pages wait for the answer
without blocking the GUI thread. Nothing typed is lost on an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QWizard,
    QWizardPage,
)

from frontdesk.errors import FrontDeskError
from frontdesk.identifiers import check_workstation_code, compact_code
from frontdesk.messages import text
from frontdesk.operators import MIN_PASSWORD
from frontdesk.profile import Profile
from frontdesk.secrets import check_keyring
from ui.codifier_import import ScratchCodifier
from ui.i18n import LANGUAGES
from ui.restore import WizardRestore
from ui.tasks import TaskRunner
from ui.widgets import error_label, resize_within_screen
from ui.wizard_community import CommunityPage
from ui.wizard_registry import RegistryPage

PREFERRED_SIZE = (720, 520)
# What :meth:`FirstRunWizard.exec` returns when the worker picked another language on the
# first page: the wizard is to be opened again in :attr:`FirstRunWizard.language`.
LANGUAGE_SWITCHED = 2
# In both languages: whoever sets the laptop up finds it whichever one she reads.
LANGUAGE_LABEL = "Мова / Language:"


class Setup:
    """What the setup lane has made so far. Work on the lane reads and writes this, never a
    page: the wizard may be gone by the time it ends."""

    def __init__(self, profile: Profile | None) -> None:
        self.profile = profile
        self.codifier: ScratchCodifier | None = None  # the one loaded last
        self.places_copied = False  # the loaded codifier is in the profile
        # what the lane was doing: "create", "codifier", "workstation" or "enrol"
        self.step = ""


class FirstRunWizard(QWizard):
    def __init__(
        self,
        root: Path,
        *,
        language: str = "uk",
        synchronous: bool = False,
        secrets_backend: Any = None,
        existing: Profile | None = None,
        workstation: str = "",
        parent: Any = None,
    ) -> None:
        """``existing``: a profile made by a first run that stopped before its first
        operator (the wizard was closed on its last page); the wizard then asks only for
        that operator, and closes the profile when done. ``workstation``: the code typed
        before the wizard was opened again in another language."""
        super().__init__(parent)
        self.root = root
        self.language = language
        self.secrets_backend = secrets_backend
        self.lane = TaskRunner("setup", synchronous=synchronous, parent=self)
        self.setup = Setup(existing)  # belongs to the setup lane
        self.operator = ""
        self.setWindowTitle(self.tr("FrontDesk — first start"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.workstation_page = WorkstationPage(language, choose_language=existing is None)
        self.workstation_page.code.setText(workstation)
        self.community_page = CommunityPage(self)
        self.registry_page = RegistryPage(self)
        self.operator_page = OperatorPage(self)
        for page in (
            self.workstation_page,
            self.community_page,
            self.registry_page,
            self.operator_page,
        ):
            self.addPage(page)
        if existing is not None:
            self.setStartId(self.pageIds()[-1])  # the operator page
        else:  # no keyring: said before the questions, not after all of them
            self.lane.run(
                lambda: check_keyring(secrets_backend),
                None,
                self.workstation_page.keyring_failed,
                owner=self,
            )
        self.restore_offer = WizardRestore(self)  # a replacement laptop: restore instead
        # At 150 % on a 1366×768 laptop the screen leaves about 910×440: a fixed 720×520
        # put Next and Cancel below its edge.
        resize_within_screen(self, *PREFERRED_SIZE)
        self.finished.connect(lambda _result: self.release())

    @property
    def profile(self) -> Profile | None:
        return self.setup.profile

    def switch_language(self, language: str) -> None:
        """The worker picked ``language`` on the first page: the wizard closes, to be
        opened again in it (:data:`LANGUAGE_SWITCHED`); nothing is made yet."""
        if language != self.language and self.profile is None:
            self.language = language
            self.done(LANGUAGE_SWITCHED)

    def message(self, exc: BaseException) -> str:
        if isinstance(exc, FrontDeskError):
            return exc.message(self.language)
        return self.tr("Internal error: %1").replace("%1", type(exc).__name__)

    def release(self) -> None:
        """Close what the wizard opened, on its lane after the work still running there.

        Cancel does not wait for that work: an enrolment may wait a minute for a registry
        that does not answer. It ends on its own, its result is ignored (see
        :attr:`released`), and only then are the profile and the codifier closed.
        """
        if self.lane.closed:
            return
        setup = self.setup
        self.community_page.forget_codifier()

        def close_all() -> None:
            if setup.codifier is not None:
                setup.codifier.close()
                setup.codifier = None
            if setup.profile is not None:
                setup.profile.close()
                setup.profile = None

        self.lane.run(close_all)
        # Accepted: nothing is running, and the profile is closed before the app opens it.
        self.lane.shutdown(wait=self.result() == QDialog.DialogCode.Accepted)

    @property
    def released(self) -> bool:
        """Cancelled or finished: what the lane still hands back is not wanted."""
        return self.lane.closed


class WorkstationPage(QWizardPage):
    def __init__(self, language: str = "uk", *, choose_language: bool = True) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to FrontDesk"))
        self.setSubTitle(
            self.tr(
                "This computer needs a workstation profile. Your administrator gives you the "
                "workstation code (for example, ZT01)."
            )
        )
        self.code = QLineEdit()
        self.code.setPlaceholderText("ZT01")
        self.code.textChanged.connect(lambda _t: self._check())
        self.error = error_label()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.activated.connect(self._language_picked)
        form = QFormLayout(self)
        form.addRow(self.tr("Workstation code:"), self.code)
        form.addRow(self.error)
        if choose_language:  # (not when only the first operator is left to add)
            # Above the code, yet after it in the focus chain: the code is typed first.
            form.insertRow(0, LANGUAGE_LABEL, self.language)

        self.keyring_problem = ""  # no keyring to keep the database key: nothing can go on

    def keyring_failed(self, exc: BaseException) -> None:
        wizard = self.wizard()
        self.keyring_problem = (
            wizard.message(exc) if isinstance(wizard, FirstRunWizard) else str(exc)
        )
        self.error.setText(self.keyring_problem)
        self.code.setEnabled(False)
        self.completeChanged.emit()

    def value(self) -> str:
        return compact_code(self.code.text())

    def _language_picked(self, index: int) -> None:
        wizard = self.wizard()
        if isinstance(wizard, FirstRunWizard):
            wizard.switch_language(self.language.itemData(index))

    def _check(self) -> None:
        problem = check_workstation_code(self.value()) if self.code.text() else None
        wizard = self.wizard()  # None until the page is added to the wizard
        lang = wizard.language if isinstance(wizard, FirstRunWizard) else "uk"
        self.error.setText(text(problem, lang) if problem else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.keyring_problem and check_workstation_code(self.value()) is None


class OperatorPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._done = False
        self._busy = False
        self.setTitle(self.tr("The first operator"))
        self.setSubTitle(
            self.tr("Who will work on this computer? More operators can be added later.")
        )
        self.setFinalPage(True)
        self.login = QLineEdit()
        self.login.setPlaceholderText("olena.petrenko")
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("Login:"), self.login)
        form.addRow(self.tr("Full name:"), self.full_name)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("Repeat the password:"), self.repeat)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        if self._done:
            return True
        if self._busy:
            return False
        if len(self.password.text()) < MIN_PASSWORD:
            self.error.setText(
                self.tr("The password needs at least %1 characters.").replace(
                    "%1", str(MIN_PASSWORD)
                )
            )
            return False
        if self.password.text() != self.repeat.text():
            self.error.setText(self.tr("The passwords differ."))
            return False
        wizard = self._wizard
        login, name, password = self.login.text(), self.full_name.text(), self.password.text()
        profile = wizard.profile
        if profile is None:
            return False
        self._busy = True
        self.setEnabled(False)

        def work() -> str:
            profile.operators.add(login, password, name)
            return login.strip().lower()

        wizard.lane.run(work, self._added, self._failed, owner=self)
        return False

    def _added(self, login: str) -> None:
        if self._wizard.released:
            return
        self._busy, self._done = False, True
        self.setEnabled(True)
        self._wizard.operator = login
        self._wizard.accept()

    def _failed(self, exc: BaseException) -> None:
        if self._wizard.released:
            return
        self._busy = False
        self.setEnabled(True)
        self.error.setText(self._wizard.message(exc))
