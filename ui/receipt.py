"""The receipt (розписка) the resident takes home: printed, or saved as a PDF.

It is the resident's proof of the date they applied when central systems are
down or overloaded, so it says plainly that the application was captured
and will be sent on, and that nothing is decided yet. It is always in
Ukrainian (a document for the resident, whatever language the operator's
screen uses): source strings are English, marked with ``QT_TRANSLATE_NOOP``
and translated through the form's own ``frontdesk_form_uk.qm``.

The fonts are bundled (DejaVu Sans, ``resources/fonts``) and registered with
Qt, so Cyrillic renders on a machine with no fonts installed. Call these
functions on the GUI thread (names are read through ``session.reader``) or
on the db lane (through ``session.profile``); nothing here draws a widget.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import segno
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
    QThread,
    QTranslator,
)
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from frontdesk.errors import CannotWrite
from frontdesk.model import Application, Status
from frontdesk.profile import Profile, write_whole
from frontdesk.text import local_time
from resources import resource

if TYPE_CHECKING:
    from ui.session import Session

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FONT_FAMILY = "DejaVu Sans"
RESOLUTION = 300
MARGIN_MM = 15
_CONTEXT = "Receipt"

_TITLE = QT_TRANSLATE_NOOP("Receipt", "RECEIPT")
_SUBTITLE = QT_TRANSLATE_NOOP("Receipt", "of the acceptance of an application for social support")
_NUMBER = QT_TRANSLATE_NOOP("Receipt", "Application number")
_DATE = QT_TRANSLATE_NOOP("Receipt", "Date of application")
_APPLICANT = QT_TRANSLATE_NOOP("Receipt", "Applicant")
_BORN = QT_TRANSLATE_NOOP("Receipt", "born %1")
_SERVICES = QT_TRANSLATE_NOOP("Receipt", "Services applied for")
_DOCUMENTS = QT_TRANSLATE_NOOP("Receipt", "Documents received")
_NO_DOCUMENTS = QT_TRANSLATE_NOOP("Receipt", "none marked as received")
# The services' documents the resident did not bring: what to bring (until it is decided).
_MISSING = QT_TRANSLATE_NOOP("Receipt", "Still to be brought")
_SCANS = QT_TRANSLATE_NOOP("Receipt", "Scans and photos attached: %1")
_ACCEPTED_BY = QT_TRANSLATE_NOOP("Receipt", "Accepted by")
_PLACE = QT_TRANSLATE_NOOP("Receipt", "Place of acceptance")
_WORKSTATION = QT_TRANSLATE_NOOP("Receipt", "workstation %1")
_COMMUNITY = QT_TRANSLATE_NOOP("Receipt", "%1 territorial community")
_CAPTURED = QT_TRANSLATE_NOOP(
    "Receipt",
    "The application has been accepted and recorded at the front office. It will be sent "
    "to %1, which makes the decision. No decision has been made yet.",
)
_CAPTURED_BOTH = QT_TRANSLATE_NOOP(  # two bodies decide (services of УСЗН and of ПФУ)
    "Receipt",
    "The application has been accepted and recorded at the front office. It will be sent "
    "to %1, which make the decisions. No decision has been made yet.",
)
# A receipt printed again later says where the application is now: sent, or decided.
_SENT = QT_TRANSLATE_NOOP(
    "Receipt",
    "The application has been accepted and recorded at the front office and sent to %1, "
    "which makes the decision. No decision has been made yet.",
)
_SENT_BOTH = QT_TRANSLATE_NOOP(
    "Receipt",
    "The application has been accepted and recorded at the front office and sent to %1, "
    "which make the decisions. No decision has been made yet.",
)
_DECIDED = QT_TRANSLATE_NOOP(
    "Receipt",
    "The application has been accepted and recorded at the front office and sent to %1. "
    "The decision: %2.",
)
_OUTCOMES = {
    Status.GRANTED: QT_TRANSLATE_NOOP("Receipt", "granted"),
    Status.REFUSED: QT_TRANSLATE_NOOP("Receipt", "refused"),
}
# (a return is not a decision: it says what to bring)
_RETURNED = QT_TRANSLATE_NOOP(
    "Receipt",
    "The application has been accepted and recorded at the front office and sent to %1. "
    "It has been returned for correction: %2",
)
_PROOF = QT_TRANSLATE_NOOP(
    "Receipt",
    "This receipt is your proof of the date you applied, also when the central systems "
    "are down or overloaded. Please keep it.",
)
# What the law on personal data (№ 2297-VI, art. 12) has the resident told when the data
# are collected: on what ground, what for, and their rights.
_PERSONAL_DATA = QT_TRANSLATE_NOOP(
    "Receipt",
    "You gave your consent to the processing of your personal data on %1. They are "
    "processed only to consider the application and to pay the assistance. You have the "
    "rights set out in Article 8 of the Law of Ukraine “On Personal Data "
    "Protection”: among them, to know who processes your data and why, to see them "
    "and to have them corrected.",
)
_NOTIFY = QT_TRANSLATE_NOOP("Receipt", "You will be told of the decision by: %1")
_ASK = QT_TRANSLATE_NOOP(
    "Receipt", "To ask about your application, give its number or show the QR code."
)
_SHEET = QT_TRANSLATE_NOOP("Receipt", "Receipt for application %1 — sheet %2 of %3")
_SIGN_OPERATOR = QT_TRANSLATE_NOOP("Receipt", "Specialist's signature")
_SIGN_APPLICANT = QT_TRANSLATE_NOOP("Receipt", "Applicant's signature")
_DECIDERS = {
    "ПФУ": QT_TRANSLATE_NOOP("Receipt", "the Pension Fund of Ukraine"),
    "УСЗН": QT_TRANSLATE_NOOP("Receipt", "the social protection department"),
}
_AND = QT_TRANSLATE_NOOP("Receipt", " and ")
_POINTS = {
    "office": QT_TRANSLATE_NOOP("Receipt", "office"),
    "van": QT_TRANSLATE_NOOP("Receipt", "mobile service van"),
    "home_visit": QT_TRANSLATE_NOOP("Receipt", "home visit"),
}
# Choices context: the notification channels as the form words them.
_NOTIFY_BY = {
    "sms": QT_TRANSLATE_NOOP("Choices", "SMS"),
    "email": QT_TRANSLATE_NOOP("Choices", "E-mail"),
    "phone": QT_TRANSLATE_NOOP("Choices", "Phone call"),
    "post": QT_TRANSLATE_NOOP("Choices", "Letter by post"),
    "in_person": QT_TRANSLATE_NOOP("Choices", "In person at the office"),
}


@cache
def _ukrainian() -> QTranslator:
    translator = QTranslator()
    translator.load(str(resource("translations", "frontdesk_form_uk.qm")))
    return translator


def _t(source: object, context: str = _CONTEXT) -> str:
    """In Ukrainian, whatever the language of the screen."""
    return _ukrainian().translate(context, str(source)) or str(source)


@cache
def register_fonts() -> str:
    """Register the bundled fonts with Qt (once); returns their family name."""
    if QGuiApplication.instance() is None:  # Qt's font database would crash
        raise RuntimeError("create the QApplication before rendering a receipt")
    if FONT_FAMILY in QFontDatabase.families():  # installed, or registered by the app
        return FONT_FAMILY
    for name in FONT_FILES:
        QFontDatabase.addApplicationFont(str(resource("fonts", name)))
    return FONT_FAMILY


def _qr_data_uri(number: str) -> str:
    # A full QR code: phone scanners often cannot read the Micro QR segno picks for short text.
    return str(segno.make_qr(number, error="m").png_data_uri(scale=8, border=4))


def _profile(session: Session) -> Profile:
    """The connection this thread may read through: the reader on the GUI thread, else the
    db lane's (the only worker lane that renders receipts)."""
    app = QCoreApplication.instance()
    on_gui_thread = app is not None and QThread.currentThread() is app.thread()
    return session.reader if on_gui_thread else session.profile


