"""Enrolment: a workstation exchanges a one-time code, issued for its community, for a
device token (docs/protocol.md, "Enrolment"); a laptop whose answer was lost gets a new
token for the device that enrolment made, by its enrolment secret.

:class:`Enrolment` is the enrolment half of :class:`registry.accounts.Accounts`, which
mixes it in. Codes, tokens and secrets are kept only as SHA-256 hashes (:func:`hashed`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
import uuid
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from frontdesk.identifiers import check_workstation_code
from registry.db import (
    Clock,
    Database,
    applications,
    communities,
    devices,
    enrolment_codes,
    iso,
)
from registry.errors import Conflict, Forbidden, Invalid

ENROLMENT_CODE_DAYS = 7
# No 0/O, 1/I/L: a code is read aloud over the phone and typed by hand.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 12
_ATTEMPTS = 3  # an enrolment that lost a race is checked again; more than twice means a bug
# The laptop's enrolment secret (docs/protocol.md, "Enrolment"): random, 32 bytes or so.
SECRET_MIN_LENGTH = 32
SECRET_MAX_LENGTH = 200
log = logging.getLogger("registry.enrolment")


def hashed(text: str) -> str:
    """How a secret a device holds is kept: its SHA-256 (codes, tokens, the admin token)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def matches(proof: str, stored: str | None) -> bool:
    """A hash shown against one kept (in constant time); never for an empty one."""
    return bool(proof and stored and hmac.compare_digest(proof, stored))


class _Raced(Exception):
    """A device changed between reading and writing it (revoked at that instant): the
    enrolment is checked again from the start."""


