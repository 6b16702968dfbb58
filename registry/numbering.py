"""Application numbers at intake: the series a number belongs to, as the registry answers
of it. A "number taken" answer names the highest number of its series the community holds
(the workstation numbers on after it); a new number in the series of a workstation code
that an active device of another community holds is refused (that laptop would find its
numbers taken)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from registry.accounts import Device
from registry.answers import Checked, workstation_of
from registry.db import applications, devices


def name_last_numbers(
    conn: Connection,
    device: Device,
    items: Sequence[Checked | dict[str, Any]],
    answers: Sequence[dict[str, Any]],
) -> None:
    """Add ``last_number`` to each "number taken" answer: the highest number of its
    series (code and year) among the community's applications (a workstation learns
    nothing of another community). The workstation numbers on after it: a laptop
    restored from an older backup numbers again from where the backup stopped.

    Rare, so a filter on the community's rows, once per series, is enough.
    """
    highest: dict[str, str | None] = {}
    for item, answer in zip(items, answers, strict=True):
        if isinstance(item, dict) or answer.get("code") != "number.taken":
            continue
        prefix = item.app.number.rsplit("-", 1)[0] + "-"  # CODE-YYYY-
        if prefix not in highest:
            found = conn.execute(
                sa.select(sa.func.max(applications.c.number)).where(
                    applications.c.community == device.community,
                    applications.c.number.startswith(prefix, autoescape=True),
                )
            ).scalar()
            highest[prefix] = None if found is None else str(found)
        answer["last_number"] = highest[prefix]


def foreign_codes(conn: Connection, device: Device, new: Sequence[Checked]) -> frozenset[str]:
    """The workstation codes numbering ``new`` applications that an active device of
    another community holds: that laptop numbers with them, and would find its numbers
    taken. The device's own code needs no look (one active device holds a code).
    """
    codes = sorted({workstation_of(c.app.number) for c in new} - {device.workstation})
    if not codes:
        return frozenset()
    return frozenset(
        conn.execute(
            sa.select(devices.c.workstation).where(
                devices.c.workstation.in_(codes),
                devices.c.community != device.community,
                devices.c.revoked_at.is_(None),
            )
        ).scalars()
    )
