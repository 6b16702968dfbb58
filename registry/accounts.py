"""Who may talk to the registry: communities, enrolment codes, devices, the admin token.

Secrets a device holds are stored only as SHA-256 hashes: a copy of the
database does not let anyone act as a workstation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from frontdesk.identifiers import check_katottg_format, check_workstation_code
from registry.db import (
    Clock,
    Database,
    admin_tokens,
    applications,
    communities,
    devices,
    enrolment_codes,
    iso,
    utc_now,
)
from registry.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized

ENROLMENT_CODE_DAYS = 7
# No 0/O, 1/I/L: a code is read aloud over the phone and typed by hand.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 12
_ATTEMPTS = 3  # an enrolment that lost a race is checked again; more than twice means a bug
# The laptop's enrolment secret (docs/protocol.md, "Enrolment"): random, 32 bytes or so.
SECRET_MIN_LENGTH = 32
SECRET_MAX_LENGTH = 200
log = logging.getLogger("registry.accounts")


@dataclass(frozen=True)
class Device:
    id: str
    community: str
    workstation: str


_ADMIN_HASH = "sha256:"  # how a stored admin token's hash begins (earlier: the token)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _matches(proof: str, stored: str | None) -> bool:
    return bool(proof and stored and hmac.compare_digest(proof, stored))


class _Raced(Exception):
    """A device changed between reading and writing it (revoked at that instant): the
    enrolment is checked again from the start."""


def normalise_code(code: str) -> str:
    """Enrolment codes are compared without case, spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


_DEVICE_COLUMNS = (
    devices.c.id,
    devices.c.community,
    devices.c.workstation,
    devices.c.enrolled_at,
    devices.c.revoked_at,
)


def _device_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "community": row.community,
        "workstation": row.workstation,
        "enrolled_at": row.enrolled_at,
        "revoked_at": row.revoked_at,
    }


def _new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4))


def _enrolled(conn: Connection, token: str, device_id: str, community: str) -> dict[str, Any]:
    name = conn.execute(
        sa.select(communities.c.name).where(communities.c.code == community)
    ).scalar_one()
    return {"token": token, "device_id": device_id, "community": {"code": community, "name": name}}


