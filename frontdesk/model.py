"""The application document: what a front office captures for one resident.

The exchange format (JSON) is described by
``resources/schema/application.schema.json``; :mod:`frontdesk.document`
converts between it and these classes. Free text is cleaned on the way in
(one canonical apostrophe, single spaces) by :meth:`Application.from_dict`.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from frontdesk.identifiers import (
    compact,
    compact_code,
    join_birth_certificate,
    normalize_phone,
    normalize_unzr,
    split_passport_booklet,
)
from frontdesk.text import clean_reason, clean_text, cyrillic_lookalikes

FORMAT = "frontdesk.application/1"


class Status(StrEnum):
    DRAFT = "draft"
    READY = "ready"  # ready to send: in the outbox
    SENT = "sent"  # the registry acknowledged it
    ACCEPTED = "accepted"  # the back office registered it
    GRANTED = "granted"
    REFUSED = "refused"
    RETURNED = "returned"  # returned for correction

    @property
    def decided(self) -> bool:
        return self in (Status.GRANTED, Status.REFUSED)

    @property
    def editable(self) -> bool:
        """Whether the worker may change the current revision in place."""
        return self in (Status.DRAFT, Status.READY)


class DocumentType(StrEnum):
    PASSPORT_BOOKLET = "passport_booklet"
    ID_CARD = "id_card"
    BIRTH_CERTIFICATE = "birth_certificate"
    FOREIGN_PASSPORT = "foreign_passport"
    RESIDENCE_PERMIT = "residence_permit"


RELATIONSHIPS = (
    "applicant",
    "spouse",
    "child",
    "parent",
    "sibling",
    "grandchild",
    "grandparent",
    "ward",
    "other",
)


def new_application_id() -> str:
    """A new application's id: a time-ordered UUID (version 7, RFC 9562).

    48 bits of Unix milliseconds, then 74 random bits. Ids made one after another
    sort one after another, so every index keyed by them (here, in the outbox and
    at the registry) grows at its end instead of at a random page: the registry's
    batch commit takes about a third less time (bench/sync.py). Nothing orders by an
    id: a laptop clock that is off only costs that locality, never uniqueness.
    """
    make = getattr(uuid, "uuid7", None)  # Python 3.14+
    if make is not None:
        return str(make())
    millis = time.time_ns() // 1_000_000 & (1 << 48) - 1
    rand = int.from_bytes(os.urandom(10), "big")  # 80 bits, 74 of them kept
    value = millis << 80 | (0x7 << 76) | (rand >> 68 & 0xFFF) << 64 | 0b10 << 62
    value |= rand & (1 << 62) - 1
    return str(uuid.UUID(int=value))


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return clean_text(value) if value and isinstance(value, str) else ""


def _name(data: dict[str, Any], key: str) -> str:
    """A person's name: clean text, and a Latin look-alike in a Cyrillic word (a Latin i
    typed on a Russian layout, which has no і) the Ukrainian letter it was meant for."""
    return cyrillic_lookalikes(_text(data, key))


def _ident(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return compact(value) if value and isinstance(value, str) else ""


def _code(data: dict[str, Any], key: str) -> str:
    """A КАТОТТГ code or an IBAN: :func:`_ident`, and a Cyrillic letter that looks like a
    Latin one read as that letter («UА…» typed with the Ukrainian layout on was refused as
    no code at all, looking right; their letters are Latin only)."""
    value = data.get(key)
    return compact_code(value) if value and isinstance(value, str) else ""


def parse_date(value: object) -> dt.date | None:
    """An ISO date, or None when empty. Raises ValueError for an impossible date."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    return dt.date.fromisoformat(value)


