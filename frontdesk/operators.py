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
import unicodedata
from dataclasses import dataclass

from frontdesk.errors import InvalidInput
from frontdesk.store.audit import stamp, write_audit
from frontdesk.store.db import Database
from frontdesk.text import parse_stamp

_LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_N, _R, _P = 2**14, 8, 1
MIN_PASSWORD = 8
# Wrong passwords: the first few are free (a typo); from the one after them each makes the
# next try wait, twice as long as the one before, up to five minutes, kept in the database
# (a restart does not reset it). Three typos are free: the fourth wrong one makes the next
# try wait 15 s, the fifth 30 s, and so on.
FREE_TRIES = 3
FIRST_WAIT_S = 15
LONGEST_WAIT_S = 300
FORGET_AFTER = dt.timedelta(seconds=LONGEST_WAIT_S * 4)
_FAILURES_KEY = "signin.failures:"  # + login: "count last-failure-time"
# The access log's words for an operator added or given a new password
_ADDED, _RESET = "operator_added", "operator_password_set"
_RESET_UNSIGNED = "operator_password_set_without_sign_in"
_CHANGED = "operator_password_changed"  # by its owner
_REACTIVATED = "operator_reactivated"  # a deactivated one given a new password: back at work
# A right password the command line does not take: someone else set it, its owner has not
# chosen her own yet (not a wrong one: it does not count towards a wait).
_REFUSED = "sign_in_refused"
# A password someone else set (a reset, or a new login a colleague added): its owner chooses
# her own before working with it. The value: who set it.
_SET_BY_KEY = "operator.password_set_by:"  # + login
_COMMON = frozenset(
    {
        "12345678", "123456789", "1234567890", "87654321", "11111111", "00000000",
        "password", "password1", "qwerty123", "qwertyui", "12qwaszx", "1q2w3e4r",
        "йцукенгш", "пароль123", "iloveyou", "abcd1234", "admin123",
    }
)  # fmt: skip


def _normal(password: str) -> bytes:
    """A password as hashed: one Unicode form (a "ї" pasted from a file, made of two
    characters, is the "ї" a keyboard types)."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _same_name(one: str, other: str) -> bool:
    """Whether two full names are one as written (a "ї" of two characters, or spaces
    typed twice, do not make another name)."""
    return " ".join(unicodedata.normalize("NFC", one).split()) == " ".join(
        unicodedata.normalize("NFC", other).split()
    )


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(_normal(password), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored``; one set before passwords were hashed in
    one Unicode form is compared as it was typed too."""
    forms = [_normal(password)]
    if forms[0] != password.encode("utf-8"):
        forms.append(password.encode("utf-8"))
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        for form in forms:
            computed = hashlib.scrypt(
                form,
                salt=bytes.fromhex(salt),
                n=int(n),
                r=int(r),
                p=int(p),
                dklen=len(bytes.fromhex(digest)),
            )
            if hmac.compare_digest(computed.hex(), digest):
                return True
    except ValueError:
        return False
    return False


# Runs of keys or letters people take for a password ("1234567890", "qwertyuiop"): a
# password that is part of one, either way, is guessed first.
_RUNS = (
    "01234567890123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "qwertyuiopasdfghjklzxcvbnm",
    "йцукенгшщзхїфівапролджєячсмитьбю",
    "1q2w3e4r5t6y7u8i9o0p",
)


def easy_to_guess(secret: str, login: str = "") -> bool:
    """Whether ``secret`` is among what is tried first: a common password, a few characters
    repeated, a run of keys or letters, or one with the login in it."""
    plain = secret.strip().casefold()
    if not plain or plain in _COMMON or len(set(plain)) < 4:
        return True
    if login and login.casefold() in plain:
        return True
    return any(plain in run or plain in run[::-1] for run in _RUNS)


