"""The receipt: number, date, applicant, services, documents, operator, QR; Cyrillic in the PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from frontdesk.errors import CannotWrite
from frontdesk.model import Application, Attachment, HouseholdMember, ServiceRequest, Status
from tests.conftest import ROOT
from tests.factories import application
from tests.ui_form.conftest import OPERATOR, OPERATOR_NAME
from ui.handover import ReceiptDesk
from ui.receipt import receipt_html, save_receipt_pdf
from ui.session import Session, open_session


def _pdf_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} (Debian poppler-utils) is required in CI")
        pytest.skip(f"{name} is not installed: apt-get install -y poppler-utils")
    return path


def _saved(session: Session) -> Application:
    app = application()
    app.attachments = [Attachment(sha256="ab" * 32, filename="passport.jpg", size=1000)]
    app.applicant.notify_by = "sms"
    session.profile.applications.put_blob(b"x")  # the store does not check blobs on save
    return session.profile.applications.save(app, OPERATOR).application


def test_receipt_pdf_holds_the_number_and_the_applicant_in_cyrillic(
    qapp: object, session: Session, tmp_path: Path
) -> None:
    pdftotext = _pdf_tool("pdftotext")
    app = _saved(session)
    path = save_receipt_pdf(app, session, tmp_path / "receipt.pdf")
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert app.number in flat
    assert "Коваленко Марʼяна Іванівна" in flat
    assert "РОЗПИСКА" in flat
    assert "Допомога при народженні дитини" in flat
    assert "Свідоцтво про народження дитини" in flat and "passport.jpg" in flat
    assert OPERATOR_NAME in flat
    assert "Рішення за заявою ще не ухвалено" in flat
    assert "підтверджує дату Вашого звернення" in flat
    assert "+380671234567" in flat


def test_receipt_pdf_embeds_the_bundled_font(
    qapp: object, session: Session, tmp_path: Path
) -> None:
    pdffonts = _pdf_tool("pdffonts")
    path = save_receipt_pdf(_saved(session), session, tmp_path / "receipt.pdf")
    fonts = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True)
    assert "DejaVuSans" in fonts.stdout
    assert all(" yes " in line for line in fonts.stdout.splitlines()[2:])  # embedded


def test_receipt_is_ukrainian_whatever_the_screen_language(session: Session) -> None:
    session.language = "en"
    html = receipt_html(_saved(session), session)
    assert "РОЗПИСКА" in html and "ще не ухвалено" in html
    assert "data:image/png;base64," in html  # the QR code of the number


def test_receipt_renders_on_the_db_lane_as_the_shell_asks(
    qtbot,  # type: ignore[no-untyped-def]
    profile_root: Path,
    tmp_path: Path,
) -> None:
    pdftotext = _pdf_tool("pdftotext")
    session = open_session(profile_root, OPERATOR)  # real worker lanes
    try:
        app = session.profile.applications.save(application(), OPERATOR).application
        target = tmp_path / "lane.pdf"
        done: list[object] = []
        session.db.run(lambda: save_receipt_pdf(app, session, target), done.append, done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)
        assert done == [target]
    finally:
        session.close()
    text = subprocess.run([pdftotext, str(target), "-"], capture_output=True, text=True).stdout
    assert app.number in text and OPERATOR_NAME in text


BARE_MACHINE = """
import sys
from PySide6.QtGui import QPageSize, QPdfWriter
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.receipt import render
writer = QPdfWriter(sys.argv[1])
writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
writer.setResolution(300)
render("<p>Розписка: Марʼяна Їжакевич, ґанок, Єнакієве</p>", writer)
del writer
"""


def test_receipt_renders_cyrillic_on_a_machine_without_fonts(tmp_path: Path) -> None:
    pdftotext = _pdf_tool("pdftotext")
    config = tmp_path / "fonts.conf"  # fontconfig that knows no fonts at all
    config.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>{tmp_path / 'none'}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    target = tmp_path / "bare.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", BARE_MACHINE, str(target)], cwd=ROOT, env=env, check=True)
    text = subprocess.run([pdftotext, str(target), "-"], capture_output=True, text=True).stdout
    assert "Марʼяна Їжакевич, ґанок, Єнакієве" in text


def test_the_receipt_names_services_without_the_catalogue_keys(session: Session) -> None:
    """The resident reads "Житлова субсидія", not "(subsidy)"; a back-office code stays."""
    from frontdesk.model import ServiceRequest

    app = application()
    app.services = [ServiceRequest(code="250"), ServiceRequest(code="subsidy")]
    saved = session.profile.applications.save(app, OPERATOR).application
    html = receipt_html(saved, session)
    assert "Допомога при народженні дитини (250)" in html
    assert "Житлова субсидія</li>" in html and "subsidy" not in html


def test_a_receipt_that_takes_two_sheets_names_its_application_on_each(
    qapp: object, session: Session, tmp_path: Path
) -> None:
    """Every service, every document, many scans: the second sheet alone still says whose
    receipt it is; one that fits on a sheet has no such line."""
    from frontdesk.model import DocumentCheck, ServiceRequest

    pdftotext = _pdf_tool("pdftotext")
    catalog = session.profile.catalog
    app = application()
    app.services = [ServiceRequest(code) for code in catalog.services]
    app.documents = [DocumentCheck(code, provided=True) for code in catalog.document_names]
    app.attachments = [
        Attachment(sha256=f"{i:064x}", filename=f"скан-документа-{i:02d}-з-довгою-назвою.jpg")
        for i in range(40)
    ]
    saved = session.profile.applications.save(app, OPERATOR).application
    path = save_receipt_pdf(saved, session, tmp_path / "long.pdf")
    sheets = subprocess.run(
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    sheets = [" ".join(s.split()) for s in sheets if s.strip()]
    assert len(sheets) == 2
    for n, sheet in enumerate(sheets, start=1):
        assert f"Розписка до заяви {saved.number} — арк. {n} з 2" in sheet
    assert "до органів, що ухвалюють рішення" in sheets[0] + sheets[1]  # УСЗН and ПФУ
    assert "фото: 40 (скан-документа-00" in sheets[0]  # no doubled colon
    short = save_receipt_pdf(_saved(session), session, tmp_path / "short.pdf")
    one = subprocess.run([pdftotext, str(short), "-"], capture_output=True, text=True).stdout
    assert "арк." not in one and "до органу, що ухвалює рішення" in " ".join(one.split())


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (Status.READY, "Її буде надіслано до органу"),
        (Status.ACCEPTED, "й надіслано до органу, що ухвалює рішення"),
        (Status.GRANTED, "Рішення за заявою: задоволено."),
        (Status.REFUSED, "Рішення за заявою: відмовлено."),
        (Status.RETURNED, "Заяву повернуто на доопрацювання: Додайте довідку МСЕК"),
    ],
)
def test_a_receipt_printed_again_says_where_the_application_is(
    session: Session, status: Status, said: str
) -> None:
    """(a receipt printed again for a refused case said no decision had been made yet)"""
    app = _saved(session)
    app.status = status
    app.status_reason = "Додайте довідку МСЕК" if status is Status.RETURNED else ""
    html = receipt_html(app, session)
    assert said in html
    assert ("ще не ухвалено" in html) == (status in (Status.READY, Status.ACCEPTED))


def _warning_shown() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    return next((box for box in boxes if box.isVisible()), None)


def test_a_receipt_that_cannot_be_written_is_not_said_to_be_saved(
    qtbot,  # type: ignore[no-untyped-def]
    session: Session,
    tmp_path: Path,
) -> None:
    """(Qt's PDF writer says nothing when it cannot write: the worker was told "saved",
    with no file there, or a broken one on a full disk)"""
    app = _saved(session)
    with pytest.raises(CannotWrite) as missing:
        save_receipt_pdf(app, session, tmp_path / "no such folder" / "receipt.pdf")
    said = missing.value.message("uk")
    assert said.startswith("Не вдалося записати в ") and "no such folder" in said
    not_a_folder = tmp_path / "stick"
    not_a_folder.write_text("a file where a folder was expected")
    with pytest.raises(CannotWrite):
        save_receipt_pdf(app, session, not_a_folder / "receipt.pdf")
    desk = ReceiptDesk(session, QWidget())  # as the card and the form save it
    said_saved: list[object] = []
    desk.message.connect(said_saved.append)
    desk.save_pdf(app, tmp_path / "no such folder" / "receipt.pdf")
    qtbot.waitUntil(lambda: _warning_shown() is not None, timeout=10_000)
    assert "Не вдалося записати в " in _warning_shown().text()  # type: ignore[union-attr]
    assert said_saved == []
    saved = save_receipt_pdf(app, session, tmp_path / "Розписка")  # typed without ".pdf"
    assert saved == tmp_path / "Розписка.pdf"
    initials = save_receipt_pdf(app, session, tmp_path / "Розписка Петренко О.В")
    assert initials == tmp_path / "Розписка Петренко О.В.pdf"  # (".В" is no file type)
    assert saved.read_bytes().startswith(b"%PDF") and b"%%EOF" in saved.read_bytes()[-64:]


def test_the_receipt_tells_the_resident_of_the_consent_and_their_rights(
    session: Session,
) -> None:
    """The law on personal data has the person told, when the data are taken, on what
    ground and what for they are processed and what rights they have: the receipt is the
    paper the resident takes home."""
    app = _saved(session)
    app.consent.given_at = "2026-11-20T09:30:00Z"
    html = receipt_html(app, session)
    assert "Згоду на обробку Ваших персональних даних Ви надали 20.11.2026" in html
    assert "статтею 8 Закону України «Про захист персональних даних»" in html


def test_the_receipt_lists_the_documents_still_to_be_brought(session: Session) -> None:
    """A resident who came without a document the service needs goes home knowing which
    to bring; once the case is decided there is nothing to bring."""
    app = _saved(session)
    app.documents = [d for d in app.documents if d.code != "birth_certificate"]
    html = receipt_html(app, session)
    assert "Ще потрібно подати" in html
    assert html.index("Свідоцтво про народження дитини") > html.index("Ще потрібно подати")
    assert "Ще потрібно подати" not in receipt_html(_saved(session), session)
    app.status = Status.GRANTED
    assert "Ще потрібно подати" not in receipt_html(app, session)


def test_an_adult_disabled_from_childhood_is_not_sent_home_for_a_childs_birth_certificate(
    session: Session,
) -> None:
    """248 for the applicant themselves: no child listed, no child's birth certificate to
    bring; with the disabled child listed, it is still to be brought."""
    app = _saved(session)
    app.services = [ServiceRequest("248")]
    app.household = app.household[:1]
    app.household[0].disability_group = "II"
    app.documents = [d for d in app.documents if d.code != "birth_certificate"]
    html = receipt_html(app, session)
    assert html.index("Висновок МСЕК") > html.index("Ще потрібно подати")
    assert "Свідоцтво про народження дитини" not in html
    app.household.append(HouseholdMember(relationship="child", disability_group="CHILD"))
    html = receipt_html(app, session)
    assert html.index("Свідоцтво про народження дитини") > html.index("Ще потрібно подати")


def test_the_signatures_never_stand_alone_on_the_last_sheet(
    qapp: object, session: Session, tmp_path: Path
) -> None:
    """Twelve services and the documents still to bring just overflow one sheet: the
    second held the two signature lines alone, the resident's name on none of it. The
    receipt's closing (where it goes, what it proves) goes over with them."""
    pdftotext = _pdf_tool("pdftotext")
    app = application(serial=13)
    app.services = [ServiceRequest(code) for code in session.profile.catalog.services]
    saved = session.profile.applications.save(app, OPERATOR).application
    path = save_receipt_pdf(saved, session, tmp_path / "all.pdf")
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True).stdout
    sheets = [" ".join(s.split()) for s in text.split("\f") if s.strip()]
    assert len(sheets) == 2
    assert "Підпис заявника" in sheets[1]
    assert "Ця розписка підтверджує дату Вашого звернення" in sheets[1]
    assert "Ще потрібно подати" in sheets[0]


def test_a_reason_typed_as_a_list_keeps_its_lines_on_the_receipt(
    qapp: object, session: Session, tmp_path: Path
) -> None:
    """(a back office's reason, one line per document to bring, ran together into one
    bold paragraph: the resident had to work out what to bring from it)"""
    pdftotext = _pdf_tool("pdftotext")
    app = _saved(session)
    app.status = Status.RETURNED
    app.status_reason = "Бракує документів:\r\n1. Довідка про доходи\n2. Довідка ВПО"
    path = save_receipt_pdf(app, session, tmp_path / "returned.pdf")
    lines = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True
    ).stdout.splitlines()
    said = [line.strip() for line in lines]
    assert "Бракує документів:" in " ".join(said)
    assert "1. Довідка про доходи" in said
    assert "2. Довідка ВПО" in said
