"""Operators of a workstation: logins with passwords checked offline.

Passwords are kept as scrypt hashes (stdlib ``hashlib.scrypt``, n=2**14,
r=8, p=1, 16-byte salt), never in clear; the table lives in the encrypted
database. Every change the store records names the operator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

from frontdesk.errors import InvalidInput
from frontdesk.store.audit import write_audit
from frontdesk.store.db import Database

_LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_N, _R, _P = 2**14, 8, 1
MIN_PASSWORD = 8


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(bytes.fromhex(digest)),
        )
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


class Operators:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, login: str, password: str, full_name: str = "", by: str = "") -> bool:
        """Add an operator, or set a new password for an existing one; True if it was new.

        Either is written in the access log (the audit), with ``by``: who did it.
        """
        login = login.strip().lower()
        if not _LOGIN_RE.match(login):
            raise InvalidInput(what="логін: 2–32 малі латинські літери, цифри, . _ -")
        if len(password) < MIN_PASSWORD:
            raise InvalidInput(what=f"пароль: щонайменше {MIN_PASSWORD} символів")
        with self._db.transaction() as conn:
            known = conn.execute("SELECT 1 FROM operators WHERE login = ?", (login,)).fetchone()
            write_audit(
                conn,
                by or login,
                "operator_password_set" if known else "operator_added",
                dt.datetime.now(dt.UTC),
                detail=login,
            )
            conn.execute(
                "INSERT INTO operators (login, full_name, password_hash) VALUES (?, ?, ?) "
                "ON CONFLICT (login) DO UPDATE SET password_hash = excluded.password_hash, "
                "full_name = CASE WHEN excluded.full_name != '' THEN excluded.full_name "
                "ELSE full_name END, active = 1",
                (login, full_name.strip(), hash_password(password)),
            )
        return known is None

    def check(self, login: str, password: str) -> bool:
        stored = self._db.scalar(
            "SELECT password_hash FROM operators WHERE login = ? AND active = 1",
            (login.strip().lower(),),
        )
        if stored is None:
            hash_password(password)  # same time either way: do not reveal which logins exist
            return False
        return verify_password(password, str(stored))

    def full_name(self, login: str) -> str:
        name = self._db.scalar("SELECT full_name FROM operators WHERE login = ?", (login,))
        return str(name or login)

    def logins(self) -> list[str]:
        rows = self._db.execute("SELECT login FROM operators WHERE active = 1 ORDER BY login")
        return [r[0] for r in rows.fetchall()]