def _operator_name(app: Application, session: Session) -> str:
    if not app.operator or app.operator == session.operator:
        return session.operator_name or session.operator
    return _profile(session).operators.full_name(app.operator)


def _place_text(app: Application, session: Session) -> str:
    places = _profile(session).places
    parts = []
    point = app.service_point
    kind = _t(_POINTS[point.kind]) if point.kind in _POINTS else point.kind
    where = places.get(point.katottg) if point.katottg else None
    parts.append(", ".join(p for p in (kind, point.name, where.label if where else "") if p))
    community = places.get(app.community) if app.community and where is None else None
    if community is not None:
        parts.append(_t(_COMMUNITY).replace("%1", community.name))
    if app.workstation:
        parts.append(_t(_WORKSTATION).replace("%1", app.workstation))
    return "; ".join(p for p in parts if p)


def receipt_html(app: Application, session: Session) -> str:
    """The receipt as rich text (Qt's HTML subset), with the QR code inline."""
    catalog = _profile(session).catalog
    e = html.escape
    person = app.applicant
    services = []
    deciders: list[str] = []
    for code in app.service_codes:
        service = catalog.get(code)
        name = service.name_uk if service else code
        # the back office's code where it has one; "subsidy" is only the catalogue's key
        services.append(
            f"<li>{e(name)} ({e(code)})</li>" if code.isdigit() else f"<li>{e(name)}</li>"
        )
        if service and service.decides not in deciders:
            deciders.append(service.decides)
    decider_text = _t(_AND).join(_t(_DECIDERS[d]) if d in _DECIDERS else d for d in deciders)
    both = len(deciders) > 1
    if app.status in _OUTCOMES:
        where = _t(_DECIDED).replace("%2", _t(_OUTCOMES[app.status]))
    elif app.status is Status.RETURNED:
        where = _t(_RETURNED).replace("%2", app.status_reason or "—")
    elif app.status in (Status.SENT, Status.ACCEPTED):
        where = _t(_SENT_BOTH if both else _SENT)
    else:  # (saved, not sent yet: the receipt handed over at the desk)
        where = _t(_CAPTURED_BOTH if both else _CAPTURED)
    received = [
        f"<li>{e(catalog.document_name(d.code, 'uk'))}</li>" for d in app.documents if d.provided
    ]
    if not received:
        received = [f"<li>{e(_t(_NO_DOCUMENTS))}</li>"]
    provided = {d.code for d in app.documents if d.provided}
    needed = (
        []
        if app.status.decided
        else catalog.required_documents(
            app.service_codes, app.household, rnokpp_refused=app.applicant.rnokpp_refused
        )
    )
    missing = [
        f"<li>{e(catalog.document_name(code, 'uk'))}</li>"
        for code in needed
        if code not in provided
    ]
    to_bring = (
        f"<p style='margin-bottom:2px'><b>{e(_t(_MISSING))}</b></p><ul>{''.join(missing)}</ul>"
        if missing
        else ""
    )
    if app.attachments:
        names = ", ".join(e(a.filename or a.sha256[:12]) for a in app.attachments)
        count = _t(_SCANS).replace("%1", str(len(app.attachments)))
        received.append(f"<li>{e(count)} ({names})</li>")
    born = (
        _t(_BORN).replace("%1", person.birth_date.strftime("%d.%m.%Y")) if person.birth_date else ""
    )
    notify = ""
    if person.notify_by in _NOTIFY_BY:
        channel = _t(_NOTIFY_BY[person.notify_by], "Choices")
        contact = {"sms": person.phone, "phone": person.phone, "email": person.email}.get(
            person.notify_by, ""
        )
        channel += f" ({contact})" if contact else ""
        notify = f"<p>{e(_t(_NOTIFY).replace('%1', channel))}</p>"
    consent = ""
    if app.consent.given:
        given = app.consent.given_at or app.created_at  # (an import may not say when)
        when = local_time(given, with_time=False)
        consent = f"<p style='font-size:9pt'>{e(_t(_PERSONAL_DATA).replace('%1', when))}</p>"
    label = "style='color:#444444'"
    rows = [
        (_t(_NUMBER), f"<b style='font-size:15pt'>{e(app.number)}</b>"),
        (_t(_DATE), e(local_time(app.created_at or app.updated_at))),
        (_t(_APPLICANT), f"<b>{e(person.full_name)}</b>" + (f", {e(born)}" if born else "")),
        (_t(_ACCEPTED_BY), e(_operator_name(app, session))),
        (_t(_PLACE), e(_place_text(app, session))),
    ]
    info = "".join(
        f"<tr><td {label} width='32%'>{e(k)}</td><td>{v}</td></tr>" for k, v in rows if v
    )
    qr = f"<img src='{_qr_data_uri(app.number)}' width='150' height='150'>" if app.number else ""
    line = "______________________<br>"
    signature = (
        "<table width='100%' cellspacing='0' cellpadding='4' style='margin-top:28px'><tr>"
        f"<td width='50%'>{line}<span {label}>{e(_t(_SIGN_OPERATOR))}</span></td>"
        f"<td width='50%'>{line}<span {label}>{e(_t(_SIGN_APPLICANT))}</span></td>"
        "</tr></table>"
    )
    return (
        f"<html><body style=\"font-family:'{FONT_FAMILY}'; font-size:10pt\">"
        f"<p align='center' style='font-size:16pt; font-weight:bold; margin-bottom:0'>"
        f"{e(_t(_TITLE))}</p>"
        f"<p align='center' style='margin-top:2px'>{e(_t(_SUBTITLE))}</p>"
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td valign='top'><table cellspacing='0' cellpadding='4'>{info}</table></td>"
        f"<td valign='top' align='right' width='160'>{qr}</td>"
        "</tr></table>"
        f"<p style='margin-bottom:2px'><b>{e(_t(_SERVICES))}</b></p><ul>{''.join(services)}</ul>"
        f"<p style='margin-bottom:2px'><b>{e(_t(_DOCUMENTS))}</b></p><ul>{''.join(received)}</ul>"
        f"{to_bring}"
        f"{_CLOSING}<p style='margin-top:12px'><b>{_lines(where.replace('%1', decider_text))}"
        "</b></p>"
        f"<p>{e(_t(_PROOF))}</p>{consent}"
        f"{notify}<p {label}>{e(_t(_ASK))}</p>"
        f"{signature}</body></html>"
    )


