"""Choosing the service(s): a checkable list from the catalogue, and what they need.

Keyboard: type a code or the first letters to jump to a service, Space ticks it; Tab goes
on to "repeat application" of each ticked service (Space marks it), then to the applicant.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
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
        # Per service, "repeat application" (the person had this help and applies again or
        # extends it): in sight, under the list, only while the service is ticked.
        self._repeat: dict[str, QCheckBox] = {}
        self._household: list[HouseholdMember] = []
        self._rnokpp_refused = False
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
        self._repeat_column = QVBoxLayout()
        self._repeat_column.setContentsMargins(6, 0, 0, 0)  # (under the list, set in a little)
        self._repeat_column.setSpacing(0)
        left.addLayout(self._repeat_column)
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
        box = QCheckBox(self)
        box.setObjectName(f"services.{code}.repeat")
        box.setVisible(False)
        box.clicked.connect(lambda _checked: self.changed.emit("services"))
        self._repeat[code] = box
        self._repeat_column.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)
        item = QListWidgetItem(self.list)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self._order_tabs()
        return item

    def _order_tabs(self) -> None:
        """Tab goes from the list to each service's "repeat application", in the list's
        order (a hidden one is passed over), then on as before."""
        previous: QWidget = self.list
        for item in self._items():
            box = self._repeat[str(item.data(Qt.ItemDataRole.UserRole))]
            QWidget.setTabOrder(previous, box)
            previous = box

    def repeat_box(self, code: str) -> QCheckBox:
        """The "repeat application" tick of the service ``code``."""
        return self._repeat[code]

    def _show_repeat(self) -> None:
        """A ticked service offers "repeat application"; an unticked one drops it."""
        for item in self._items():
            box = self._repeat[str(item.data(Qt.ItemDataRole.UserRole))]
            ticked = item.checkState() == Qt.CheckState.Checked
            if not ticked:
                box.setChecked(False)
            box.setVisible(ticked)

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
        for code, box in self._repeat.items():
            service = self._catalog.get(code)
            # By the code workers know by heart; a service keyed by a word, by its name.
            named = service.name(self._lang) if service and not code.isdigit() else code
            box.setText(self.tr("%1 — repeat application").replace("%1", named))
            box.setToolTip(
                service_label(self._catalog, code, self._lang)
                + "\n"
                + self.tr(
                    "Leave it empty for a first application. Tick it if the person has "
                    "received this assistance before and applies for it again or extends it."
                )
            )
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

    def set_household(
        self, household: Sequence[HouseholdMember], *, rnokpp_refused: bool = False
    ) -> None:
        """The household as it is now: the documents named depend on who is in it (and on
        whether the applicant refused a РНОКПП)."""
        self._household = list(household)
        self._rnokpp_refused = rnokpp_refused
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
        repeat = {s.code: s.repeat for s in app.services}
        self._household = list(app.household)
        known = {item.data(Qt.ItemDataRole.UserRole): item for item in self._items()}
        for code in repeat:
            if code not in known:
                known[code] = self._add_item(code)
        for code, item in known.items():
            checked = code in repeat
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._show_repeat()
        for code, box in self._repeat.items():
            box.setChecked(repeat.get(code, False))
        self._loading = False
        self.retranslate()

    def fill(self, data: dict[str, Any]) -> None:
        data["services"] = [
            {"code": code, "repeat": self._repeat[code].isChecked()} for code in self.codes()
        ]

    def _item_changed(self, _item: QListWidgetItem) -> None:
        if self._loading:
            return
        self._show_repeat()
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
            for d in self._catalog.required_documents(
                codes, self._household, rnokpp_refused=self._rnokpp_refused
            )
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