def check_new_password(login: str, password: str) -> None:
    """Refuse a password anyone could guess at a locked screen."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(what_code="operator.password_short", min=str(MIN_PASSWORD))
    if easy_to_guess(password, login):
        raise InvalidInput(what_code="operator.password_easy")


@dataclass(frozen=True)
class Attempt:
    """A password tried at the sign-in or the lock screen."""

    ok: bool
    wait: int = 0  # seconds before another try is taken (too many wrong ones)
    counts: bool = True  # a try to write down (not an empty one, nor one while waiting)
    inactive: bool = False  # the operator was deactivated: no password of hers is taken
    # (deactivated) the password was hers: she may be told her account was deactivated.
    # Her wrong ones count and make the next try wait, as anyone's: otherwise that word
    # would let her password be guessed with no wait.
    hers: bool = False
    set_by: str = ""  # right, but someone else set it (see :meth:`Operators.attempt`)


class Operators:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        login: str,
        password: str,
        full_name: str = "",
        by: str = "",
        *,
        reset: bool = False,
        without_sign_in: bool = False,
    ) -> bool:
        """Add an operator; True if it was new. With ``reset``, set a new password for one
        who forgot it (and let one deactivated sign in again: written in the access log as
        such); without, an existing login is refused: "Olena" added for a second Olena would
        take over the first's account and put her name on every application the first one
        took. For the same reason a reset never renames a login: a ``full_name`` other than
        the one it has is refused (a new person gets a new login).

        Either is written in the access log (the audit), with ``by``: who did it. A reset
        ``without_sign_in`` of another operator (the only active operator forgot her
        password, and the command line set it) is written as such, to stand out. A password
        set by another (a reset by anyone, or a new login a colleague adds: not the first
        operator's set-up) is known to whoever set it: its owner chooses her own before
        working (:meth:`password_set_by`).
        """
        login = login.strip().lower()
        self.check_login(login, reset=reset, known=False)
        check_new_password(login, password)
        now = dt.datetime.now(dt.UTC)
        with self._db.transaction() as conn:
            known = conn.execute(
                "SELECT active, full_name FROM operators WHERE login = ?", (login,)
            ).fetchone()
            if known and not reset:
                raise InvalidInput(
                    what_code="operator.exists", login=login, name=self.full_name(login)
                )
            if not known and reset:
                raise InvalidInput(what_code="operator.unknown", login=login)
            if known and full_name.strip() and not _same_name(full_name, known[1] or ""):
                raise InvalidInput(
                    what_code="operator.reset_renames", login=login, name=known[1] or login
                )
            colleague = conn.execute(
                "SELECT 1 FROM operators WHERE login = ?", (by.strip().lower(),)
            ).fetchone()
            conn.execute("DELETE FROM meta WHERE key = ?", (_FAILURES_KEY + login,))
            if by and by != login and (known or colleague):  # (someone else knows it now)
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    (_SET_BY_KEY + login, by),
                )
            write_audit(
                conn,
                by or login,
                _ADDED if not known else _RESET_UNSIGNED if without_sign_in else _RESET,
                now,
                detail=login,
            )
            if known and not known[0]:
                write_audit(conn, by or login, _REACTIVATED, now, detail=login)
            conn.execute(
                "INSERT INTO operators (login, full_name, password_hash) VALUES (?, ?, ?) "
                "ON CONFLICT (login) DO UPDATE SET password_hash = excluded.password_hash, "
                "active = 1",
                (login, full_name.strip(), hash_password(password)),
            )
        return known is None

    def check_login(
        self, login: str, *, reset: bool = False, known: bool = True, full_name: str = ""
    ) -> None:
        """Refuse what :meth:`add` would refuse of ``login`` (its form; with ``known``, a
        new login that exists, a reset of one that does not, or a reset that would rename
        it to ``full_name``), before a password is asked for it."""
        login = login.strip().lower()
        if not _LOGIN_RE.match(login):
            raise InvalidInput(what_code="operator.login_format")
        if not known:
            return
        exists = login in self.logins(inactive=True)
        if exists and not reset:
            raise InvalidInput(what_code="operator.exists", login=login, name=self.full_name(login))
        if not exists and reset:
            raise InvalidInput(what_code="operator.unknown", login=login)
        stored = self._db.scalar("SELECT full_name FROM operators WHERE login = ?", (login,))
        if exists and full_name.strip() and not _same_name(full_name, str(stored or "")):
            raise InvalidInput(
                what_code="operator.reset_renames", login=login, name=self.full_name(login)
            )

    def password_set_by(self, login: str) -> str | None:
        """Who set ``login``'s password when someone else did (she forgot hers, or a
        colleague added her), until she chooses her own with :meth:`change_password`; None
        when the password is hers."""
        value = self._db.scalar(
            "SELECT value FROM meta WHERE key = ?", (_SET_BY_KEY + login.strip().lower(),)
        )
        return None if value is None else str(value)

    def change_password(
        self, login: str, current: str, new: str, now: dt.datetime | None = None
    ) -> Attempt:
        """The operator chooses a new password of her own, with her ``current`` one (checked
        as at the sign-in: a wrong one counts, and after a few each next try waits).
        Raises :class:`InvalidInput` for a ``new`` one the rules refuse, or the same one."""
        login = login.strip().lower()
        check_new_password(login, new)
        if _normal(new) == _normal(current):
            raise InvalidInput(what_code="operator.password_same")
        now = now or dt.datetime.now(dt.UTC)
        tried = self.verify(login, current, now)
        if not tried.ok:
            if tried.counts:
                self.record(login, False, action=_CHANGED, now=now)
                return Attempt(False, self.wait(login, now))
            return tried
        with self._db.transaction() as conn:
            conn.execute(
                "DELETE FROM meta WHERE key IN (?, ?)",
                (_FAILURES_KEY + login, _SET_BY_KEY + login),
            )
            conn.execute(
                "UPDATE operators SET password_hash = ? WHERE login = ?",
                (hash_password(new), login),
            )
            write_audit(conn, login, _CHANGED, now)
        return Attempt(True)

    def deactivate(self, login: str, by: str = "") -> None:
        """An operator who left: no more signing in (what they did keeps their name)."""
        login = login.strip().lower()
        with self._db.transaction() as conn:
            if not conn.execute(
                "UPDATE operators SET active = 0 WHERE login = ? AND active = 1", (login,)
            ).rowcount:
                raise InvalidInput(what_code="operator.no_active", login=login)
            write_audit(
                conn, by or login, "operator_deactivated", dt.datetime.now(dt.UTC), detail=login
            )

    def attempt(
        self,
        login: str,
        password: str,
        *,
        action: str = "signed_in",
        now: dt.datetime | None = None,
        detail: str | None = None,
        own_only: bool = False,
    ) -> Attempt:
        """Try a password at the sign-in (``action`` "signed_in"), the lock screen
        ("unlocked") or the command line ("cli_signed_in", ``detail``: the command): written
        in the access log either way. After :data:`FREE_TRIES` wrong ones for a login, each
        next wrong one makes the next try wait longer (it is not even checked before).

        ``own_only``: a right password someone else set is not taken (the command line has
        no way to ask her for her own there and then): not ok, with ``set_by``, and written
        as "sign_in_refused" (``detail``), not as a sign-in nor as a wrong password."""
        now = now or dt.datetime.now(dt.UTC)
        tried = self.verify(login, password, now)
        set_by = self.password_set_by(login) if tried.ok and own_only else None
        if set_by:
            with self._db.transaction() as conn:
                write_audit(conn, login.strip().lower(), _REFUSED, now, detail=detail or action)
            return Attempt(False, counts=False, set_by=set_by)
        if tried.counts:
            self.record(login, tried.ok, action=action, now=now, detail=detail)
        wait = 0 if tried.ok or tried.hers else self.wait(login, now)
        return Attempt(tried.ok, wait, inactive=tried.inactive, hers=tried.hers)

    def verify(
        self, login: str, password: str, now: dt.datetime | None = None, unrecorded: int = 0
    ) -> Attempt:
        """The reading half of :meth:`attempt` (no write: for a connection that must not, as
        the GUI thread's): whether the password is right, or how long to wait first. An
        empty one (Enter pressed to wake the screen) is no try at all."""
        login = login.strip().lower()
        if not password:
            return Attempt(False, counts=False)
        if not _LOGIN_RE.match(login):
            hash_password(password)  # (as long as any other)
            return Attempt(False, counts=False)
        active = self._db.scalar("SELECT active FROM operators WHERE login = ?", (login,))
        if active is None:
            # No such operator: often a password typed into the login box, which must not
            # be written down (the access log, the failure count).
            hash_password(password)  # (as long as any other)
            return Attempt(False, counts=False)
        wait = self.wait(login, now, unrecorded)
        if wait:
            return Attempt(False, wait, counts=False, inactive=not active)
        if not active:  # (deactivated: never taken; whether it was hers, as Attempt.hers)
            stored = self._db.scalar(
                "SELECT password_hash FROM operators WHERE login = ?", (login,)
            )
            hers = verify_password(password, str(stored))
            return Attempt(False, counts=not hers, inactive=True, hers=hers)
        return Attempt(self.check(login, password))

    def record(
        self,
        login: str,
        ok: bool,
        *,
        action: str = "signed_in",
        now: dt.datetime | None = None,
        detail: str | None = None,
    ) -> None:
        """The writing half of :meth:`attempt`: the access log, and the count of wrong
        passwords (cleared by a right one). A right one is written as ``action`` (with
        ``detail``), a wrong one as "sign_in_failed" with ``action`` as its detail."""
        login = login.strip().lower()
        now = now or dt.datetime.now(dt.UTC)
        with self._db.transaction() as conn:
            if ok:
                conn.execute("DELETE FROM meta WHERE key = ?", (_FAILURES_KEY + login,))
                write_audit(conn, login, action, now, detail=detail)
                return
            count = self._failures(login, now)[0] + 1
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (_FAILURES_KEY + login, f"{count} {stamp(now)}"),
            )
            write_audit(conn, login, "sign_in_failed", now, detail=action)

    def wait(self, login: str, now: dt.datetime | None = None, unrecorded: int = 0) -> int:
        """Seconds before a password for ``login`` is checked again (0: now); ``unrecorded``:
        wrong ones tried but not written yet (the lock screen's, on the db lane)."""
        now = now or dt.datetime.now(dt.UTC)
        count, last = self._failures(login.strip().lower(), now)
        if unrecorded:
            count, last = count + unrecorded, now
        if count <= FREE_TRIES or last is None:
            return 0
        delay = int(min(FIRST_WAIT_S * 2 ** (count - FREE_TRIES - 1), LONGEST_WAIT_S))
        since = (now - last).total_seconds()
        if since < 0:  # the last wrong one "later" than now: the clock was set back
            return 0
        return max(0, int(delay - since + 0.999))

    def _failures(self, login: str, now: dt.datetime) -> tuple[int, dt.datetime | None]:
        """Wrong passwords for ``login`` since the last right one; forgotten after
        :data:`FORGET_AFTER` with none (a bad morning is not held against the evening)."""
        value = self._db.scalar("SELECT value FROM meta WHERE key = ?", (_FAILURES_KEY + login,))
        try:
            count, at = str(value).split(" ", 1)
            last = parse_stamp(at)
        except ValueError:
            return 0, None
        if last is not None and now - last > FORGET_AFTER:
            return 0, None
        return int(count), last

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

    def logins(self, *, inactive: bool = False) -> list[str]:
        """Who may sign in (with ``inactive``: everyone ever added, in login order)."""
        where = "" if inactive else " WHERE active = 1"
        rows = self._db.execute(f"SELECT login FROM operators{where} ORDER BY login")
        return [r[0] for r in rows.fetchall()]

    def active(self, login: str) -> bool:
        return bool(
            self._db.scalar("SELECT active FROM operators WHERE login = ?", (login.lower(),))
        )
