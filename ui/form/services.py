"""Choosing the service(s): a checkable list from the catalogue, and what they need.

Keyboard: type a code or the first letters to jump to a service, Space ticks it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.catalog import ServiceCatalog
from frontdesk.model import Application, HouseholdMember
from ui.form.fields import ProblemLine, Section, Shown
from ui.wording import service_label

# Documents that mean the household matters for a service (children, guardianship, the
# family members a displaced person's allowance is paid for).
_FAMILY_DOCUMENTS = frozenset(
    {
        "birth_certificate",
        "guardianship_decision",
        "adoption_decision",
        "large_family_certificate",
        "idp_certificate",
    }
)


def needs_household(catalog: ServiceCatalog, codes: Sequence[str]) -> bool:
    """Whether the chosen services look at the whole family (means-tested or about children)."""
    for code in codes:
        service = catalog.get(code)
        if service and (service.means_tested or _FAMILY_DOCUMENTS & set(service.documents)):
            return True
    return False


class ServiceList(QListWidget):
    """The catalogue's services, each ticked or not. Typing a code (or the first letters)
    goes to the service; Space ticks the current one and ends what was typed, so "249
    Space 250 Space" ticks both at any pace (Qt's own search took the Space as a letter
    of the code being typed: "249 250" matched nothing and the second Space unticked 249).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typed = ""
        self._typed_at = QElapsedTimer()
        # Every service in sight, whole: a long name wraps onto a second line in a narrow
        # window (at 150 % it was cut off at the list's edge), and the list is as tall as
        # its lines (no small scrolled box inside the scrolled form).
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_rows(self) -> None:
        """As tall as its lines, wrapped at its present width."""
        if not self.count():
            return
        self.executeDelayedItemsLayout()
        lines = sum(self.visualItemRect(self.item(row)).height() for row in range(self.count()))
        height = lines + 2 * self.frameWidth()
        if height != self.minimumHeight():
            self.setMinimumHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self, self.fit_rows)  # (once the lines are laid out anew)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.modifiers() & ~_KEYPAD:
            self._typed = ""
            item = self.currentItem()
            checkable = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
            if item is not None and item.flags() & checkable == checkable:
                ticked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """Go to the first service whose line begins with what was typed in a run of keys
        (one key pressed again goes on to the next line that begins with it, as in Qt)."""
        if not search or search.isspace():
            self._typed = ""
            return
        if self._typed_at.isValid() and self._typed_at.elapsed() <= (
            QApplication.keyboardInputInterval()
        ):
            self._typed += search
        else:
            self._typed = search
        self._typed_at.restart()
        typed = self._typed.casefold()
        again = len(set(typed)) == 1  # "п", "пп": the next line beginning with "п"
        if again:
            typed = typed[0]
        count = self.count()
        if not count:
            return
        current = max(self.currentRow(), 0)
        start = current + 1 if again else current
        for step in range(count):
            item = self.item((start + step) % count)
            if item.text().casefold().startswith(typed):
                self.setCurrentItem(item)
                self.scrollToItem(item)
                return


_KEYPAD = Qt.KeyboardModifier.KeypadModifier


class ServicesSection(Section):
    def __init__(self, catalog: ServiceCatalog, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._catalog = catalog
        self._lang = lang
        self._repeat: dict[str, bool] = {}
        self._household: list[HouseholdMember] = []
        self._loading = False
        self.list = ServiceList(self)
        self.list.setObjectName("services")
        self.list.setAlternatingRowColors(True)
        self.list.itemChanged.connect(self._item_changed)
        self.caption = QLabel(self)
        self.caption.setBuddy(self.list)
        self.problem = ProblemLine(self)
        self.needs = QLabel(self)
        self.needs.setWordWrap(True)
        self.needs.setTextFormat(Qt.TextFormat.RichText)
        self.needs.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        left = QVBoxLayout()
        left.addWidget(self.caption)
        left.addWidget(self.list)
        left.addWidget(self.problem)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.needs, 2)
        for service in catalog.services.values():
            self._add_item(service.code)
        self.retranslate()

    def _show_every_row(self) -> None:
        """The whole catalogue in sight: no small scrolled box inside the scrolled form."""
        self.list.fit_rows()

    def _add_item(self, code: str) -> QListWidgetItem:
        item = QListWidgetItem(self.list)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def retranslate(self) -> None:
        self.setTitle(self.tr("Services"))
        self.caption.setText(self.tr("&Which services does the person apply for?"))
        self.list.setToolTip(self.tr("Type the code or the first letters, then press Space"))
        self._loading = True
        for item in self._items():
            item.setText(
                service_label(self._catalog, item.data(Qt.ItemDataRole.UserRole), self._lang)
            )
        self._loading = False
        self._show_every_row()
        self._describe()

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.retranslate()

    def use_catalog(self, catalog: ServiceCatalog) -> None:
        """A newer catalogue: its new services join the list (what is ticked stays)."""
        self._catalog = catalog
        listed = {item.data(Qt.ItemDataRole.UserRole) for item in self._items()}
        self._loading = True
        for code in catalog.services:
            if code not in listed:
                self._add_item(code)
        self._loading = False
        self.retranslate()

    def set_household(self, household: Sequence[HouseholdMember]) -> None:
        """The household as it is now: the documents named depend on who is in it."""
        self._household = list(household)
        self._describe()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def codes(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def load(self, app: Application) -> None:
        self._loading = True
        self._repeat = {s.code: s.repeat for s in app.services}
        self._household = list(app.household)
        known = {item.data(Qt.ItemDataRole.UserRole): item for item in self._items()}
        for code in self._repeat:
            if code not in known:
                known[code] = self._add_item(code)
        for code, item in known.items():
            checked = code in self._repeat
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._loading = False
        self.retranslate()

    def fill(self, data: dict[str, Any]) -> None:
        data["services"] = [
            {"code": code, "repeat": self._repeat.get(code, False)} for code in self.codes()
        ]

    def _item_changed(self, _item: QListWidgetItem) -> None:
        if self._loading:
            return
        self._describe()
        self.changed.emit("services")

    def _describe(self) -> None:
        """Say what the chosen services need: who decides, which documents, the household."""
        codes = self.codes()
        if not codes:
            self.needs.setText(
                self.tr("Choose the services first: the form then asks only for what they need.")
            )
            return
        deciders = sorted({s.decides for c in codes if (s := self._catalog.get(c))})
        documents = [
            self._catalog.document_name(d, self._lang)
            for d in self._catalog.required_documents(codes, self._household)
        ]
        names = {
            "ПФУ": self.tr("Pension Fund (ПФУ)"),
            "УСЗН": self.tr("social protection department (УСЗН)"),
        }
        # The catalogue's words are data (a newer catalogue comes from the registry):
        # escaped, never read as markup in this rich-text label.
        deciding = ", ".join(html.escape(names.get(d, d)) for d in deciders)
        lines = [self.tr("<b>Decided by:</b> %1").replace("%1", deciding)]
        if documents:
            items = "".join(f"<li>{html.escape(name)}</li>" for name in documents)
            lines.append(self.tr("<b>Documents needed:</b>") + f"<ul>{items}</ul>")
        if needs_household(self._catalog, codes):
            lines.append(self.tr("<b>List the whole household</b> — it matters for this help."))
        self.needs.setText("<br>".join(lines))

    # --- validation target ---------------------------------------------------

    def show_problems(self, problems: Sequence[Shown], lang: str) -> None:
        self.problem.show_problems(problems, lang)

    def focus_target(self) -> QWidget:
        return self.list