def _lines(text: str) -> str:
    """Text as HTML that keeps its line breaks: a back office's reason typed as a list
    («Бракує документів:» and a line for each) ran together into one paragraph."""
    return "<br>".join(html.escape(line) for line in text.replace("\r\n", "\n").split("\n"))


# Before the receipt's closing (where the application goes, its proof, the signatures):
# where a page break goes when the signatures would stand alone on the last sheet.
_CLOSING = "<!-- closing -->"
_CLOSING_ON_NEW_PAGE = "<p style='page-break-before:always; margin:0'></p>"


def _laid_out(html_text: str, device: QPagedPaintDevice, family: str, size: QSizeF) -> Any:
    doc = QTextDocument()
    doc.setDefaultFont(QFont(family, 10))
    doc.documentLayout().setPaintDevice(device)
    doc.setHtml(html_text)
    doc.setTextWidth(size.width())
    doc.setPageSize(size)
    return doc


def _signatures_alone(doc: Any, height: float) -> bool:
    """Whether the signature lines (the last table) begin a sheet the text before them
    does not reach: a sheet of two blank lines, the resident's name on none of it."""
    table, above, text = None, None, None
    parts = doc.rootFrame().begin()
    while not parts.atEnd():
        if parts.currentFrame() is not None:
            table, above = parts.currentFrame(), text
        elif parts.currentBlock().text().strip():
            text = parts.currentBlock()
        parts += 1
    if table is None or above is None:
        return False
    layout = doc.documentLayout()
    table_top = layout.frameBoundingRect(table).top()
    text_bottom = layout.blockBoundingRect(above).bottom()
    return int(table_top // height) > int((text_bottom - 1) // height)


def render(html_text: str, device: QPagedPaintDevice, number: str = "") -> None:
    """Lay the rich text out on ``device``'s pages (at its resolution) and paint it. When it
    takes more than one page (many services and documents), each page's foot says whose
    receipt it is and which sheet: a second sheet alone still names its application; and
    the signatures never stand alone on a sheet (the closing goes with them)."""
    family = register_fonts()
    foot = QFont(family, 8)
    band = QFontMetricsF(foot, device).height() * 2
    width, height = device.width(), device.height() - band
    doc = _laid_out(html_text, device, family, QSizeF(width, height))
    if doc.pageCount() > 1 and _CLOSING in html_text and _signatures_alone(doc, height):
        moved = html_text.replace(_CLOSING, _CLOSING_ON_NEW_PAGE, 1)
        doc = _laid_out(moved, device, family, QSizeF(width, height))
    pages = doc.pageCount()
    painter = QPainter(device)
    try:
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.translate(0, -page * height)
            doc.drawContents(painter, QRectF(0, page * height, width, height))
            painter.restore()
            if pages > 1:
                painter.setFont(foot)
                sheet = (
                    _t(_SHEET)
                    .replace("%1", number)
                    .replace("%2", str(page + 1))
                    .replace("%3", str(pages))
                )
                where = QRectF(0, height, width, band)
                painter.drawText(
                    where, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom), sheet
                )
    finally:
        painter.end()


