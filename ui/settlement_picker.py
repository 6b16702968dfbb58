"""A line edit that completes settlement names from the КАТОТТГ codifier as the worker types.

Lookups are one indexed prefix query (``Places.search``) through a profile's
read connection; ``places`` is given by the caller (``session.reader.places``
in the app, a scratch codifier in the first-run wizard).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from frontdesk.identifiers import SETTLEMENT_CATEGORIES
from frontdesk.reference import Place, Places


class SettlementPicker(QLineEdit):
    """``code`` is the chosen place's КАТОТТГ code ("" until one is chosen)."""

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
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(self._chosen)
        self.setCompleter(completer)
        self.textEdited.connect(self._lookup)

    @property
    def code(self) -> str:
        return self.place.code if self.place else ""

    def set_places(self, places: Places | None) -> None:
        self._places = places

    def set_place(self, place: Place | None) -> None:
        self.place = place
        self.setText(place.long_label if place else "")

    def _lookup(self, text: str) -> None:
        self.place = None
        if self._places is None or len(text.strip()) < 2:
            self._names.setStringList([])
            return
        found = self._places.search(text, categories=self._categories, limit=30)
        self._found = {place.long_label: place for place in found}
        self._names.setStringList(list(self._found))
        completer = self.completer()
        if completer is not None and found:
            completer.complete()

    def _chosen(self, label: str) -> None:
        place = self._found.get(label)
        if place is not None:
            self.place = place
            self.placeChosen.emit(place)