class Accounts:
    def __init__(self, db: Database, clock: Clock = utc_now, admin_token: str | None = None):
        self._db = db
        self._clock = clock
        self._fixed_admin_token = admin_token  # FRONTDESK_REGISTRY_ADMIN_TOKEN, when set

    # --- communities ---------------------------------------------------------

    def add_community(self, code: str, name: str) -> dict[str, str]:
        """Add a community; adding the same code with the same name again is a no-op."""
        code = code.strip().upper()
        name = " ".join(name.split())
        if check_katottg_format(code):
            raise Invalid(f"Not a КАТОТТГ code: {code!r} (UA and 17 digits)", code="community.code")
        if not name:
            raise Invalid("A community needs a name", code="community.name")
        try:
            with self._db.write() as conn:
                conn.execute(
                    communities.insert().values(code=code, name=name, created_at=self._now())
                )
        except IntegrityError:
            existing = self.community(code)
            if existing["name"] != name:
                raise Conflict(
                    f"Community {code} exists with another name: {existing['name']}",
                    code="community.exists",
                ) from None
        return {"code": code, "name": name}

    def community(self, code: str) -> dict[str, str]:
        with self._db.read() as conn:
            row = conn.execute(
                sa.select(communities.c.code, communities.c.name).where(
                    communities.c.code == code.strip().upper()
                )
            ).first()
        if row is None:
            raise NotFound(f"No community {code}", code="community.unknown")
        return {"code": row.code, "name": row.name}

    def list_communities(self) -> list[dict[str, str]]:
        with self._db.read() as conn:
            rows = conn.execute(
                sa.select(communities.c.code, communities.c.name).order_by(communities.c.code)
            ).all()
        return [{"code": r.code, "name": r.name} for r in rows]

    # --- enrolment -----------------------------------------------------------

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
                    code_hash=_sha256(normalise_code(code)),
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
        code_hash = _sha256(normalise_code(code))
        secret_proof = _sha256(secret) if secret else ""
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
                    or not _matches(secret_proof, spent_on.enrolment_secret_hash)
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
                    raise Conflict(
                        f"Workstation code {workstation} is used in another community",
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
                proof = _sha256(held_token) if held_token else ""
                by_token = [held for held in holder if _matches(proof, held.token_hash)]
                for held in holder:
                    if not (
                        _matches(proof, held.token_hash)
                        or _matches(secret_proof, held.enrolment_secret_hash)
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
                    token_hash=_sha256(token),
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
            .values(token_hash=_sha256(token))
        )
        if rotated.rowcount != 1:
            raise _Raced(device_id)  # revoked meanwhile: checked again
        log.info("device %s enrolled again with its enrolment secret", device_id)
        return _enrolled(conn, token, device_id, community)

    def device_for_token(self, token: str) -> Device:
        with self._db.read() as conn:  # every request: plain SQL, no statement building
            row = conn.exec_driver_sql(
                "SELECT id, community, workstation FROM devices "
                f"WHERE token_hash = {self._db.placeholders(1)} AND revoked_at IS NULL",
                (_sha256(token),),
            ).first()
        if row is None:
            raise Unauthorized("Unknown or revoked device token: enrol this workstation again")
        return Device(row.id, row.community, row.workstation)

    # --- devices -------------------------------------------------------------

    def list_devices(self, community: str | None = None) -> list[dict[str, Any]]:
        """Enrolled workstations (revoked ones too), oldest first; never their tokens."""
        query = sa.select(*_DEVICE_COLUMNS).order_by(devices.c.enrolled_at, devices.c.id)
        if community is not None:
            query = query.where(devices.c.community == self.community(community)["code"])
        with self._db.read() as conn:
            rows = conn.execute(query).all()
        return [_device_dict(row) for row in rows]

    def revoke_device(self, device_id: str) -> dict[str, Any]:
        """Stop a device's token from working (a lost or stolen laptop, say).

        Its next request gets 401 and the workstation asks to be enrolled again;
        what it delivered before stays. Revoking a revoked device changes nothing.
        """
        device_id = device_id.strip().lower()
        with self._db.write() as conn:
            workstation = device_id.upper()
            if not check_workstation_code(workstation):  # "ZT01": the device holding it
                held = conn.execute(
                    sa.select(devices.c.id).where(
                        devices.c.revoked_at.is_(None), devices.c.workstation == workstation
                    )
                ).scalars()
                found = sorted(held)
                if len(found) != 1:
                    raise NotFound(
                        f"No active device holds workstation code {workstation}"
                        if not found
                        else f"Workstation code {workstation} is held by {len(found)} active "
                        f"devices ({', '.join(found)}): revoke them by id",
                        code="device.unknown",
                    )
                device_id = found[0]
            conn.execute(
                devices.update()
                .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
                .values(revoked_at=self._now())
            )
            row = conn.execute(sa.select(*_DEVICE_COLUMNS).where(devices.c.id == device_id)).first()
            if row is None:
                raise NotFound(f"No device {device_id}", code="device.unknown")
        return _device_dict(row)

    # --- admin ---------------------------------------------------------------

    def new_admin_token(self, *, replace: bool = False) -> str:
        """Make the back office's token and return it; only its hash is kept (a copy of the
        database, or of its backups, is no key to the API). One made before is replaced
        only when asked: it stops working then. Raises :class:`Conflict` otherwise."""
        token = secrets.token_urlsafe(32)
        row = {"id": 1, "token": _ADMIN_HASH + _sha256(token), "created_at": self._now()}
        with self._db.write() as conn:
            exists = conn.execute(sa.select(admin_tokens.c.id)).first() is not None
            if exists and not replace:
                raise Conflict(
                    "An admin token was made before; it is kept only as a hash and cannot be "
                    "shown again. `frontdesk-registry admin-token --new` makes another (the "
                    "old one then stops working)",
                    code="admin_token.exists",
                )
            conn.execute(admin_tokens.delete())
            try:
                conn.execute(admin_tokens.insert().values(**row))
            except IntegrityError:  # another `admin-token` at the same moment made one
                raise Conflict(
                    "Another admin token was being made at the same moment: run the "
                    "command again with --new if this one is wanted",
                    code="admin_token.exists",
                ) from None
        return token

    def check_admin(self, token: str) -> None:
        if self._fixed_admin_token:
            if token and hmac.compare_digest(token.encode(), self._fixed_admin_token.encode()):
                return
            raise Unauthorized("This call needs the admin token")
        with self._db.read() as conn:
            stored = conn.execute(sa.select(admin_tokens.c.token)).scalar()
        if not stored:
            raise Unauthorized(
                "No admin token has been made yet: run `frontdesk-registry admin-token`"
            )
        stored = str(stored)
        if not stored.startswith(_ADMIN_HASH):  # kept readable by an earlier version
            if token and hmac.compare_digest(token.encode(), stored.encode()):
                self._hash_stored_admin_token(stored)
                return
            raise Unauthorized("This call needs the admin token")
        given = _ADMIN_HASH + _sha256(token or "")
        if not token or not hmac.compare_digest(given.encode(), stored.encode()):
            raise Unauthorized("This call needs the admin token")

    def _hash_stored_admin_token(self, readable: str) -> None:
        """An admin token an earlier version kept readable: its hash takes its place (the
        back office goes on using the same token)."""
        with self._db.write() as conn:
            conn.execute(
                admin_tokens.update()
                .where(admin_tokens.c.token == readable)
                .values(token=_ADMIN_HASH + _sha256(readable))
            )

    def _now(self) -> str:
        return iso(self._clock())
