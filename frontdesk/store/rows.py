"""How applications are read back: stored rows to objects, journal lines, search terms.

The pure half of the store (no connection here): :mod:`frontdesk.store.applications`
writes and queries with these.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from frontdesk.document import content_json
from frontdesk.identifiers import (
    SEQUENCE_DIGITS,
    check_birth_certificate,
    clean_number,
    fix_cyrillic_series,
    normalize_birth_certificate,
    number_parts,
)
from frontdesk.model import Application, DocumentType, Status
from frontdesk.store.entry import day_starts
from frontdesk.text import CANONICAL_APOSTROPHE, name_keys, search_key, search_terms

DOCUMENT_COLUMNS = "document, status, status_reason, updated_at"


def from_row(document: str, status: str, reason: str, updated_at: str) -> Application:
    """An application from its stored row: the content JSON plus the columns that change
    after it was sent (status, reason, last update), kept apart so a status change is
    one small UPDATE."""
    data = json.loads(document)
    data["status"] = status
    data["updated_at"] = updated_at
    if reason:
        data["status_reason"] = reason
    return Application.from_dict(data)


def row_values(app: Application, former_numbers: Sequence[str] = ()) -> dict[str, Any]:
    """The ``applications`` row of an application: its content JSON and the columns the
    journal, the filters and the search index read (``former_numbers``: see
    :func:`search_ids`)."""
    person = app.applicant
    name_key, name_sort = name_keys(person.full_name)
    return {
        "id": app.id,
        "number": app.number,
        "revision": app.revision,
        "status": app.status.value,
        "status_reason": app.status_reason,
        "services": " " + " ".join(app.service_codes) + " ",
        "applicant_name": person.full_name,
        "name_key": name_key,
        "name_sort": name_sort,
        "rnokpp": person.rnokpp or None,
        "search_ids": search_ids(app, former_numbers),
        "operator": app.operator,
        "created_at": app.created_at,
        "updated_at": app.updated_at,
        "document": content_json(app.to_dict()),
    }


def summary(row: tuple[Any, ...]) -> Summary:
    return Summary(
        id=row[0],
        number=row[1],
        revision=row[2],
        status=Status(row[3]),
        services=tuple(row[4].split()),
        applicant_name=row[5],
        rnokpp=row[6] or "",
        created_at=row[7],
        updated_at=row[8],
        not_accepted=bool(row[9]),
        personal_data_removed=bool(row[10]),
        rowid=int(row[11]),
        name_sort=str(row[12]),
    )


def query_terms(text: str) -> list[str]:
    """What the worker typed as FTS5 expressions, each of which must match: a term's
    beginning ("ков" → ``"ков"*``); a double surname ("Петренко-Коваль") is two terms.

    An application number is one term, typed as a resident reads it from the receipt:
    whole or its beginning ("ZT01-2026-000042", "ZT01-2026"), with spaces, an en dash, a
    slash or "№" ("№ ZT01 2026 000042", "2026/000042"), its sequence without the zeros
    ("ZT01-2026-42"), its year and sequence ("2026-000042", "2026-0000"), or the sequence
    alone ("42", "000042").
    A number alone also finds the identifiers that begin with it (a РНОКПП's first
    digits), as before; the sequence without its zeros is matched whole ("42" finds
    №…-000042, not …-000420), so it adds one application a series, not hundreds.
    """
    typed = clean_number(text)  # (copied from the end of a sentence: its full stop along)
    number = _number_alternatives(typed)
    if number:
        return [_any_of(number)]
    return [_any_of(_term_alternatives(term)) for term in _plain_terms(typed)]


_CODE = re.compile(r"^[a-z0-9]{2,12}$")
# A term no query matches by chance: search_key drops every apostrophe from what is
# typed, while FTS5 reads U+02BC as a letter. A number's year and sequence are indexed
# behind it ("ʼ2026000042"): bare, "2026" typed (a РНОКПП's beginning, for someone born
# in 1955) would match every application of the year.
_YEAR_MARK = CANONICAL_APOSTROPHE
_SEQUENCE_DIGITS = SEQUENCE_DIGITS

Alternative = tuple[str, bool]  # an indexed term, and whether it is a beginning


def _number_alternatives(typed: str) -> list[Alternative]:
    """How an application number typed in parts (CODE-YYYY-NNNNNN, CODE-YYYY, YYYY-NNNNNN,
    or their beginnings) is indexed; [] for anything else. Digit groups alone may be an
    identifier typed in groups ("3012 345 678"): its digits together are one more."""
    parts = [part.lower() for part in number_parts(typed)]  # (read as the registry reads it)
    if not 2 <= len(parts) <= 3 or not all(p.isascii() and p.isalnum() for p in parts):
        return []
    if not all(p.isdigit() for p in parts[1:]):
        return []
    code, year = parts[0], parts[1]
    found: list[Alternative] = []
    if code.isdigit():
        found.append(("".join(parts), True))
    if _CODE.match(code) and len(parts) == 3 and len(year) == 4:
        found += _sequence(code + year, parts[2])
    elif _CODE.match(code) and len(parts) == 2 and len(year) <= 4 and not code.isdigit():
        found.append((code + year, True))
    if len(parts) == 2 and len(code) == 4 and code.isdigit():
        found += _sequence(_YEAR_MARK + code, year)
    return found


def _sequence(before: str, sequence: str) -> list[Alternative]:
    """A sequence as typed (the beginning of one), and with its zeros (one whole)."""
    if len(sequence) > _SEQUENCE_DIGITS:
        return []
    found = [(before + sequence, True)]
    if len(sequence) < _SEQUENCE_DIGITS and sequence.strip("0"):
        found.append((before + sequence.zfill(_SEQUENCE_DIGITS), False))
    return found


def _term_alternatives(term: str) -> list[Alternative]:
    if term.isascii() and term.isdigit() and len(term) < _SEQUENCE_DIGITS and term.strip("0"):
        return [(term, True), (term.zfill(_SEQUENCE_DIGITS), False)]  # "42": …-000042 too
    return [(term, True)]


def _any_of(alternatives: list[Alternative]) -> str:
    """An FTS5 expression (every term is letters and digits: nothing to escape)."""
    phrases = [f'"{term}"*' if beginning else f'"{term}"' for term, beginning in alternatives]
    unique = list(dict.fromkeys(phrases))
    return unique[0] if len(unique) == 1 else "(" + " OR ".join(unique) + ")"


def _plain_terms(typed: str) -> list[str]:
    certificate = normalize_birth_certificate(typed)
    if check_birth_certificate(certificate) is None:  # "I-ТП 548213", "1-ТП548213": one key
        return [_key(certificate)]
    terms = search_terms(typed)
    if len(terms) > 1 and all(term.isdigit() for term in terms):
        return ["".join(terms)]  # a РНОКПП or document number typed in groups
    if len(terms) == 2 and _SERIES.match(terms[0]) and terms[1].isdigit():
        terms = [terms[0] + terms[1]]  # a passport as printed: "МК 412356"
    return [_cyrillic_passport(term) for term in terms]


_SERIES = re.compile(r"^[^\W\d_]{2}$")
_LATIN_PASSPORT = re.compile(r"^[a-z]{2}\d{6}$", re.ASCII)


def _cyrillic_passport(term: str) -> str:
    """A passport number typed with Latin look-alikes ("MK412356") as it is stored."""
    if _LATIN_PASSPORT.match(term):
        return fix_cyrillic_series(term[:2].upper()).lower() + term[2:]
    return term


def search_ids(app: Application, former_numbers: Sequence[str] = ()) -> str:
    """Identifier terms: the number whole, its sequence, its year and sequence (behind a
    mark: query_terms), the same of each number it had before (a receipt handed over
    names it: frontdesk.store.writing.former_numbers), and the person's identifiers."""
    numbers = (app.number, *(n for n in former_numbers if n != app.number))
    terms = [term for number in numbers for term in number_terms(number)]
    return " ".join(v for v in (*terms, *person_keys(app)) if v)


