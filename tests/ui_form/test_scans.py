"""Scans as scanners and phones make them: TIFFs, pages, big bitmaps, empty files, folders."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication

from tests.conftest import ROOT
from ui.form import ApplicationForm
from ui.form.scans import MAX_PIXELS, MAX_SIDE, read_image
from ui.i18n import Translations
from ui.session import Session


def _page(width: int, height: int, seed: int = 0) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y in range(40, height, 60):
        painter.drawText(40, y, f"Коваленко Олена Петрівна {seed} рядок {y}")
    painter.end()
    return image


def _multipage_tiff(path: Path, pages: list[QImage]) -> None:
    """An uncompressed greyscale TIFF of several pages, as a document scanner writes
    (Qt writes one page only)."""
    out = bytearray(b"II*\x00\x00\x00\x00\x00")
    link = 4  # where the offset of the next page's directory goes
    for page in pages:
        grey = page.convertToFormat(QImage.Format.Format_Grayscale8)
        width, height = grey.width(), grey.height()
        bits, line = bytes(grey.constBits()), grey.bytesPerLine()
        strip = b"".join(bits[y * line : y * line + width] for y in range(height))
        start = len(out)
        out += strip + (b"\x00" if len(strip) % 2 else b"")
        struct.pack_into("<I", out, link, len(out))
        entries = [
            (256, 4, width),  # width
            (257, 4, height),  # length
            (258, 3, 8),  # bits per sample
            (259, 3, 1),  # no compression
            (262, 3, 1),  # black is zero
            (273, 4, start),  # strip offset
            (277, 3, 1),  # samples per pixel
            (278, 4, height),  # rows per strip
            (279, 4, len(strip)),  # strip bytes
        ]
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            out += struct.pack("<HHII", tag, kind, 1, value)
        link = len(out)
        out += b"\x00\x00\x00\x00"
    path.write_bytes(bytes(out))


def test_a_tiff_scan_is_attached_and_the_app_goes_on(tmp_path: Path) -> None:
    """(any .tif, a scanner's usual file, crashed the app: its reader closed the file
    after the buffer holding it was gone) In a child process: a crash must not end the
    test run."""
    child = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from PySide6.QtGui import QColor, QImage
        from tests.ui_form.conftest import OPERATOR, make_profile
        from ui.form import ApplicationForm
        from ui.session import open_session
        tmp = Path(sys.argv[1])
        session = open_session(make_profile(tmp / "profile"), OPERATOR, synchronous=True)
        form = ApplicationForm(session)
        scan = QImage(800, 600, QImage.Format.Format_RGB32)
        scan.fill(QColor("#3366aa"))
        path = tmp / "паспорт.tif"
        assert scan.save(str(path))
        form.attachments.add_files([path])
        form.attachments.load(form.current_application())  # its thumbnail read back
        print("attached", len(form.current_application().attachments), flush=True)
        session.close()
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", child, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "attached 1" in done.stdout


def test_a_scan_of_several_pages_is_kept_whole(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """(reduced as a photo, a three-page contract kept its first page only)"""
    path = tmp_path / "договір.tif"
    _multipage_tiff(path, [_page(2400, 300, seed) for seed in range(3)])
    form.attachments.add_files([path])
    [attachment] = form.current_application().attachments
    stored = session.reader.applications.get_blob(attachment.sha256)
    assert stored == path.read_bytes() and attachment.filename == "договір.tif"
    assert not form.attachments.list.item(0).icon().isNull()  # its first page as thumbnail


def test_a_flatbeds_full_page_bitmap_is_reduced_not_refused(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """(an A4 page at 300 dpi as a BMP is 27 MB: refused as too large, though reduced it
    is half a megabyte)"""
    path = tmp_path / "скан.bmp"
    assert _page(2552, 3508).convertToFormat(QImage.Format.Format_RGB888).save(str(path))
    assert path.stat().st_size > 25 * 1024 * 1024
    form.attachments.add_files([path])
    assert form.attachments.adding.isHidden(), form.attachments.adding.text()
    [attachment] = form.current_application().attachments
    assert attachment.media_type == "image/jpeg" and attachment.size < 2_000_000
    stored = read_image(session.reader.applications.get_blob(attachment.sha256))
    assert stored is not None and stored.height() >= MAX_SIDE
    assert stored.width() * stored.height() <= MAX_PIXELS * 1.01


def test_an_empty_file_is_refused_with_what_to_do(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    path = tmp_path / "паспорт.jpg"
    path.write_bytes(b"")  # a scan that failed, a cloud file not downloaded
    form.attachments.add_files([path])
    assert form.current_application().attachments == []
    assert form.attachments.adding.isVisible()
    assert "Файл порожній: паспорт.jpg" in form.attachments.adding.text()


def test_every_file_not_attached_of_several_chosen_at_once_is_named(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """(four files chosen together: two appeared in the list and nothing was said of the
    others; the line saying how many were being stored wrote over the first refusal, and
    the end of the batch hid the rest)"""
    good = tmp_path / "паспорт.jpg"
    assert _page(800, 600).save(str(good))
    copy = tmp_path / "паспорт (копія).jpg"
    copy.write_bytes(good.read_bytes())  # the same scan under another name
    empty = tmp_path / "довідка.jpg"
    empty.write_bytes(b"")
    other = tmp_path / "свідоцтво.jpg"
    assert _page(800, 600, seed=1).save(str(other))
    form.attachments.add_files([empty, good, copy, other])
    qtbot.waitUntil(lambda: form.attachments.pending == 0, timeout=10_000)
    assert [a.filename for a in form.current_application().attachments] == [
        "паспорт.jpg",
        "свідоцтво.jpg",
    ]
    qtbot.wait(300)  # (the form checks itself again after a change)
    said = form.attachments.adding.text()
    assert form.attachments.adding.isVisible()
    assert "Файл порожній: довідка.jpg" in said
    assert "паспорт (копія).jpg" in said and "паспорт.jpg" in said
    assert "Зберігаються" not in said
    form.attachments.add_files([tmp_path / "paspport-2.jpg"])  # (gone: cannot be read)
    qtbot.waitUntil(lambda: form.attachments.pending == 0, timeout=10_000)
    assert "довідка.jpg" not in form.attachments.adding.text()  # a new choice, a new account
    assert "paspport-2.jpg" in form.attachments.adding.text()


def test_only_scans_and_photos_are_attached_and_a_broken_one_is_said_to_be_broken(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """(a program, and random bytes named .jpg, were attached as a "scan" without a word)
    A PDF and an iPhone's HEIC photo, which Qt does not open, are kept as they are."""
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00" + os.urandom(4000))
    broken = tmp_path / "паспорт.jpg"
    broken.write_bytes(os.urandom(4000))
    pdf = tmp_path / "довідка.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + os.urandom(2000) + b"\n%%EOF\n")
    heic = tmp_path / "IMG_0042.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + os.urandom(3000))
    form.attachments.add_files([program, broken, pdf, heic])
    qtbot.waitUntil(lambda: form.attachments.pending == 0, timeout=10_000)
    kept = form.current_application().attachments
    assert [(a.filename, a.media_type) for a in kept] == [
        ("довідка.pdf", "application/pdf"),
        ("IMG_0042.HEIC", "image/heic"),
    ]
    said = form.attachments.adding.text()
    assert "Це не скан і не фото: setup.exe" in said
    assert "Файл не відкривається: паспорт.jpg" in said