def normalise_code(code: str) -> str:
    """Enrolment codes are compared without case, spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4))


def _enrolled(conn: Connection, token: str, device_id: str, community: str) -> dict[str, Any]:
    name = conn.execute(
        sa.select(communities.c.name).where(communities.c.code == community)
    ).scalar_one()
    return {"token": token, "device_id": device_id, "community": {"code": community, "name": name}}


class Enrolment:
    """Enrolment codes issued, and spent on a device (see :meth:`enrol`)."""

    if TYPE_CHECKING:  # what these methods use of the Accounts they are mixed into
        _db: Database
        _clock: Clock

        def community(self, code: str) -> dict[str, str]: ...

        def _now(self) -> str: ...

    def issue_enrolment_code(
        self, community: str, days: int = ENROLMENT_CODE_DAYS
    ) -> dict[str, Any]:
        """A one-time code for one workstation of ``community``; only its hash is kept."""
        found = self.community(community)
        code = _new_code()
        now = self._clock()
        expires = now + dt.timedelta(days=days)
        with self._db.write() as conn:
            conn.execute(
                enrolment_codes.insert().values(
                    code_hash=hashed(normalise_code(code)),
                    community=found["code"],
                    created_at=iso(now),
                    expires_at=iso(expires),
                )
            )
        return {
            "code": code,
            "community": found["code"],
            "community_name": found["name"],
            "expires_at": iso(expires),
        }

    def enrol(
        self,
        code: str,
        workstation: str = "",
        community: str = "",
        held_token: str = "",
        secret: str = "",
    ) -> dict[str, Any]:
        """Exchange a one-time code for a device token (returned once, stored hashed).

        A workstation that says its community gets the code refused, and left unused, when
        the code was issued for another one. A workstation code is held by one active
        device at a time: another laptop asking for it is refused (the code stays unused)
        until the admin revokes the device holding it. The same laptop enrolling again
        shows its current token (``held_token``): it takes its code over, and its old
        token stops working.

        ``secret`` is the laptop's enrolment secret (kept hashed with the device). When
        the answer to an enrolment was lost, the laptop has no token; asking again with
        the same secret, with the code that enrolment spent (until it expires) or with a
        new code for the same workstation, it gets a new token for the device that
        enrolment made (the token never received stops working). A laptop with another
        secret, or none, is answered as before.
        """
        workstation = workstation.strip().upper()
        if workstation and check_workstation_code(workstation):
            raise Invalid(f"Not a workstation code: {workstation!r}", code="workstation.invalid")
        if secret and not SECRET_MIN_LENGTH <= len(secret) <= SECRET_MAX_LENGTH:
            raise Invalid(
                f"An enrolment secret has {SECRET_MIN_LENGTH} to {SECRET_MAX_LENGTH} characters",
                code="enrolment.secret",
            )
        # Two enrolments racing for one workstation code both pass the checks below; the
        # database's unique index lets one of them store its device, and the other, tried
        # again, is refused by the checks as if it had come second.
        for attempt in range(_ATTEMPTS):
            try:
                return self._enrol(code, workstation, community, held_token, secret)
            except (IntegrityError, _Raced):
                if attempt == _ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _enrol(
        self, code: str, workstation: str, community: str, held_token: str, secret: str
    ) -> dict[str, Any]:
        invalid = Forbidden(
            "The enrolment code is unknown, used or expired", code="enrolment.invalid"
        )
        token = secrets.token_urlsafe(32)
        device_id = str(uuid.uuid4())
        now = self._now()
        code_hash = hashed(normalise_code(code))
        secret_proof = hashed(secret) if secret else ""
        with self._db.write() as conn:
            row = conn.execute(
                sa.select(enrolment_codes)
                .where(enrolment_codes.c.code_hash == code_hash)
                .with_for_update()
            ).first()
            if row is None or row.expires_at <= now:
                raise invalid
            if row.used_at is not None:
                # Spent: by this laptop, whose answer was lost, if it shows the secret of
                # the device the code made (still active, with the workstation code asked).
                spent_on = conn.execute(
                    sa.select(devices.c.workstation, devices.c.enrolment_secret_hash).where(
                        devices.c.id == row.device_id, devices.c.revoked_at.is_(None)
                    )
                ).first()
                if (
                    spent_on is None
                    or not matches(secret_proof, spent_on.enrolment_secret_hash)
                    or spent_on.workstation != workstation
                    or community.strip().upper() not in ("", row.community)
                ):
                    raise invalid
                return self._answer_lost(conn, row.device_id, token, row.community)
            if community.strip() and community.strip().upper() != row.community:
                raise Conflict(
                    f"The enrolment code was issued for community {row.community}, not "
                    f"{community.strip()}",
                    code="enrolment.other_community",
                    community=row.community,
                )
            if workstation:
                # Application numbers start with the workstation code and are unique
                # registry-wide: one code belongs to one community (a replacement laptop
                # of the same community may take it over). A device revoked before it
                # delivered anything numbered nothing: its code is free again.
                active = conn.execute(
                    sa.select(devices.c.id).where(
                        devices.c.workstation == workstation,
                        devices.c.community != row.community,
                        devices.c.revoked_at.is_(None),
                    )
                ).first()
                elsewhere = (
                    active
                    or conn.execute(
                        sa.select(applications.c.id)
                        .where(
                            applications.c.number.startswith(workstation + "-", autoescape=True),
                            applications.c.community != row.community,
                        )
                        .limit(1)
                    ).first()
                )
                if elsewhere is not None:
                    # Revoking the device there does not free the code once it numbered
                    # applications: the way forward is this laptop's own code.
                    raise Conflict(
                        f"Workstation code {workstation} is already used in another community "
                        "(a device there holds it, or applications there are numbered with it, "
                        "even if that device is revoked): choose another workstation code for "
                        "this laptop (frontdesk set-workstation CODE) and enrol again; the "
                        "enrolment code is still unused",
                        code="workstation.taken",
                    )
                # Two laptops with one code would issue the same application numbers:
                # one active device per code. The laptop holding it may enrol again.
                holder = conn.execute(
                    sa.select(
                        devices.c.id,
                        devices.c.enrolled_at,
                        devices.c.token_hash,
                        devices.c.enrolment_secret_hash,
                    )
                    .where(
                        devices.c.workstation == workstation,
                        devices.c.community == row.community,
                        devices.c.revoked_at.is_(None),
                    )
                    .order_by(devices.c.enrolled_at)
                ).all()
                proof = hashed(held_token) if held_token else ""
                by_token = [held for held in holder if matches(proof, held.token_hash)]
                for held in holder:
                    if not (
                        matches(proof, held.token_hash)
                        or matches(secret_proof, held.enrolment_secret_hash)
                    ):
                        raise Conflict(
                            f"Workstation code {workstation} is held by active device {held.id} "
                            f"(enrolled {held.enrolled_at}). Two laptops with one code would "
                            "issue the same application numbers. If this is a replacement "
                            "laptop, revoke the old one first: frontdesk-registry device "
                            f"revoke {held.id}; the enrolment code is still unused.",
                            code="workstation.in_use",
                            workstation=workstation,
                            device_id=held.id,
                            enrolled_at=held.enrolled_at,
                        )
                if holder and not by_token:
                    # This laptop, by its secret: the device an enrolment whose answer was
                    # lost made. The new code is spent on that device, which gets a token.
                    *older, device = holder
                    self._spend(conn, code_hash, device.id, now, invalid)
                    if older:  # (only where an older registry let two devices share a code)
                        conn.execute(
                            devices.update()
                            .where(devices.c.id.in_([held.id for held in older]))
                            .values(revoked_at=now)
                        )
                    return self._answer_lost(conn, device.id, token, row.community)
                if holder:  # this laptop itself, enrolling again: its old token is retired
                    conn.execute(
                        devices.update()
                        .where(
                            devices.c.id.in_([held.id for held in holder]),
                            devices.c.revoked_at.is_(None),
                        )
                        .values(revoked_at=now)
                    )
            self._spend(conn, code_hash, device_id, now, invalid)
            conn.execute(
                devices.insert().values(
                    id=device_id,
                    community=row.community,
                    workstation=workstation,
                    token_hash=hashed(token),
                    enrolled_at=now,
                    enrolment_secret_hash=secret_proof or None,
                )
            )
            return _enrolled(conn, token, device_id, row.community)

    @staticmethod
    def _spend(
        conn: Connection, code_hash: str, device_id: str, now: str, invalid: Forbidden
    ) -> None:
        used = conn.execute(
            enrolment_codes.update()
            .where(enrolment_codes.c.code_hash == code_hash, enrolment_codes.c.used_at.is_(None))
            .values(used_at=now, device_id=device_id)
        )
        if used.rowcount != 1:
            raise invalid

    @staticmethod
    def _answer_lost(
        conn: Connection, device_id: str, token: str, community: str
    ) -> dict[str, Any]:
        """A new token for ``device_id``, whose enrolment answer (and token) never reached
        the laptop; the token it was given then stops working."""
        rotated = conn.execute(
            devices.update()
            .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
            .values(token_hash=hashed(token))
        )
        if rotated.rowcount != 1:
            raise _Raced(device_id)  # revoked meanwhile: checked again
        log.info("device %s enrolled again with its enrolment secret", device_id)
        return _enrolled(conn, token, device_id, community)
