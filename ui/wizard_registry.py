"""The first-run wizard's registry page: work offline for now, or the registry's address and a
one-time enrolment code. Leaving it creates the profile (and enrols it), on the wizard's
lane; a code the registry refuses as another laptop's is corrected here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from frontdesk.identifiers import check_workstation_code, compact_code
from frontdesk.messages import text
from frontdesk.profile import Profile
from sync.errors import Offline, ServerTrouble, WorkstationInUse, WorkstationTaken
from ui.preferences import LANGUAGE_KEY
from ui.widgets import error_label

if TYPE_CHECKING:
    from ui.wizard import FirstRunWizard


class RegistryPage(QWizardPage):
    """Leaving this page creates the profile (and enrols it when asked to)."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._busy = False
        self._enrolled = False
        # The code the registry refused as another laptop's, while this page asks for this
        # laptop's own (:meth:`_code_taken`); "" otherwise.
        self._taken = ""
        self.setTitle(self.tr("Connection to the registry"))
        self.setSubTitle(
            self.tr(
                "Applications are always saved on this computer first. With a registry "
                "address and a one-time code from your administrator they are also sent."
            )
        )
        self.setCommitPage(True)  # the profile exists after this page: no way back
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create the profile"))
        self.online = QRadioButton(self.tr("Connect to the registry"))
        self.offline = QRadioButton(self.tr("Work offline for now (connect later in Settings)"))
        self.offline.setChecked(True)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://registry.example.gov.ua")
        self.code = QLineEdit()
        for edit in (self.url, self.code):
            edit.textEdited.connect(lambda _t: self.online.setChecked(True))
        # Shown when the registry says another laptop holds the workstation code: the page
        # before it can no longer be gone back to (the profile exists), and nothing is
        # numbered yet, so the code is corrected here.
        self.workstation = QLineEdit()
        self.workstation.setPlaceholderText("ZT02")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.offline)
        layout.addWidget(self.online)
        form = QFormLayout()
        form.addRow(self.tr("Registry address:"), self.url)
        form.addRow(self.tr("Enrolment code:"), self.code)
        form.addRow(self.tr("This laptop's workstation code:"), self.workstation)
        form.setRowVisible(self.workstation, False)
        self.form = form
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return not self._busy  # (pressed again while the profile is made: nothing to do)

    def _hold_inputs(self, busy: bool) -> None:
        """While the profile is made from what the pages before say, neither they nor this
        page can change (Back led to the community page, and a community picked there
        meanwhile was silently ignored)."""
        self._busy = busy
        self.setEnabled(not busy)
        self.completeChanged.emit()  # the wizard sets its buttons again
        if busy:
            self._wizard.button(QWizard.WizardButton.BackButton).setEnabled(False)

    def validatePage(self) -> bool:
        wants_registry = self.online.isChecked()
        setup = self._wizard.setup
        made = setup.profile is not None and (
            setup.places_copied or self._wizard.community_page.codifier is None
        )
        if made and not self._taken and (self._enrolled or not wants_registry):
            return True
        if wants_registry and not (self.url.text().strip() and self.code.text().strip()):
            self.error.setText(self.tr("Type the registry address and the enrolment code."))
            return False
        if self._taken and not self._own_code_checked(wants_registry):
            return False
        if not self._busy:
            self._start(wants_registry)
        return False  # the page moves on by itself when the work is done

    def _own_code_checked(self, wants_registry: bool) -> bool:
        """The workstation code typed after the registry said another laptop holds the one
        given: a code as at set-up, and not that one for work offline (its receipts would
        repeat the other laptop's numbers)."""
        typed = compact_code(self.workstation.text())
        problem = check_workstation_code(typed)
        if problem:
            self.error.setText(text(problem, self._wizard.language))
            return False
        if typed == self._taken and not wants_registry:
            self.error.setText(
                self.tr(
                    "Another laptop holds the workstation code %1: its receipts would repeat "
                    "that laptop's numbers. Type this laptop's own code, or connect once the "
                    "old laptop is revoked."
                ).replace("%1", typed)
            )
            return False
        return True

    def _show_code_taken(self, taken: str) -> None:
        """The workstation code field, with the code refused in it, for this laptop's own."""
        if not self._taken:
            self.workstation.setText(taken)
        self._taken = taken
        self.form.setRowVisible(self.workstation, True)
        self.workstation.setFocus()
        self.workstation.selectAll()

    def _start(self, wants_registry: bool) -> None:
        wizard = self._wizard
        root, backend = wizard.root, wizard.secrets_backend
        workstation = wizard.workstation_page.value()
        # (after a refusal of the code as another laptop's: the code typed for this one)
        own_code = compact_code(self.workstation.text()) if self._taken else ""
        community = wizard.community_page.value()
        codifier = wizard.community_page.codifier  # already read: the file may be gone
        setup = wizard.setup
        language = wizard.language
        url, code = self.url.text().strip(), self.code.text().strip()
        self._hold_inputs(True)
        self.error.clear()
        self.progress.show()
        self.status.setText(self.tr("Creating the profile…"))

        def work() -> bool:
            if setup.profile is None:
                setup.step = "create"
                setup.profile = Profile.create(
                    root, workstation=workstation, community=community, secrets_backend=backend
                )
                # The sign-in and the app go on in the language the set-up was done in.
                setup.profile.set_setting(LANGUAGE_KEY, language)
            if codifier is not None and not setup.places_copied:
                setup.step = "codifier"
                codifier.copy_into(setup.profile.places)
                setup.places_copied = True
            if own_code:  # (nothing is numbered yet: the profile just takes the code)
                setup.step = "workstation"
                setup.profile.change_workstation(own_code, "set-up")
            if wants_registry:
                from sync.workstation import enrol  # the HTTP client loads only when needed

                setup.step = "enrol"
                enrol(setup.profile, url, code)
                return True
            return False

        wizard.lane.run(work, self._done, self._failed, owner=self)

    def _done(self, enrolled: bool) -> None:
        if self._wizard.released:
            return  # cancelled meanwhile
        self._enrolled = enrolled
        self._taken = ""  # (connected, or working offline with a code of its own)
        self._hold_inputs(False)
        self.progress.hide()
        self.status.setText(
            self.tr("Connected to the registry.") if enrolled else self.tr("Profile created.")
        )
        self._wizard.next()

    def _failed(self, exc: BaseException) -> None:
        if self._wizard.released:
            return  # cancelled meanwhile
        self._hold_inputs(False)
        self.progress.hide()
        self.status.clear()
        step = self._wizard.setup.step
        created = self._wizard.profile is not None
        if step == "enrol" and isinstance(exc, (Offline, ServerTrouble)):
            # (not the sync strip's "will be sent": nothing is enrolled)
            message = self.tr(
                "the registry does not answer at this address (check the address and the "
                "connection)"
            )
        else:
            message = self._wizard.message(exc)
        if created:
            # What is left is the codifier or the connection; the profile will not be
            # created twice, and the pages before (its code and community) can no longer
            # change it.
            self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Continue"))
            button = QWizard.WizardButton
            self._wizard.setButtonLayout(
                [
                    button.Stretch,
                    button.NextButton,
                    button.CommitButton,
                    button.FinishButton,
                    button.CancelButton,
                ]
            )
            if step == "enrol" and isinstance(exc, (WorkstationInUse, WorkstationTaken)):
                # Not "work offline for now": with another laptop's code, its receipts
                # would repeat that laptop's numbers.
                tried = self.workstation.text() if self._taken else ""
                self._show_code_taken(compact_code(tried) or self._wizard.workstation_page.value())
            if step == "enrol" and isinstance(exc, WorkstationTaken):
                # (used in another community: no revoke frees it, only a code of its own)
                message = self.tr(
                    "The profile is created, but connecting failed: %1\n"
                    "Type a new workstation code for this laptop (ask your administrator "
                    "for one not used before) and press Continue."
                ).replace("%1", message)
            elif step == "enrol" and isinstance(exc, WorkstationInUse):
                message = self.tr(
                    "The profile is created, but connecting failed: %1\n"
                    "Another laptop holds this workstation code. Type this laptop's own code "
                    "(your administrator gives each laptop its own) and press Continue. If "
                    "this laptop replaces the old one, have the old one revoked first, then "
                    "press Continue."
                ).replace("%1", message)
            elif step == "enrol":
                message = self.tr(
                    "The profile is created, but connecting failed: %1\n"
                    "Fix the address or code, or choose to work offline for now."
                ).replace("%1", message)
            elif step == "workstation":
                message = self.tr(
                    "The profile is created, but its workstation code could not be changed: %1"
                ).replace("%1", message)
            else:
                message = self.tr(
                    "The profile is created, but the codifier could not be put into it: %1\n"
                    "Press Continue to try again."
                ).replace("%1", message)
        self.error.setText(message)
