"""A line edit that completes settlement names from the КАТОТТГ codifier as the worker types.

Lookups are one indexed prefix query (``Places.search``) through a profile's
read connection; ``places`` is given by the caller (``session.reader.places``
in the app, a scratch codifier in the first-run wizard).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from frontdesk.identifiers import SETTLEMENT_CATEGORIES
from frontdesk.place_names import Place
from frontdesk.reference import Places
from ui.wording import place_label

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class SettlementPicker(QLineEdit):
    """``code`` is the chosen place's КАТОТТГ code ("" until one is chosen). A line of the
    list carries its place's code: two places may share a name, and even a label."""

    placeChosen = Signal(object)  # Place

    def __init__(
        self,
        places: Places | None,
        categories: tuple[str, ...] = SETTLEMENT_CATEGORIES,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._places = places
        self._categories = categories
        self._found: dict[str, Place] = {}
        self.place: Place | None = None
        self._names = QStandardItemModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        # The stubs give SignalInstance no __getitem__; the overload is picked at runtime.
        completer.activated[QModelIndex].connect(self._chosen)  # type: ignore[index]
        self.setCompleter(completer)
        self.textEdited.connect(self._lookup)

    @property
    def code(self) -> str:
        return self.place.code if self.place else ""

    def set_places(self, places: Places | None) -> None:
        self._places = places

    def set_place(self, place: Place | None) -> None:
        self.place = place
        self.setText(place_label(place, long=True) if place else "")

    def _lookup(self, text: str) -> None:
        self.place = None
        self._names.clear()
        if self._places is None or len(text.strip()) < 2:
            self._found = {}
            return
        found = self._places.search(text, categories=self._categories, limit=30)
        self._found = {place.code: place for place in found}
        for place in found:
            item = QStandardItem(place_label(place, long=True))
            item.setData(place.code, CODE_ROLE)
            self._names.appendRow(item)
        self.show_found()

    def show_found(self) -> None:
        """Open the list of the places found for what is typed (if any)."""
        completer = self.completer()
        if completer is not None and self._names.rowCount():
            completer.complete()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.place is not None:
            self.set_place(self.place)  # its kind and levels in the language switched to
        super().changeEvent(event)

    def _chosen(self, index: QModelIndex | QPersistentModelIndex) -> None:
        place = self._found.get(str(index.data(CODE_ROLE)))
        if place is not None:
            # The field shows the chosen line, however the line was chosen.
            self.set_place(place)
            self.placeChosen.emit(place)
