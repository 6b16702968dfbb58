"""An application's card on a laptop at 150 % (about 910×470 logical pixels): a long case —
the registry's answer, the reason it was returned, many scans — scrolls; nothing is drawn
over anything else and the history keeps its rows."""

from __future__ import annotations

from pathlib import Path

from tests.ui.screens import run_at_150_percent

LONG_CASE = """
import dataclasses
from pathlib import Path
from PySide6.QtWidgets import QApplication, QFormLayout, QScrollArea
from frontdesk.model import Attachment, Status
from frontdesk.profile import Profile
from tests.factories import application
from ui.application_card import ApplicationCard
from ui.i18n import Translations
from ui.session import session_for

root = Path(r"{root}")
reason = (
    "Немає довідки про доходи всіх членів сім'ї за останні 6 місяців (форма ОК-5 або ОК-7 "
    "для сина Романа); у декларації не зазначено земельну ділянку площею 0,25 га; додайте "
    "довідку про склад зареєстрованих у житловому приміщенні осіб та акт обстеження."
)
refused = {{"outcome": "rejected", "error": "validation", "problems": [
    {{"field": f"household[{{i}}].rnokpp", "code": "x",
      "message": f"Член сім'ї {{i + 1}}: РНОКПП не збігається з датою народження",
      "message_en": f"Household member {{i + 1}}: the РНОКПП does not match the birth date"}}
    for i in range(4)
]}}
with Profile.create(root, workstation="ZT01", community="UA18040530000045696") as p:
    p.operators.add("olena", "Vesna-2026-rik")
    scans = []
    for i in range(14):
        data = f"scan {{i}}".encode() * 50
        scans.append(Attachment(sha256=p.applications.put_blob(data), size=len(data),
                                filename=f"IMG_20261125_1015{{i:02d}}.jpg",
                                media_type="image/jpeg"))
    saved = p.applications.save(
        dataclasses.replace(application(), attachments=scans), "olena").application
    with p.db.transaction() as conn:
        conn.execute("DELETE FROM outbox WHERE application_id = ?", (saved.id,))
        p.from_registry.set_status(conn, saved.id, 1, Status.RETURNED, reason)
    draft = p.applications.start_revision(saved.id, "olena")
    p.applications.save(dataclasses.replace(draft, status=Status.READY), "olena")
    p.outbox.record_results([(item, None, refused) for item in p.outbox.claim(5)])

app = QApplication([])
Translations().switch("uk")
session = session_for(Profile.open(root), Profile.open(root), "olena", synchronous=True)
card = ApplicationCard(session, saved.id)
card.show()
for _ in range(5):
    app.processEvents()
room = card.screen().availableGeometry()
print("fits", card.frameGeometry().height() <= room.height())
facts = card.findChild(QFormLayout)
assert isinstance(facts, QFormLayout)
fields = [facts.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
          for row in range(facts.rowCount())]
print("rows", len(fields))
overlaps = [f"{{a.objectName() or type(a).__name__}} over the next"
            for a, b in zip(fields, fields[1:]) if a.geometry().bottom() >= b.geometry().top()]
print("overlaps", overlaps)
row_height = card.history.verticalHeader().defaultSectionSize()
rows_shown = card.history.viewport().height() // row_height
print("history rows", rows_shown >= 3)
scans_area = fields[[facts.itemAt(r, QFormLayout.ItemRole.LabelRole).widget().text()
                     for r in range(facts.rowCount())].index("Скан-копії:")]
label = scans_area.widget() if isinstance(scans_area, QScrollArea) else scans_area
whole = label.height() >= label.heightForWidth(label.width())
print("scans whole", label.text().count(".jpg"), whole)
card.close()
session.close()
"""


def test_a_long_case_scrolls_on_a_laptop_at_150_percent_and_no_row_covers_another(
    tmp_path: Path,
) -> None:
    """(the card was squeezed to the screen: the registry's answer, the reason it was
    returned and the applicant's name were drawn over each other, the list of 14 scans was
    cut mid-line with no way to scroll, and the history showed a row and a half)"""
    shown = run_at_150_percent(LONG_CASE.format(root=tmp_path / "profile"), tmp_path)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "fits True"
    assert int(lines[1].split()[1]) >= 10  # (the facts: number, status, answer, reason, …)
    assert lines[2:] == ["overlaps []", "history rows True", "scans whole 14 True"]
