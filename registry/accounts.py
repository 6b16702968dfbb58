"""Who may talk to the registry: communities, devices, the admin token (enrolment, a
workstation exchanging a one-time code for its device token, is :mod:`registry.enrolment`).

Secrets a device holds are stored only as SHA-256 hashes: a copy of the
database does not let anyone act as a workstation.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from frontdesk.identifiers import check_katottg_format, check_workstation_code, compact_code
from registry import revocations
from registry.db import (
    Clock,
    Database,
    admin_tokens,
    communities,
    devices,
    iso,
    utc_now,
)
from registry.enrolment import Enrolment, hashed
from registry.errors import Conflict, Invalid, NotFound, Unauthorized


@dataclass(frozen=True)
class Device:
    id: str
    community: str
    workstation: str


MAX_COMMUNITY_NAME = 200  # communities.name
_ADMIN_HASH = "sha256:"  # how a stored admin token's hash begins (earlier: the token)


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


class Accounts(Enrolment):
    def __init__(
        self,
        db: Database,
        clock: Clock = utc_now,
        admin_token: str | None = None,
        *,
        revocations: Path | None = None,
    ):
        self._db = db
        self._clock = clock
        self._fixed_admin_token = admin_token  # FRONTDESK_REGISTRY_ADMIN_TOKEN, when set
        # The attachments folder, whose log keeps revocations too (registry.revocations).
        self.revocations = revocations

    # --- communities ---------------------------------------------------------

    def add_community(self, code: str, name: str) -> dict[str, str]:
        """Add a community; adding the same code with the same name again is a no-op."""
        code = compact_code(code)  # (a Cyrillic look-alike read as the Latin letter)
        name = " ".join(name.split())
        if check_katottg_format(code):
            raise Invalid(
                f"Not a КАТОТТГ code: {code!r} (UA and 17 digits)",
                code="community.code",
                uk=f"Не код КАТОТТГ: {code!r} (UA і 17 цифр)",
            )
        if not name:
            raise Invalid(
                "A community needs a name", code="community.name", uk="Вкажіть назву громади"
            )
        if len(name) > MAX_COMMUNITY_NAME:
            raise Invalid(
                f"A community's name is at most {MAX_COMMUNITY_NAME} characters, not {len(name)}",
                code="community.name",
                uk=f"Назва громади — щонайбільше {MAX_COMMUNITY_NAME} символів, а не {len(name)}",
            )
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
                    uk=f"Громада {code} уже є, з іншою назвою: {existing['name']}",
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
            # (an administrator setting up: a community is added before its codes)
            code = code.strip().upper()
            raise NotFound(
                f"No community {code}: check the code, or add the community first: "
                f"frontdesk-registry community add --name NAME {code}",
                code="community.unknown",
                uk=f"Немає громади {code}: перевірте код або спершу додайте громаду: "
                f"frontdesk-registry community add --name НАЗВА {code}",
            )
        return {"code": row.code, "name": row.name}

    def list_communities(self) -> list[dict[str, str]]:
        with self._db.read() as conn:
            rows = conn.execute(
                sa.select(communities.c.code, communities.c.name).order_by(communities.c.code)
            ).all()
        return [{"code": r.code, "name": r.name} for r in rows]

    def device_for_token(self, token: str) -> Device:
        with self._db.read() as conn:  # every request: plain SQL, no statement building
            row = conn.exec_driver_sql(
                "SELECT id, community, workstation FROM devices "
                f"WHERE token_hash = {self._db.placeholders(1)} AND revoked_at IS NULL",
                (hashed(token),),
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
                        uk=f"Жоден чинний пристрій не має коду робочого місця {workstation}"
                        if not found
                        else f"Код робочого місця {workstation} мають {len(found)} чинні "
                        f"пристрої ({', '.join(found)}): відкличте їх за ідентифікатором",
                    )
                device_id = found[0]
            now = self._now()
            done = conn.execute(
                devices.update()
                .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            if done.rowcount and self.revocations is not None:
                # Also outside the database, before it commits: a copy of it restored
                # later is revoked again when the registry opens (registry.revocations).
                token_hash = conn.execute(
                    sa.select(devices.c.token_hash).where(devices.c.id == device_id)
                ).scalar_one()
                revocations.record(self.revocations, device_id, token_hash, now)
            row = conn.execute(sa.select(*_DEVICE_COLUMNS).where(devices.c.id == device_id)).first()
            if row is None:
                raise NotFound(
                    f"No device {device_id}",
                    code="device.unknown",
                    uk=f"Немає пристрою {device_id}",
                )
        return _device_dict(row)

    # --- admin ---------------------------------------------------------------

    def new_admin_token(self, *, replace: bool = False) -> str:
        """Make the back office's token and return it; only its hash is kept (a copy of the
        database, or of its backups, is no key to the API). One made before is replaced
        only when asked: it stops working then. Raises :class:`Conflict` otherwise."""
        token = secrets.token_urlsafe(32)
        row = {"id": 1, "token": _ADMIN_HASH + hashed(token), "created_at": self._now()}
        with self._db.write() as conn:
            exists = conn.execute(sa.select(admin_tokens.c.id)).first() is not None
            if exists and not replace:
                raise Conflict(
                    "An admin token was made before; it is kept only as a hash and cannot be "
                    "shown again. `frontdesk-registry admin-token --new` makes another (the "
                    "old one then stops working)",
                    code="admin_token.exists",
                    uk="Токен адміністратора вже створено; він зберігається лише як геш, і "
                    "показати його знову неможливо. `frontdesk-registry admin-token --new` "
                    "створює інший (старий тоді перестає діяти)",
                )
            conn.execute(admin_tokens.delete())
            try:
                conn.execute(admin_tokens.insert().values(**row))
            except IntegrityError:  # another `admin-token` at the same moment made one
                raise Conflict(
                    "Another admin token was being made at the same moment: run the "
                    "command again with --new if this one is wanted",
                    code="admin_token.exists",
                    uk="Саме в цю мить створювали інший токен адміністратора: виконайте "
                    "команду знову з --new, якщо потрібен цей",
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
        given = _ADMIN_HASH + hashed(token or "")
        if not token or not hmac.compare_digest(given.encode(), stored.encode()):
            raise Unauthorized("This call needs the admin token")

    def _hash_stored_admin_token(self, readable: str) -> None:
        """An admin token an earlier version kept readable: its hash takes its place (the
        back office goes on using the same token)."""
        with self._db.write() as conn:
            conn.execute(
                admin_tokens.update()
                .where(admin_tokens.c.token == readable)
                .values(token=_ADMIN_HASH + hashed(readable))
            )

    def _now(self) -> str:
        return iso(self._clock())
