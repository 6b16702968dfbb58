"""The first-run wizard's community page: the КАТОТТГ codifier loaded from a CSV (a USB
stick), the community picked by name from it, or its code typed (checked against it when
one is loaded)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from frontdesk.identifiers import check_katottg_format, compact_code
from frontdesk.place_names import Place
from frontdesk.reference import COMMUNITY_CATEGORIES
from ui import file_dialogs
from ui.codifier_import import ImportProgress, ScratchCodifier
from ui.settlement_picker import SettlementPicker
from ui.widgets import error_label
from ui.wording import place_label

if TYPE_CHECKING:
    from ui.wizard import FirstRunWizard

HROMADA = COMMUNITY_CATEGORIES  # (Kyiv, a city with special status, is its own community)


class CommunityPage(QWizardPage):
    code: QLineEdit  # made in __init__ after the picker whose choice fills it in

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._codifier: ScratchCodifier | None = None
        self.setTitle(self.tr("Your community (hromada)"))
        self.setSubTitle(
            self.tr(
                "Load the КАТОТТГ codifier file to find the community by name, "
                "or type its КАТОТТГ code."
            )
        )
        self.load_button = QPushButton(self.tr("Load the codifier file (CSV)…"))
        self.load_button.clicked.connect(self.choose_file)
        self.progress = QProgressBar()
        self.progress.hide()
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.picker = SettlementPicker(None, HROMADA)
        self.picker.setPlaceholderText(self.tr("Start typing the community name"))
        self.picker.setEnabled(False)
        self.picker.placeChosen.connect(self._picked)
        self.picker.textEdited.connect(self._name_retyped)
        self.picker.editingFinished.connect(self._name_left)
        self._picked_code = ""
        self._shown_complete = False
        self.code = QLineEdit()
        self.code.setPlaceholderText("UA18040530000045696")
        self.code.textChanged.connect(lambda _t: self._check())
        self.code.textEdited.connect(self._code_typed)
        self.code_error = error_label()  # why the code cannot be taken, under it
        self.error = error_label()
        # (wrapped labels in a box, not in the form's rows: a form gave the loaded file's
        # two lines the height of one once the error under the code showed)
        layout = QVBoxLayout(self)
        for widget in (self.load_button, self.progress, self.file_label):
            layout.addWidget(widget)
        form = QFormLayout()
        form.addRow(self.tr("Community:"), self.picker)
        form.addRow(self.tr("КАТОТТГ code:"), self.code)
        layout.addLayout(form)
        layout.addWidget(self.code_error)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def value(self) -> str:
        return compact_code(self.code.text())

    @property
    def codifier(self) -> ScratchCodifier | None:
        """The codifier loaded here (None: none loaded; any well-formed code is taken)."""
        return self._codifier

    def isComplete(self) -> bool:
        self._shown_complete = self.load_button.isEnabled() and self._problem() is None
        return self._shown_complete  # (what the wizard's buttons now say)

    def _problem(self) -> str | None:
        """Why the code cannot be the community's: None when it can, "" when there is
        nothing to say yet (an empty or half-typed code)."""
        code = self.value()
        if not code:
            return ""  # (how to pick one is said once the codifier is loaded, not in red)
        if check_katottg_format(code) is not None:
            return ""  # (still being typed)
        if self._codifier is None:
            return None  # nothing to check it against
        place = self._codifier.places.get(code)
        if place is None:
            return self.tr(
                "There is no such code in the loaded codifier: pick the community from the "
                "list, or check the code."
            )
        if place.category not in HROMADA:
            return self.tr(
                "This is the code of %1, not of a community (hromada): pick the community "
                "from the list."
            ).replace("%1", place_label(place))
        return None

    def _check(self) -> None:
        problem = self._problem()
        self.code_error.setText(problem or "")
        # The wizard sets its buttons again only when that changes: doing it at every key
        # of the name closed the list of communities the picker had just opened.
        if (self.load_button.isEnabled() and problem is None) != self._shown_complete:
            self.completeChanged.emit()

    def _picked(self, place: Place) -> None:
        self._picked_code = place.code
        self.code.setText(place.code)

    def _code_typed(self, _text: str) -> None:
        """The community a typed code names is shown by name (none: the name goes)."""
        if self._codifier is None:
            return
        place = self._codifier.places.get(self.value())
        if place is not None and place.category in HROMADA:
            self.picker.set_place(place)
            self._picked_code = place.code
        else:
            self.picker.set_place(None)
            self._picked_code = ""

    def _name_retyped(self, _text: str) -> None:
        """Another name typed over a picked one: its code is no longer what was chosen.
        (The wizard's buttons set again then close the list the picker has just opened:
        it is opened again.)"""
        if self._picked_code and self.value() == self._picked_code:
            self._picked_code = ""
            self.code.clear()
            self.picker.show_found()
        self._picked_code = ""
        self._check()

    def _name_left(self) -> None:
        """A name typed and left without a community picked from the list: why Next stays
        off is said then (in red while typing it, it was said before anyone could pick)."""
        if self._codifier is not None and not self.value() and len(self.picker.text()) >= 2:
            self.code_error.setText(
                self.tr("Pick the community from the list that opens as you type its name.")
            )

    def choose_file(self) -> None:
        name, _ = file_dialogs.open_file_name(
            self, self.tr("The КАТОТТГ codifier"), "", self.tr("CSV files (*.csv);;All files (*)")
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Import ``path`` into a scratch codifier off the GUI thread."""
        self.forget_codifier()
        self.load_button.setEnabled(False)
        self.picker.setEnabled(False)
        self.error.clear()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.completeChanged.emit()
        progress = ImportProgress(self)
        progress.progressed.connect(self._progressed)

        setup = self._wizard.setup

        def work() -> tuple[ScratchCodifier, int]:
            codifier = ScratchCodifier()
            try:
                count = codifier.places.import_csv(path, progress)
            except BaseException:
                codifier.close()
                raise  # (the one loaded before stays: _failed shows it again)
            if setup.codifier is not None:  # the one loaded before (nobody reads it now)
                setup.codifier.close()
            setup.codifier = codifier  # closed by the wizard's release, on this lane
            return codifier, count

        self._wizard.lane.run(
            work, lambda result: self._loaded(path, *result), self._failed, owner=self
        )

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _loaded(self, path: Path, codifier: ScratchCodifier, count: int) -> None:
        if self._wizard.released:
            return
        self._codifier = codifier
        self.picker.set_places(codifier.places)
        self.picker.setEnabled(True)
        self.picker.setFocus()
        self.load_button.setEnabled(True)
        self.progress.hide()
        self.file_label.setText(
            self.tr(
                "Loaded %1 places from %2. Type the community's name and pick it from the list."
            )
            .replace("%1", str(count))
            .replace("%2", path.name)
        )
        self._check()  # a code typed before is now checked against it

    def _failed(self, exc: BaseException) -> None:
        """Another file chosen could not be loaded: the one loaded before, if any, is
        still the one used (and its community the one chosen), as the page says; it was
        dropped, and the profile made with no codifier."""
        if self._wizard.released:
            return
        self.load_button.setEnabled(True)
        self.progress.hide()
        previous = self._wizard.setup.codifier  # (still open: closed only for a new one)
        if previous is not None:
            self._codifier = previous
            self.picker.set_places(previous.places)
            self.picker.setEnabled(True)
        self.error.setText(self._wizard.message(exc))
        self._check()
        self.completeChanged.emit()

    def forget_codifier(self) -> None:
        """Stop reading the codifier; the lane closes it (:attr:`Setup.codifier`)."""
        self.picker.set_places(None)
        self._codifier = None