def _date_out(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Without None, "", [] and {} (the falsy values that are not a number or False)."""
    return {k: v for k, v in data.items() if v or v == 0}


@dataclass
class IdentityDocument:
    type: str = ""
    series: str = ""
    number: str = ""
    issued_by: str = ""
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None

    @property
    def full_number(self) -> str:
        return f"{self.series}{self.number}" if self.type != "birth_certificate" else self.number

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IdentityDocument:
        kind = _ident(data, "type").lower()
        number = _ident(data, "number")
        series = data.get("series") or ""
        if kind == DocumentType.PASSPORT_BOOKLET:  # Cyrillic letters; a foreign passport's
            # (Latin) stay as they are. "МК123456" typed whole in one field is split.
            series, number = split_passport_booklet(series, number)
        else:
            series = _ident(data, "series")
        if kind == DocumentType.BIRTH_CERTIFICATE:  # kept whole in the number
            series, number = "", join_birth_certificate(series, number)
        return cls(
            type=kind,
            series=series,
            number=number,
            issued_by=_text(data, "issued_by"),
            issue_date=parse_date(data.get("issue_date")),
            expiry_date=parse_date(data.get("expiry_date")),
        )

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty(
            {
                "type": self.type,
                "series": self.series,
                "number": self.number,
                "issued_by": self.issued_by,
                "issue_date": _date_out(self.issue_date),
                "expiry_date": _date_out(self.expiry_date),
            }
        )


@dataclass
class Person:
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    birth_date: dt.date | None = None
    sex: str = ""  # "M" or "F"
    rnokpp: str = ""
    rnokpp_refused: bool = False  # refused a РНОКПП for religious reasons
    citizenship: str = "UA"
    document: IdentityDocument | None = None
    unzr: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    @classmethod
    def _person_kwargs(cls, data: dict[str, Any]) -> dict[str, Any]:
        doc = data.get("document")
        return {
            "surname": _name(data, "surname"),
            "given_name": _name(data, "given_name"),
            "patronymic": _name(data, "patronymic"),
            "birth_date": parse_date(data.get("birth_date")),
            "sex": _ident(data, "sex"),
            "rnokpp": _ident(data, "rnokpp"),
            "rnokpp_refused": bool(data.get("rnokpp_refused", False)),
            "citizenship": _ident(data, "citizenship") or "UA",
            "document": IdentityDocument.from_dict(doc) if isinstance(doc, dict) else None,
            "unzr": normalize_unzr(_ident(data, "unzr")),
        }

    def _person_dict(self) -> dict[str, Any]:
        return {
            "surname": self.surname,
            "given_name": self.given_name,
            "patronymic": self.patronymic,
            "birth_date": _date_out(self.birth_date),
            "sex": self.sex,
            "rnokpp": self.rnokpp,
            "rnokpp_refused": self.rnokpp_refused or None,
            "citizenship": self.citizenship,
            "document": self.document.to_dict() if self.document else None,
            "unzr": self.unzr,
        }

    def same_person(self, other: Person) -> bool:
        """Whether two records describe one person (by РНОКПП, else name and birth date)."""
        if self.rnokpp and other.rnokpp:
            return self.rnokpp == other.rnokpp
        if self.unzr and other.unzr:
            return self.unzr == other.unzr
        if not (self.surname and self.given_name):
            return False  # a row not filled in yet is nobody in particular
        return (
            self.surname.casefold() == other.surname.casefold()
            and self.given_name.casefold() == other.given_name.casefold()
            and self.birth_date == other.birth_date
        )


@dataclass
class Applicant(Person):
    phone: str = ""
    email: str = ""
    notify_by: str = ""  # sms, email, phone, post, in_person

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Applicant:
        return cls(
            **cls._person_kwargs(data),
            phone=normalize_phone(_ident(data, "phone")),
            email=(data.get("email") or "").strip(),
            notify_by=_ident(data, "notify_by").lower(),
        )

    def to_dict(self) -> dict[str, Any]:
        data = self._person_dict()
        data.update(phone=self.phone, email=self.email, notify_by=self.notify_by)
        return _drop_empty(data)


@dataclass
class HouseholdMember(Person):
    relationship: str = "other"
    able_to_work: bool | None = None
    disability_group: str = ""  # "I", "II", "III", "CHILD"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HouseholdMember:
        able = data.get("able_to_work")
        return cls(
            **cls._person_kwargs(data),
            relationship=_ident(data, "relationship").lower() or "other",
            able_to_work=able if isinstance(able, bool) else None,
            disability_group=_ident(data, "disability_group"),
        )

    def to_dict(self) -> dict[str, Any]:
        data = {"relationship": self.relationship, **self._person_dict()}
        data.update(able_to_work=self.able_to_work, disability_group=self.disability_group)
        return _drop_empty(data)


@dataclass
class Address:
    katottg: str = ""
    postcode: str = ""
    street_type: str = ""
    street: str = ""
    house: str = ""
    building: str = ""
    flat: str = ""

    def is_empty(self) -> bool:
        return not (
            self.katottg
            or self.postcode
            or self.street_type
            or self.street
            or self.house
            or self.building
            or self.flat
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Address:
        return cls(
            katottg=_code(data, "katottg"),
            postcode=_ident(data, "postcode"),
            street_type=_text(data, "street_type"),
            street=_text(data, "street"),
            house=_text(data, "house"),
            building=_text(data, "building"),
            flat=_text(data, "flat"),
        )

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty(
            {
                "katottg": self.katottg,
                "postcode": self.postcode,
                "street_type": self.street_type,
                "street": self.street,
                "house": self.house,
                "building": self.building,
                "flat": self.flat,
            }
        )


@dataclass
class ServiceRequest:
    code: str
    repeat: bool = False  # a repeat (not first) application for this service


@dataclass
class Payment:
    method: str = "bank"  # "bank" or "post"
    iban: str = ""


@dataclass
class DocumentCheck:
    """One line of the checklist: a document the services need, and whether it was given."""

    code: str
    provided: bool = False


@dataclass
class Attachment:
    sha256: str
    filename: str = ""
    media_type: str = "application/octet-stream"
    size: int = 0
    document_code: str = ""  # which checklist document this scan shows


@dataclass
class Consent:
    given: bool = False
    given_at: str | None = None  # ISO 8601 timestamp of the signature


@dataclass
class ServicePoint:
    kind: str = "office"  # office, van, home_visit
    name: str = ""
    katottg: str = ""


@dataclass
class Application:
    id: str = ""
    number: str = ""
    revision: int = 1
    status: Status = Status.DRAFT
    services: list[ServiceRequest] = field(default_factory=list)
    applicant: Applicant = field(default_factory=Applicant)
    registered_address: Address = field(default_factory=Address)
    actual_address: Address | None = None  # None: the same as the registered address
    household: list[HouseholdMember] = field(default_factory=list)
    payment: Payment = field(default_factory=Payment)
    documents: list[DocumentCheck] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    consent: Consent = field(default_factory=Consent)
    operator: str = ""
    service_point: ServicePoint = field(default_factory=ServicePoint)
    workstation: str = ""
    community: str = ""
    status_reason: str = ""  # why it was refused or returned
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def service_codes(self) -> list[str]:
        return [s.code for s in self.services]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Application:
        """Build from the exchange format (already checked against the schema)."""
        actual = data.get("actual_address")
        point = data.get("service_point") or {}
        consent = data.get("consent") or {}
        payment = data.get("payment") or {}
        return cls(
            id=str(data.get("id") or ""),
            number=str(data.get("number") or ""),
            revision=int(data.get("revision") or 1),
            status=Status(data.get("status") or Status.DRAFT),
            services=[
                ServiceRequest(code=str(s["code"]), repeat=bool(s.get("repeat", False)))
                for s in data.get("services", [])
            ],
            applicant=Applicant.from_dict(data.get("applicant") or {}),
            registered_address=Address.from_dict(data.get("registered_address") or {}),
            actual_address=Address.from_dict(actual) if isinstance(actual, dict) else None,
            household=[HouseholdMember.from_dict(m) for m in data.get("household", [])],
            payment=Payment(
                method=str(payment.get("method") or "bank"), iban=_code(payment, "iban")
            ),
            documents=[
                DocumentCheck(code=str(d["code"]), provided=bool(d.get("provided", False)))
                for d in data.get("documents", [])
            ],
            attachments=[
                Attachment(
                    sha256=str(a["sha256"]).lower(),
                    filename=_text(a, "filename"),
                    media_type=str(a.get("media_type") or "application/octet-stream"),
                    size=int(a.get("size") or 0),
                    document_code=str(a.get("document_code") or ""),
                )
                for a in data.get("attachments", [])
            ],
            consent=Consent(given=bool(consent.get("given")), given_at=consent.get("given_at")),
            operator=str(data.get("operator") or ""),
            service_point=ServicePoint(
                kind=str(point.get("kind") or "office"),
                name=_text(point, "name"),
                katottg=_code(point, "katottg"),
            ),
            workstation=str(data.get("workstation") or ""),
            community=_code(data, "community"),
            status_reason=clean_reason(str(data.get("status_reason") or "")),
            created_at=data.get("created_at"),
            updated_at=data.get("updated_at"),
        )

    def to_dict(self) -> dict[str, Any]:
        """The exchange format; keys with empty values are left out."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "id": self.id,
            "number": self.number,
            "revision": self.revision,
            "status": self.status.value,
            "services": [
                {"code": s.code, "repeat": True} if s.repeat else {"code": s.code}
                for s in self.services
            ],
            "applicant": self.applicant.to_dict(),
            "registered_address": self.registered_address.to_dict(),
            "actual_address": self.actual_address.to_dict() if self.actual_address else None,
            "household": [m.to_dict() for m in self.household],
            "payment": _drop_empty({"method": self.payment.method, "iban": self.payment.iban}),
            "documents": [{"code": d.code, "provided": d.provided} for d in self.documents],
            "attachments": [
                _drop_empty(
                    {
                        "sha256": a.sha256,
                        "filename": a.filename,
                        "media_type": a.media_type,
                        "size": a.size,
                        "document_code": a.document_code,
                    }
                )
                for a in self.attachments
            ],
            "consent": _drop_empty(
                {"given": self.consent.given, "given_at": self.consent.given_at}
            ),
            "operator": self.operator,
            "service_point": _drop_empty(
                {
                    "kind": self.service_point.kind,
                    "name": self.service_point.name,
                    "katottg": self.service_point.katottg,
                }
            ),
            "workstation": self.workstation,
            "community": self.community,
            "status_reason": self.status_reason,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }
        return _drop_empty(data)
