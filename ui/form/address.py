"""Addresses: a settlement picker over the КАТОТТГ codifier, the street, and "the same".

The picker completes as the worker types, from ``reader.places.search`` on
the GUI thread (an indexed prefix query, about a millisecond), and shows the
hromada and raion so two villages with one name can be told apart. The places
nearest where the worker is today come first (a van's settlement, else the
workstation's community); words after a comma narrow by hromada, raion or oblast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.identifiers import check_katottg_format, compact_code
from frontdesk.model import Address, Application
from frontdesk.place_names import Place
from frontdesk.reference import Places
from ui.form.choices import street_types
from ui.form.fields import FieldCell, FieldGrid, ProblemLine, Section, Shown
from ui.wording import place_label

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class SettlementPicker(QLineEdit):
    """Type a settlement's name; choose it from the list. Holds the chosen КАТОТТГ code."""

    chosen = Signal(str)  # the code

    def __init__(
        self, places: Places, near: Callable[[], str] = str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._places = places
        self._near = near  # the code to rank around ("" for the workstation's community)
        self._code = ""
        self._hint = ""  # the tooltip while no settlement is chosen
        self._watching_popup = False
        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(12)
        self._completer.setWidget(self)
        # The stubs give SignalInstance no __getitem__; the overload is picked at runtime.
        # By the line's code, not its text: two places may share a name, even a label.
        self._completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._settle)

    @property
    def completer_popup(self) -> QAbstractItemView:
        popup = self._completer.popup()
        assert popup is not None  # in a popup completion mode Qt makes one when none is set
        return popup

    def code(self) -> str:
        return self._code

    def unresolved(self) -> bool:
        """Text typed but no settlement chosen."""
        return bool(self.text().strip()) and not self._code

    def set_code(self, code: str) -> None:
        self._code = code
        place = self._places.get(code) if code else None
        self.setText(place_label(place) if place else code)
        self.setToolTip(place_label(place, long=True) if place else self._hint)

    def retranslate(self) -> None:
        """The chosen place's words in the language switched to ("громада" → "hromada");
        a name being typed stays as it is, and so does an open list."""
        if self._code:
            self.set_code(self._code)

    def _typed(self, text: str) -> None:
        self._code = ""
        self.setToolTip(self._hint)
        typed = compact_code(text)  # (a Cyrillic look-alike read as the Latin letter)
        if check_katottg_format(typed) is None:  # a code typed or pasted as it is
            self._code = typed
            self.chosen.emit(typed)
            return
        places = self._search(text) if len(text.strip()) >= 2 else []
        self._model.clear()
        for place in places:
            # With the oblast: two raions of one name lie in different oblasts.
            item = QStandardItem(place_label(place, long=True))
            item.setData(place.code, CODE_ROLE)
            self._model.appendRow(item)
        if places:
            self._completer.complete()
            if not self._watching_popup:
                # Tab on a line the worker highlighted (Down) takes it, as Enter does; Qt's
                # completer only hid the list. The popup has the keyboard while it shows;
                # this filter, added after the completer's own, sees the key first. (Added
                # once the popup exists: made before, it is one more top-level widget.)
                self.completer_popup.installEventFilter(self)
                self._watching_popup = True
        else:
            self.completer_popup.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.completer_popup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self._take_highlighted()
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self._take_highlighted()  # (a Tab that reaches the field with the list open)
        return super().event(event)

    def _take_highlighted(self) -> None:
        """Choose the line of the open list the worker moved to, if any (the list shows
        with none highlighted: a Tab then leaves the field, which settles what was typed)."""
        popup = self.completer_popup
        if not popup.isVisible():
            return
        selected = popup.selectionModel().selectedIndexes()
        if selected:
            popup.hide()
            self._activated(selected[0])

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code:
            self._choose(str(code))

    def set_hint(self, hint: str) -> None:
        self._hint = hint
        if not self._code:
            self.setToolTip(hint)

    def _search(self, text: str) -> list[Place]:
        return self._places.search(text, limit=30, near=self._near())

    def _choose(self, code: str) -> None:
        self.set_code(code)
        self.chosen.emit(code)

    def _settle(self) -> None:
        """Leaving the field: take the settlement what was typed names, when it names one
        or one is nearer than the others of its name (Places.named: the village of the
        workstation's own hromada, else raion, else oblast)."""
        if self._code or not self.text().strip():
            return
        place = self._places.named(self.text(), near=self._near())
        if place is not None:
            self._choose(place.code)


