"""One application by the number an officer typed: in full, or its year and sequence
only when they name one application."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from frontdesk.identifiers import canonical_number, year_and_sequence
from registry.db import applications
from registry.errors import Invalid, NotFound

MAX_SAME_SEQUENCE = 5  # applications named in the error when a year and sequence are not enough


def like_literal(text: str) -> str:
    """``text`` matched as itself in a LIKE pattern whose escape is a backslash."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_application(conn: Connection, typed: str, *, lock: bool = False) -> Any:
    """The application row ``typed`` names (locked for update with ``lock``)."""
    number = canonical_number(typed)
    if number is None:  # its year and sequence only: the one application they name
        year_sequence = year_and_sequence(typed)
        found = (
            conn.execute(
                sa.select(applications.c.number)
                .where(applications.c.number.like(f"%-{like_literal(year_sequence)}", escape="\\"))
                .order_by(applications.c.number)
                .limit(MAX_SAME_SEQUENCE + 1)
            )
            .scalars()
            .all()
            if year_sequence
            else []
        )
        if len(found) > 1:
            shown = ", ".join(found[:MAX_SAME_SEQUENCE])
            more = ", …" if len(found) > MAX_SAME_SEQUENCE else ""
            raise Invalid(
                f"{typed.strip()} names more than one application ({shown}{more}): "
                "give the whole number",
                code="application.ambiguous",
                uk=f"{typed.strip()} — це номер кількох заяв ({shown}{more}): "
                "вкажіть номер повністю",
            )
        number = found[0] if found else typed.strip().upper()
    query = sa.select(applications).where(applications.c.number == number)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound(
            f"No application {typed.strip()}",
            code="application.unknown",
            uk=f"Немає заяви {typed.strip()}",
        )
    return row