def test_a_scan_is_removed_only_once_the_worker_agrees(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """(Delete pressed in passing removed the resident's scan, and the next autosave
    took it off the laptop) Enter, Cancel being the default, keeps it."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    path = tmp_path / "паспорт.jpg"
    assert _page(800, 600).save(str(path))
    form.attachments.add_files([path])
    qtbot.waitUntil(lambda: form.attachments.list.count() == 1, timeout=10_000)
    form.attachments.list.setCurrentRow(0)

    def question() -> QMessageBox | None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        return next((box for box in boxes if box.isVisible()), None)

    qtbot.keyClick(form.attachments.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: question() is not None, timeout=5_000)
    box = question()
    assert box is not None and "Видалити «паспорт.jpg» із заяви?" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Cancel: the default
    qtbot.waitUntil(lambda: question() is None, timeout=5_000)
    assert [a.filename for a in form.current_application().attachments] == ["паспорт.jpg"]

    form.attachments.remove_selected()
    qtbot.waitUntil(lambda: question() is not None, timeout=5_000)
    box = question()
    assert box is not None
    [agree] = [b for b in box.buttons() if b.text() == "Видалити"]
    qtbot.mouseClick(agree, Qt.MouseButton.LeftButton)
    assert form.current_application().attachments == []


def test_a_scans_document_keeps_its_name_when_the_services_no_longer_ask_for_it(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """A scan said to show the medical conclusion (service 248), then the services
    changed: the file's document was shown as its code, «medical_conclusion», and the code
    joined the list as if it were a name."""
    services = form.services.list
    ticks = {
        services.item(i).data(Qt.ItemDataRole.UserRole): services.item(i)
        for i in range(services.count())
    }
    ticks["248"].setCheckState(Qt.CheckState.Checked)
    path = tmp_path / "висновок.jpg"
    assert _page(800, 600).save(str(path))
    form.attachments.add_files([path])
    qtbot.waitUntil(lambda: form.attachments.list.count() == 1, timeout=10_000)
    form.attachments.list.setCurrentRow(0)
    combo = form.attachments.document
    combo.setCurrentIndex(combo.findData("medical_conclusion"))
    combo.activated.emit(combo.currentIndex())
    named = combo.currentText()
    assert named and named != "medical_conclusion"
    ticks["248"].setCheckState(Qt.CheckState.Unchecked)
    ticks["249"].setCheckState(Qt.CheckState.Checked)
    assert combo.currentText() == named  # by its name still, and kept
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert "medical_conclusion" not in texts and texts.count(named) == 1
    assert named in form.attachments.list.item(0).toolTip()
    [attachment] = form.current_application().attachments
    assert attachment.document_code == "medical_conclusion"


def test_a_scan_is_looked_at_large_and_a_pdf_is_said_to_have_no_preview(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """Double-click (or Enter) on a thumbnail: the scan fitted to the screen, read from
    the encrypted store (nothing written to disk for a viewer)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.form.scan_preview import ScanPreview

    photo = tmp_path / "паспорт.jpg"
    assert _page(1600, 1200).save(str(photo))
    pdf = tmp_path / "довідка.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + os.urandom(500) + b"\n%%EOF\n")
    form.attachments.add_files([photo, pdf])
    qtbot.waitUntil(lambda: form.attachments.list.count() == 2, timeout=10_000)

    def shown(kind: type) -> list:  # type: ignore[type-arg]
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]

    form.attachments.list.itemActivated.emit(form.attachments.list.item(0))
    qtbot.waitUntil(lambda: bool(shown(ScanPreview)), timeout=10_000)
    [preview] = shown(ScanPreview)
    assert preview.windowTitle() == "паспорт.jpg"
    picture = preview.picture.pixmap()
    assert not picture.isNull() and picture.width() * 3 == picture.height() * 4  # (its shape)
    preview.close()

    form.attachments.list.itemActivated.emit(form.attachments.list.item(1))
    qtbot.waitUntil(lambda: bool(shown(QMessageBox)), timeout=10_000)
    [box] = shown(QMessageBox)
    assert "лише зображення" in box.text()
    box.close()