def pdf_path(path: Path) -> Path:
    """Where a receipt named ``path`` is written: ".pdf" added to a name typed without it
    ("Розписка Петренко О.В" has a suffix too: ".В")."""
    path = Path(path)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def save_receipt_pdf(app: Application, session: Session, path: Path) -> Path:
    """Write the receipt as an A4 PDF at ``path`` (".pdf" added to a name typed without
    it); returns the path. Raises :class:`CannotWrite` when it cannot be written (a
    read-only folder, a full disk, a USB stick pulled out): Qt's PDF writer says nothing of
    that, and the worker was told "saved" with no file, or half a file, there."""
    path = pdf_path(path)
    html_text = receipt_html(app, session)
    content = QByteArray()
    buffer = QBuffer(content)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(RESOLUTION)
    writer.setPageMargins(QMarginsF(*(MARGIN_MM,) * 4), QPageLayout.Unit.Millimeter)
    writer.setTitle(f"{_t(_TITLE).capitalize()} {app.number}")
    writer.setCreator("FrontDesk")
    render(html_text, writer, app.number)
    del writer  # finishes the document
    buffer.close()
    try:
        write_whole(path, bytes(content.data()))
    except OSError as exc:
        raise CannotWrite(exc, path.parent) from exc
    return path


def print_receipt(app: Application, session: Session, parent: QWidget | None) -> bool:
    """Ask for a printer and print the receipt; False when the worker cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageMargins(QMarginsF(*(MARGIN_MM,) * 4), QPageLayout.Unit.Millimeter)
    printer.setDocName(f"{_t(_TITLE).capitalize()} {app.number}")
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    render(receipt_html(app, session), printer, app.number)
    return True
