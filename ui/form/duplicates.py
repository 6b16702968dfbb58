"""The warning shown before saving when the same person already has an open application.

Duplicates across retries and channels are a known plague of such systems:
the worker sees the earlier application's number, can open it, or confirm
that this one is wanted too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from frontdesk.catalog import ServiceCatalog
from frontdesk.store.applications import Summary
from frontdesk.text import local_time
from ui.wording import services_text, status_name


class DuplicateBanner(QFrame):
    """Says the open applications of the same person; its words follow a language switch
    (it keeps what it shows, and says it again)."""

    openRequested = Signal(str)  # application id
    confirmed = Signal()
    cancelled = Signal()

    def __init__(
        self,
        catalog: ServiceCatalog,
        language: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._language = language  # the session's, as it is now (the services' names)
        self._summaries: list[Summary] = []
        self.setObjectName("duplicateBanner")
        self.setStyleSheet(
            "#duplicateBanner { background: #fff3d6; border: 1px solid #8a5300;"
            " border-radius: 4px; }"
        )
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.rows = QGridLayout()
        self.rows.setColumnStretch(0, 1)
        self.confirm_button = QPushButton(self)
        self.confirm_button.clicked.connect(self.confirmed)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancelled)
        for button in (self.confirm_button, self.cancel_button):
            button.setAutoDefault(True)  # Enter presses the focused button (not a dialog)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.cancel_button)
        layout = QGridLayout(self)
        layout.addWidget(self.title, 0, 0)
        layout.addLayout(self.rows, 1, 0)
        layout.addLayout(buttons, 2, 0)
        self.row_labels: list[QLabel] = []
        self.open_buttons: list[QPushButton] = []
        self.hide()

    def use_catalog(self, catalog: ServiceCatalog) -> None:
        self._catalog = catalog
        self._say()

    def show_duplicates(self, summaries: Sequence[Summary]) -> None:
        self._summaries = list(summaries)
        while self.rows.count():
            item = self.rows.takeAt(0)
            assert item is not None  # the layout is not empty
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.row_labels = []
        self.open_buttons = []
        for row, summary in enumerate(self._summaries):
            label = QLabel(self)
            label.setWordWrap(True)
            button = QPushButton(self)
            button.setObjectName(f"open:{summary.id}")
            button.setAutoDefault(True)
            button.clicked.connect(
                lambda _=False, app_id=summary.id: self.openRequested.emit(app_id)
            )
            self.rows.addWidget(label, row, 0)
            self.rows.addWidget(button, row, 1)
            self.row_labels.append(label)
            self.open_buttons.append(button)
        self._say()
        self.show()
        self.cancel_button.setFocus()

    def _say(self) -> None:
        """Every text, in the language on screen (the same widgets: the focus stays)."""
        self.title.setText(
            self.tr(
                "<b>This person already has an undecided application for the same service.</b> "
                "Open it instead, or save this one as well?"
            )
        )
        lang = self._language()
        for summary, label, button in zip(
            self._summaries, self.row_labels, self.open_buttons, strict=True
        ):
            label.setText(
                " · ".join(
                    part
                    for part in (
                        self.tr("№ %1").replace("%1", summary.number),
                        summary.applicant_name,
                        services_text(self._catalog, summary.services, lang),
                        status_name(summary.status),
                        local_time(summary.created_at, with_time=False),
                    )
                    if part
                )
            )
            button.setText(self.tr("Open %1").replace("%1", summary.number))
        self.confirm_button.setText(self.tr("Save this one &too"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._say()
        super().changeEvent(event)

    @property
    def numbers(self) -> list[str]:
        return [s.number for s in self._summaries]