class AddressBox(QWidget):
    """One address: settlement, postcode, street type and name, house, building, flat."""

    def __init__(
        self, section: Section, prefix: str, places: Places, near: Callable[[], str] = str
    ) -> None:
        super().__init__(section)
        self.prefix = prefix
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.problem = ProblemLine(self)
        self.settlement = SettlementPicker(places, near)
        self.postcode = QLineEdit()  # no maximum length: a pasted " 10001" is read whole
        self.street_type = QLineEdit()
        types = QCompleter(street_types(), self.street_type)
        types.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.street_type.setCompleter(types)
        self.street = QLineEdit()
        self.house = QLineEdit()
        self.building = QLineEdit()
        self.flat = QLineEdit()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem)
        grid = FieldGrid(None, columns=6)
        layout.addLayout(grid)
        self.cells: dict[str, FieldCell] = {}
        spans = {"katottg": 4, "street": 2}
        for name, editor in (
            ("katottg", self.settlement),
            ("postcode", self.postcode),
            ("street_type", self.street_type),
            ("street", self.street),
            ("house", self.house),
            ("building", self.building),
            ("flat", self.flat),
        ):
            cell = section.cell(f"{prefix}.{name}", editor)
            cell.setParent(self)
            self.cells[name] = cell
            grid.place(cell, spans.get(name, 1))
            if name == "postcode":
                grid.place(QWidget(self), 1)  # keep the street on its own row
        path = f"{prefix}.katottg"
        self.settlement.chosen.connect(lambda _code: section.changed.emit(path))

    def retranslate(self) -> None:
        texts = {
            "katottg": self.tr("Settlement (start typing the name)"),
            "postcode": self.tr("Postcode"),
            "street_type": self.tr("Type"),
            "street": self.tr("Street"),
            "house": self.tr("House"),
            "building": self.tr("Building"),
            "flat": self.tr("Flat"),
        }
        for name, text in texts.items():
            self.cells[name].set_caption(text)
        self.settlement.setPlaceholderText(self.tr("e.g. Іванівка, Житомирський"))
        self.settlement.set_hint(
            self.tr(
                "The settlement's name; to tell apart villages of one name, add its hromada, "
                "raion or oblast after a comma"
            )
        )
        self.street_type.setPlaceholderText("вул.")
        self.settlement.retranslate()

    def load(self, address: Address | None) -> None:
        address = address or Address()
        self.settlement.set_code(address.katottg)
        self.postcode.setText(address.postcode)
        self.street_type.setText(address.street_type)
        self.street.setText(address.street)
        self.house.setText(address.house)
        self.building.setText(address.building)
        self.flat.setText(address.flat)

    def value(self) -> dict[str, Any]:
        return {
            "katottg": self.settlement.code(),
            "postcode": self.postcode.text(),
            "street_type": self.street_type.text(),
            "street": self.street.text(),
            "house": self.house.text(),
            "building": self.building.text(),
            "flat": self.flat.text(),
        }

    # --- validation target (problems of the address as a whole) --------------

    def show_problems(self, problems: Sequence[Shown], lang: str) -> None:
        self.problem.show_problems(problems, lang)

    def focus_target(self) -> QWidget:
        return self.settlement


class AddressesSection(Section):
    def __init__(
        self, places: Places, near: Callable[[], str] = str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.registered = AddressBox(self, "registered_address", places, near)
        self.same = QCheckBox()
        self.same.setChecked(True)
        self.same_cell = self.cell("actual_same", self.same)
        self.same_cell.keep_height()
        self.actual = AddressBox(self, "actual_address", places, near)
        self.actual.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.registered)
        layout.addWidget(self.same_cell)
        layout.addWidget(self.actual)
        self.same.toggled.connect(lambda same: self.actual.setVisible(not same))
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Addresses"))
        self.registered.heading.setText(self.tr("Registered place of residence"))
        self.actual.heading.setText(self.tr("Actual place of residence"))
        self.same.setText(self.tr("The &actual address is the same as the registered one"))
        self.registered.retranslate()
        self.actual.retranslate()

    def boxes(self) -> list[AddressBox]:
        return [self.registered, self.actual]

    def load(self, app: Application) -> None:
        self.registered.load(app.registered_address)
        self.same.setChecked(app.actual_address is None)
        self.actual.load(app.actual_address)

    def fill(self, data: dict[str, Any]) -> None:
        data["registered_address"] = self.registered.value()
        data["actual_address"] = None if self.same.isChecked() else self.actual.value()

    def finish_editing(self) -> None:
        """A settlement's name typed and not yet left is taken as leaving it would take it
        (before saving, or moving on to another application)."""
        for box in self.boxes():
            box.settlement.completer_popup.hide()
            box.settlement._settle()

    def unresolved(self) -> list[str]:
        """Paths of settlement fields with a name typed but nothing chosen."""
        boxes = [self.registered] if self.same.isChecked() else self.boxes()
        return [f"{box.prefix}.katottg" for box in boxes if box.settlement.unresolved()]