def number_terms(number: str) -> tuple[str, str, str]:
    """A number's search terms: whole, its sequence, its year and sequence."""
    compact_number = number.replace("-", "").lower()
    parts = number.split("-")
    sequence = parts[-1]
    year_and_sequence = ""
    if len(parts) == 3 and parts[1].isdigit() and sequence.isdigit():
        year_and_sequence = _YEAR_MARK + parts[1] + sequence
    return compact_number, sequence, year_and_sequence


def person_keys(app: Application) -> list[str]:
    """Search terms that identify the applicant: РНОКПП, УНЗР, identity document number."""
    person = app.applicant
    values = [person.rnokpp, person.unzr]
    if person.document:
        # One key however the letters were typed: a query's Latin look-alikes are made
        # Cyrillic (_cyrillic_passport), and a foreign passport's series stays Latin.
        number = person.document.full_number
        birth_certificate = person.document.type == DocumentType.BIRTH_CERTIFICATE
        values.append(number if birth_certificate else fix_cyrillic_series(number))
    # Letters and digits only, whatever a draft holds (a stray quote would break a MATCH).
    keys = (_key(value) for value in values)
    return [key for key in keys if key]


def _key(identifier: str) -> str:
    plain = identifier.replace("-", "")
    if plain.isascii() and plain.isdigit():
        return plain  # a РНОКПП, an УНЗР, an ID card number as written: already a key
    return search_key(identifier).replace(" ", "")


@dataclass(frozen=True)
class Summary:
    """One line of the journal."""

    id: str
    number: str
    revision: int
    status: Status
    services: tuple[str, ...]
    applicant_name: str
    rnokpp: str
    created_at: str
    updated_at: str
    not_accepted: bool = False  # the registry refused this revision: the worker must fix it
    personal_data_removed: bool = False  # decided long ago (frontdesk.store.retention)
    # Where the line stood in the journal's order when it was read: the next page is read
    # from after it (not from a row count, which rows decided meanwhile would shift).
    rowid: int = 0
    name_sort: str = ""

    @property
    def correcting(self) -> bool:
        """A correction of a returned application, begun and not sent yet."""
        return self.status is Status.DRAFT and self.revision > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "revision": self.revision,
            "status": self.status.value,
            "services": list(self.services),
            "applicant_name": self.applicant_name,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "not_accepted": self.not_accepted,
            "personal_data_removed": self.personal_data_removed,
        }