def test_a_dropped_folder_adds_its_files(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """(a folder of a resident's scans dropped on the section: nothing, and nothing said)"""
    folder = tmp_path / "Коваленко"
    folder.mkdir()
    for seed in range(3):
        assert _page(800, 600, seed).save(str(folder / f"{seed}.jpg"))
    assert _page(800, 600, 3).save(str(folder / "IMG-20261123-WA0004"), "JPEG")  # a messenger's
    assert _page(800, 600, 4).save(str(folder / "довідка.jfif"), "JPEG")  # Windows' JPEG name
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 2000)  # Windows' own
    (folder / "desktop.ini").write_text("[.ShellClassInfo]\n")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    form.attachments.dropEvent(drop)
    names = [a.filename for a in form.current_application().attachments]
    assert names == ["0.jpg", "1.jpg", "2.jpg", "IMG-20261123-WA0004", "довідка.jfif"]


def test_pages_scanned_as_one_long_image_stay_legible(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """(its long side cut to 2000 px, a stack of pages became 353 px wide: unreadable)"""
    path = tmp_path / "довідки.png"
    assert _page(600, 8000).save(str(path))
    form.attachments.add_files([path])
    [attachment] = form.current_application().attachments
    stored = read_image(session.reader.applications.get_blob(attachment.sha256))
    assert stored is not None and stored.width() > 450 and stored.height() > 6000


def test_what_a_file_is_comes_from_its_bytes_not_its_name(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """(a photo saved by a messenger without an extension was "application/octet-stream"
    and lost its thumbnail when the draft was opened again)"""
    path = tmp_path / "IMG-20261123-WA0004"
    assert _page(800, 600).save(str(path), "JPEG")
    form.attachments.add_files([path])
    [attachment] = form.current_application().attachments
    assert attachment.media_type == "image/jpeg"  # (its thumbnail is read back for images)


def test_a_photo_copied_only_half_way_is_said_to_be_broken_and_a_motion_photo_is_not(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """(a JPEG cut short was attached as if whole, its lower half grey for good: Qt decodes
    what there is and says nothing) A phone's motion photo, a video after the image, is a
    whole photo."""
    whole = tmp_path / "whole.jpg"
    assert _page(1600, 1200).save(str(whole), "JPEG", 90)
    data = whole.read_bytes()
    cut = tmp_path / "IMG_20261123_101500.jpg"
    cut.write_bytes(data[: len(data) // 2])
    motion = tmp_path / "PXL_20261123_101600.MP.jpg"
    motion.write_bytes(data + b"\x00\x00\x00\x18ftypmp42" + os.urandom(5000))
    form.attachments.add_files([cut, motion])
    qtbot.waitUntil(lambda: form.attachments.pending == 0, timeout=10_000)
    kept = form.current_application().attachments
    assert [a.filename for a in kept] == ["PXL_20261123_101600.MP.jpg"]
    assert "Файл не відкривається: IMG_20261123_101500.jpg" in form.attachments.adding.text()


def test_a_sound_scan_too_large_in_pixels_is_not_called_damaged(
    qtbot,  # type: ignore[no-untyped-def]
    form: ApplicationForm,
    tmp_path: Path,
) -> None:
    """(a page scanned at 1200 dpi as PNG, over Qt's memory limit for one image, was "damaged
    or not fully copied": scanning or copying again gave the same) The limit is lowered here
    so that a small page is over it."""
    from PySide6.QtGui import QImageReader

    page = tmp_path / "скан_1200dpi.png"
    assert _page(1700, 1300).save(str(page), "PNG")  # 8.4 MB decoded, over 8 MB
    limit = QImageReader.allocationLimit()
    QImageReader.setAllocationLimit(8)
    try:
        form.attachments.add_files([page])
        qtbot.waitUntil(lambda: form.attachments.pending == 0, timeout=10_000)
    finally:
        QImageReader.setAllocationLimit(limit)
    said = form.attachments.adding.text()
    assert form.current_application().attachments == []
    assert "завелике в пікселях" in said and "1700 × 1300" in said
    assert "пошкоджений" not in said


def test_the_files_not_attached_are_said_again_in_the_language_switched_to(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    form: ApplicationForm,
    ukrainian: Translations,
    tmp_path: Path,
) -> None:
    """Settings → English with files refused under the scans: why each was not attached
    follows the switch (it stayed Ukrainian), and back."""
    empty = tmp_path / "довідка.jpg"
    empty.write_bytes(b"")
    good = tmp_path / "паспорт.jpg"
    assert _page(800, 600).save(str(good))
    copy = tmp_path / "копія.jpg"
    copy.write_bytes(good.read_bytes())
    form.attachments.add_files([empty, good, copy])
    qtbot.waitUntil(lambda: form.attachments.pending == 0, timeout=10_000)
    adding = form.attachments.adding
    assert "Файл порожній: довідка.jpg" in adding.text() and "Уже додано" in adding.text()
    session.language = "en"
    ukrainian.switch("en")
    try:
        QApplication.processEvents()  # (the language change reaches the widgets)
        said = adding.text()
        assert "The file is empty: довідка.jpg" in said
        assert "Already attached: копія.jpg is the same file as паспорт.jpg." in said
        assert "порожній" not in said and "Уже" not in said
    finally:
        session.language = "uk"
        ukrainian.switch("uk")
    QApplication.processEvents()
    assert "Файл порожній: довідка.jpg" in adding.text() and "empty" not in adding.text()
