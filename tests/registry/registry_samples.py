"""Application documents for registry tests: valid by default, easy to break on purpose."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import itertools
import json
import uuid
from pathlib import Path
from typing import Any

from stdnum import iban

from frontdesk.identifiers import rnokpp_for

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "applications.jsonl"
_numbers = itertools.count(1)


def next_number(workstation: str = "ZT01") -> str:
    """Application numbers are unique registry-wide: never reuse one in a test run."""
    return f"{workstation}-2026-{next(_numbers):06d}"


def valid_iban() -> str:
    body = "305299" + "0000026007233566001"
    return f"UA{iban.calc_check_digits('UA00' + body)}{body}"


def make_document(
    community: str,
    *,
    app_id: str | None = None,
    number: str | None = None,
    revision: int = 1,
    attachments: list[bytes] | None = None,
    surname: str = "Шевченко",
    workstation: str = "ZT01",
) -> dict[str, Any]:
    """A document the shared Validator accepts (service 250, birth of a child)."""
    birth = dt.date(1990, 5, 17)
    rnokpp = rnokpp_for(birth, "F", serial=123)
    person = {
        "surname": surname,
        "given_name": "Оксана",
        "patronymic": "Петрівна",
        "birth_date": birth.isoformat(),
        "sex": "F",
        "rnokpp": rnokpp,
    }
    return {
        "format": "frontdesk.application/1",
        "id": app_id or str(uuid.uuid4()),
        "number": number or next_number(workstation),
        "revision": revision,
        "status": "ready",
        "services": [{"code": "250"}],
        "applicant": {
            **person,
            "document": {
                "type": "passport_booklet",
                "series": "КА",
                "number": "123456",
                "issued_by": "Житомирський РВ УМВС",
                "issue_date": "2006-06-01",
            },
            "phone": "+380671234567",
        },
        "registered_address": {
            "katottg": community,
            "postcode": "10001",
            "street_type": "вул.",
            "street": "Київська",
            "house": "12",
        },
        "household": [{"relationship": "applicant", **person}],
        "payment": {"method": "bank", "iban": valid_iban()},
        "documents": [
            {"code": "identity_document", "provided": True},
            {"code": "birth_certificate", "provided": True},
        ],
        "attachments": [
            {
                "sha256": hashlib.sha256(data).hexdigest(),
                "filename": f"scan-{i}.pdf",
                "media_type": "application/pdf",
                "size": len(data),
                "document_code": "birth_certificate",
            }
            for i, data in enumerate(attachments or [])
        ],
        "consent": {"given": True, "given_at": "2026-01-10T10:00:00+02:00"},
        "operator": "operator1",
        "service_point": {"kind": "office", "name": "ЦНАП"},
        "workstation": workstation,
        "community": community,
        "created_at": "2026-01-10T10:00:00+02:00",
    }


def revised(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The next revision of ``document`` with some top-level fields changed."""
    new = copy.deepcopy(document)
    new["revision"] = document["revision"] + 1
    new.update(changes)
    return new


def item(document: dict[str, Any]) -> dict[str, Any]:
    """A batch item: the document and the hash of its content as sent (the registry's key)."""
    from frontdesk.document import content_hash

    return {"document": document, "content_hash": content_hash(document)}


def example_documents(community: str) -> list[dict[str, Any]]:
    """docs/examples/applications.jsonl made sendable (id, number, community added)."""
    if not EXAMPLES.exists():
        return []
    documents = []
    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        document = json.loads(line)
        document.update(
            id=str(uuid.uuid4()),
            number=next_number(),
            revision=1,
            community=community,
            workstation="ZT01",
            attachments=[],  # their bytes are not in the examples
        )
        documents.append(document)
    return documents
