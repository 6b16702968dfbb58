"""Scans and photos of the documents: add files or drop them in; thumbnails.

Files are read, reduced (see :mod:`ui.form.scans`) and stored with
``put_blob`` on the db lane; the list shows them once stored. The form only
keeps each file's SHA-256, name, type and size.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import FrontDeskError
from frontdesk.model import Application
from ui import file_dialogs
from ui.form.choices import EMPTY
from ui.form.fields import ChoiceBox, FieldCell, ProblemLine, Section, Shown
from ui.form.scans import (
    DamagedScan,
    FileEmpty,
    FileTooLarge,
    NotAScan,
    TooManyPixels,
    prepare_file,
    thumbnail_of,
)
from ui.notices import ask
from ui.widgets import ERROR_STYLE, plain_tooltip

if TYPE_CHECKING:
    from ui.session import Session

log = logging.getLogger(__name__)
ATTACHMENT = Qt.ItemDataRole.UserRole  # the attachment's dict as JSON text


def _attachment(item: QListWidgetItem) -> dict[str, Any]:
    return dict(json.loads(item.data(ATTACHMENT)))


def _set_attachment(item: QListWidgetItem, attachment: dict[str, Any]) -> None:
    # JSON text rather than a dict in a QVariant (a PySide refcount bug with dicts).
    item.setData(ATTACHMENT, json.dumps(attachment, ensure_ascii=False))


class _AttachmentList(QListWidget):
    def __init__(self, on_delete: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._on_delete = on_delete

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self._on_delete()
            return
        super().keyPressEvent(event)


class AttachmentsSection(Section):
    stored = Signal()  # every file added so far is stored and in the list

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._documents: list[tuple[str, str]] = []
        self.pending = 0
        self.setAcceptDrops(True)
        self.list = _AttachmentList(self.remove_selected, self)
        self.list.setObjectName("attachments")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(96, 96))
        self.list.setGridSize(QSize(128, 134))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setFixedHeight(150)
        self.list.setDragDropMode(QListView.DragDropMode.NoDragDrop)
        self.list.setAcceptDrops(False)
        self.list.currentItemChanged.connect(self._current_changed)
        # (double-click or Enter: the scan large, to see it can be read)
        self.list.itemActivated.connect(self._look_at)
        self.drop_hint = QLabel(self)
        self.drop_hint.setWordWrap(True)
        self.status = ProblemLine(self)  # what validation says of the scans
        # What became of the files added last: how many are being stored, and each one
        # not attached, and why (several chosen at once: the progress line wrote over the
        # first refusal, and the end of the batch hid the rest).
        self.adding = QLabel(self)
        self.adding.setWordWrap(True)
        self.adding.setTextFormat(Qt.TextFormat.PlainText)
        self.adding.hide()
        # each said in the language on screen (again after a switch: see retranslate)
        self._not_added: list[Callable[[], str]] = []
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.document = ChoiceBox()
        self.document_cell: FieldCell = self.cell("attachments.document", self.document)
        self.document_cell.keep_height()
        self.document.activated.connect(self._document_chosen)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.drop_hint)
        layout.addWidget(self.list)
        layout.addWidget(self.adding)
        layout.addWidget(self.status)
        layout.addWidget(self.document_cell)
        layout.addLayout(buttons)
        self.retranslate()
        self._current_changed(None, None)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Scans and photos"))
        self.drop_hint.setText(
            self.tr(
                "Drag files here or add them; large photos are reduced to scan size. "
                "Double-click a scan to see it large."
            )
        )
        self.add_button.setText(self.tr("Add &files…"))
        self.remove_button.setText(self.tr("Remove (Delete)"))
        self.document_cell.set_caption(self.tr("Which document does the selected file show?"))
        self._fill_document_choices()
        self._show_adding()  # (the files not attached, said in the new language)

    @property
    def busy(self) -> bool:
        return self.pending > 0

    def set_documents(self, documents: Sequence[tuple[str, str]]) -> None:
        """The checklist's documents (code, name) a file can be said to show."""
        self._documents = list(documents)
        self._fill_document_choices()

    def _fill_document_choices(self) -> None:
        self.document.set_choices([EMPTY, *self._choices().items()])

    def _choices(self) -> dict[str, str]:
        """The checklist's documents, and any other a file here is said to show (one the
        services no longer ask for: shown by its name, never its code)."""
        choices = dict(self._documents)
        catalog, lang = self._session.reader.catalog, self._session.language
        for row in range(self.list.count()):
            code = _attachment(self.list.item(row)).get("document_code") or ""
            if code and code not in choices:
                choices[code] = catalog.document_name(code, lang)
        return choices

    # --- adding ----------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = file_dialogs.open_file_names(
            self,
            self.tr("Add scans or photos"),
            "",
            self.tr(
                "Scans and photos (*.jpg *.jpeg *.jfif *.png *.tif *.tiff *.webp *.bmp *.gif "
                "*.heic *.heif *.avif *.pdf);;"
                "All files (*)"
            ),
        )
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: Sequence[Path]) -> None:
        if not self.pending:  # files chosen anew: what was said of those before goes
            self._not_added = []
            self._show_adding()
        for path in paths:
            self._store(path)

    def _store(self, path: Path) -> None:
        session = self._session

        def work() -> tuple[dict[str, Any], QImage | None, bool]:
            prepared = prepare_file(path)
            digest = session.profile.applications.put_blob(prepared.data)
            attachment = {
                "sha256": digest,
                "filename": prepared.filename,
                "media_type": prepared.media_type,
                "size": len(prepared.data),
            }
            return attachment, prepared.thumbnail, prepared.reduced

        def done(result: tuple[dict[str, Any], QImage | None, bool]) -> None:
            attachment, image, _reduced = result
            there = self._find(attachment["sha256"])
            if there is None:
                self._add_item(attachment, image)
                self.changed.emit("attachments")
            else:
                same = there.text()
                self._not_added.append(
                    lambda: (
                        self.tr("Already attached: %1 is the same file as %2.")
                        .replace("%1", path.name)
                        .replace("%2", same)
                    )
                )
            self._finished()  # (last: ``stored`` means the file is in the list)

        def failed(exc: BaseException) -> None:
            said = (FileTooLarge, NotAScan, TooManyPixels, DamagedScan, FileEmpty, OSError)
            if not isinstance(exc, (*said, FrontDeskError)):
                log.error("storing an attachment failed", exc_info=exc)
            self._not_added.append(lambda: refusal(exc))
            self._finished()

        def refusal(exc: BaseException) -> str:
            """Why the file is not attached, in the language on screen."""
            if isinstance(exc, FileTooLarge):
                return self.tr(
                    "The file is larger than 25 MB: %1. Scan it at a lower resolution or in parts."
                ).replace("%1", path.name)
            if isinstance(exc, NotAScan):
                return self.tr(
                    "Not a scan or a photo: %1. Add images (JPEG, PNG, TIFF…) or PDF files."
                ).replace("%1", path.name)
            if isinstance(exc, TooManyPixels):
                _name, width, height = exc.args
                return (
                    self.tr(
                        "The image is too large in pixels to open: %1 (%2 × %3). Scan it "
                        "at 300 dpi, or save it as JPEG, and add it again."
                    )
                    .replace("%1", path.name)
                    .replace("%2", str(width))
                    .replace("%3", str(height))
                )
            if isinstance(exc, DamagedScan):
                return self.tr(
                    "The file does not open: %1. It may be damaged or not fully copied; "
                    "scan the document again or copy the file once more."
                ).replace("%1", path.name)
            if isinstance(exc, FileEmpty):
                return self.tr(
                    "The file is empty: %1. Scan the document again (or, from a cloud "
                    "folder, download it first)."
                ).replace("%1", path.name)
            if isinstance(exc, OSError):
                return self.tr("Cannot read the file: %1").replace("%1", path.name)
            return session.message(exc)

        self.pending += 1
        self._show_adding()
        session.db.run(work, done, failed)

    def _finished(self) -> None:
        self.pending -= 1
        self._show_adding()
        if not self.pending:
            self.stored.emit()

    def _show_adding(self) -> None:
        """How many files are still being stored, then every file not attached (each
        stays said until files are added again, or another application is opened)."""
        lines = [say() for say in self._not_added]
        if self.pending:
            lines.insert(0, self.tr("Storing files: %1…").replace("%1", str(self.pending)))
        if not lines:
            self.adding.hide()
            return
        self.adding.setStyleSheet(ERROR_STYLE if self._not_added else "color: #555555;")
        self.adding.setText("\n".join(lines))
        self.adding.show()

    def _add_item(self, attachment: dict[str, Any], image: QImage | None) -> QListWidgetItem:
        item = QListWidgetItem(attachment.get("filename") or attachment["sha256"][:12], self.list)
        _set_attachment(item, attachment)
        self._set_icon(item, image)
        self._describe(item)
        return item

    def _set_icon(self, item: QListWidgetItem, image: QImage | None) -> None:
        if image is not None and not image.isNull():
            item.setIcon(QIcon(QPixmap.fromImage(image)))
        else:
            item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))

    def _describe(self, item: QListWidgetItem) -> None:
        attachment = _attachment(item)
        size = int(attachment.get("size") or 0)
        shown = f"{max(1, round(size / 1024))} KB" if size >= 1024 else f"{size} B"
        lines = [attachment.get("filename") or "", shown]
        document = self._choices().get(attachment.get("document_code") or "")
        if document:
            lines.append(document)
        item.setToolTip(plain_tooltip("\n".join(line for line in lines if line)))

    def _find(self, sha256: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if _attachment(item)["sha256"] == sha256:
                return item
        return None

    # --- editing ---------------------------------------------------------------

    def remove_selected(self) -> None:
        """Asked first (Cancel the default): a scan removed leaves the laptop at the next
        autosave, and a Delete pressed in passing threw the resident's scan away."""
        item = self.list.currentItem()
        if item is None:
            return

        digest = _attachment(item)["sha256"]

        def remove() -> None:  # (by its file: the list may have changed meanwhile)
            still = self._find(digest)
            if still is not None:
                self.list.takeItem(self.list.row(still))
                self.changed.emit("attachments")

        ask(
            self,
            self.tr("Remove the scan"),
            self.tr("Remove «%1» from the application?").replace("%1", item.text()),
            self.tr("Remove"),
            remove,
            destructive=True,
        )

    def _look_at(self, item: QListWidgetItem) -> None:
        from ui.form.scan_preview import show_scan

        show_scan(self._session, self, _attachment(item)["sha256"], item.text())

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.document_cell.setEnabled(current is not None)
        self.remove_button.setEnabled(current is not None)
        code = _attachment(current).get("document_code", "") if current else ""
        self.document.set_value(code)

    def _document_chosen(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        attachment = _attachment(item)
        attachment["document_code"] = self.document.value()
        _set_attachment(item, attachment)
        self._describe(item)

    # --- drag and drop -----------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Files, and the files of a dropped folder (a resident's scans in one folder; its
        own folders are left out)."""
        files: list[Path] = []
        empty_folders: list[Callable[[], str]] = []
        for url in event.mimeData().urls():
            if not url.isLocalFile():
                continue
            path = Path(url.toLocalFile())
            if path.is_dir():
                try:
                    inside = sorted(p for p in path.iterdir() if p.is_file() and _a_scan(p))
                except OSError:
                    inside = []
                files += inside
                if not inside:
                    empty_folders.append(partial(self._no_scans_in, path.name))
            elif path.is_file():
                files.append(path)
        self.add_files(files)
        self._not_added += empty_folders
        self._show_adding()
        event.acceptProposedAction()

    def _no_scans_in(self, folder: str) -> str:
        return self.tr("No scans in the folder %1").replace("%1", folder)

    # --- data ----------------------------------------------------------------------

    def load(self, app: Application) -> None:
        self.list.clear()
        self.status.hide()  # (what was said was of the application before)
        self._not_added = []
        self._show_adding()
        for attachment in app.attachments:
            self._add_item(
                {
                    "sha256": attachment.sha256,
                    "filename": attachment.filename,
                    "media_type": attachment.media_type,
                    "size": attachment.size,
                    "document_code": attachment.document_code,
                },
                None,
            )
        self._fill_document_choices()  # (documents the checklist may not ask for now)
        self._load_thumbnails(
            [a.sha256 for a in app.attachments if a.media_type.startswith("image/")]
        )

    def _load_thumbnails(self, digests: list[str]) -> None:
        if not digests:
            return
        session = self._session

        def work() -> dict[str, QImage | None]:
            store = session.profile.applications
            return {d: thumbnail_of(store.get_blob(d)) for d in digests if store.has_blob(d)}

        def done(images: dict[str, QImage | None]) -> None:
            for digest, image in images.items():
                item = self._find(digest)
                if item is not None:
                    self._set_icon(item, image)

        def failed(exc: BaseException) -> None:
            self._not_added.append(lambda: session.message(exc))
            self._show_adding()

        session.db.run(work, done, failed, owner=self)

    def fill(self, data: dict[str, Any]) -> None:
        data["attachments"] = [_attachment(self.list.item(row)) for row in range(self.list.count())]

    # --- validation target -----------------------------------------------------------

    def show_problems(self, problems: Sequence[Shown], lang: str) -> None:
        if problems:
            self.status.show_problems(problems, lang)
        else:
            self.status.hide()

    def focus_target(self) -> QWidget:
        return self.list


_NOT_THE_RESIDENTS = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})


def _a_scan(path: Path) -> bool:
    """A file of a dropped folder to attach: any the worker could pick in the file dialog,
    but what the system keeps there (Windows' Thumbs.db and desktop.ini, a Mac's .DS_Store,
    hidden files, an office program's "~$" lock file) is not the resident's."""
    name = path.name.lower()
    hidden = name.startswith((".", "~$")) or bool(
        getattr(path.stat(), "st_file_attributes", 0) & 0x6  # (Windows: hidden, system)
    )
    return name not in _NOT_THE_RESIDENTS and not hidden