@dataclass(frozen=True)
class Filter:
    """What the journal asks for; every part is optional."""

    text: str = ""
    status: str | None = None
    service: str | None = None
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    not_accepted: bool = False  # only what the registry refused (quarantined in the outbox)
    # With ``status`` "ready": what the registry refused too (the journal sorted by status
    # lists them with what waits to be sent; the filter "waiting to be sent" does not).
    refused_too: bool = False
    # With ``status`` "returned": only that status. Otherwise the corrections begun and not
    # sent yet (drafts of a later revision) are found with the returned ones too: the
    # worker looks for a returned case there until its correction is sent.
    exact_status: bool = False


# A correction in progress: a draft of a later revision (start_revision begins one only
# from a returned application).
CORRECTING = "(a.status = 'draft' AND a.revision > 1)"


def _after(order: str, line: Summary, key: str) -> tuple[str, list[Any]]:
    """What comes after ``line`` in ``order`` (ties of a name: newest first, as ORDERS)."""
    if order == "oldest":
        return f"{key} > ?", [line.rowid]
    if order in ("name", "name_desc"):
        beyond = ">" if order == "name" else "<"
        clause = f"(a.name_sort {beyond} ? OR (a.name_sort = ? AND a.rowid < ?))"
        return clause, [line.name_sort, line.name_sort, line.rowid]
    if order in ("number", "number_desc"):
        return f"a.number {'>' if order == 'number' else '<'} ?", [line.number]
    return f"{key} < ?", [line.rowid]  # newest first


# Refused revisions wait in the outbox as 'quarantined' (few): the filter reads that
# list; a journal line looks its own application up in the outbox's unique index.
_REFUSED = "SELECT application_id FROM outbox WHERE state = 'quarantined'"
SUMMARY_COLUMNS = (
    "a.id, a.number, a.revision, a.status, a.services, a.applicant_name, a.rnokpp, "
    "a.created_at, a.updated_at, EXISTS (SELECT 1 FROM outbox o "
    "WHERE o.application_id = a.id AND o.state = 'quarantined'), a.purged_at IS NOT NULL, "
    "a.rowid, a.name_sort"
)
ORDERS = {
    "newest": "a.rowid DESC",
    "oldest": "a.rowid ASC",
    "name": "a.name_sort ASC, a.rowid DESC",
    "name_desc": "a.name_sort DESC, a.rowid DESC",
    "number": "a.number ASC",
    "number_desc": "a.number DESC",
}
# Sorted by status, the journal lists the statuses in the order an application lives
# through them (not their codes' alphabet), the newest first within each: a page is read
# status by status, each from the status index (ApplicationStore.search).
LIFECYCLE = (
    Status.DRAFT,
    Status.READY,
    Status.SENT,
    Status.ACCEPTED,
    Status.RETURNED,
    Status.GRANTED,
    Status.REFUSED,
)
BY_STATUS = {"status": LIFECYCLE, "status_desc": tuple(reversed(LIFECYCLE))}


def filtered_query(
    where: Filter, columns: str, *, order: str = "newest", after: Summary | None = None
) -> tuple[str, list[Any]]:
    """SELECT ``columns`` for what the journal asks: FTS match, status, service, dates;
    with ``after``, only the lines that come after that one in ``order`` (:data:`ORDERS`)."""
    clauses: list[str] = []
    params: list[Any] = []
    terms = query_terms(where.text)
    if terms:
        source = "applications_fts f JOIN applications a ON a.rowid = f.rowid"
        clauses.append("applications_fts MATCH ?")
        params.append(" AND ".join(terms))
        key = "f.rowid"  # a range the search index narrows by itself
    else:
        source = "applications a"
        key = "a.rowid"
    if where.status == Status.RETURNED.value and not where.exact_status:
        clauses.append(f"(a.status = ? OR {CORRECTING})")
        params.append(where.status)
    elif where.status:
        clauses.append("a.status = ?")
        params.append(where.status)
        if where.status == Status.READY.value and not (where.not_accepted or where.refused_too):
            # Waiting to be sent: not what the registry refused, which waits for a fix.
            clauses.append(f"a.id NOT IN ({_REFUSED})")
    if where.not_accepted:
        clauses.append(f"a.id IN ({_REFUSED})")
    if where.service:
        clauses.append("a.services LIKE ?")
        params.append(f"% {where.service} %")
    if where.created_from:
        clauses.append(f"{key} >= ?")
        params.append(day_starts(where.created_from))
    if where.created_to:
        clauses.append(f"{key} < ?")
        params.append(day_starts(where.created_to + dt.timedelta(days=1)))
    if after is not None:
        clause, values = _after(order, after, key)
        clauses.append(clause)
        params += values
    sql = f"SELECT {columns} FROM {source}"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return sql, params
