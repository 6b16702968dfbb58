"""Secrets in the OS keyring: the database key and, once enrolled, the device token.

Never falls back to a file. A backend that keeps secrets in plain text
(``keyrings.alt``, which tests install) is refused unless
``FRONTDESK_ALLOW_INSECURE_KEYRING=1`` says this is a test.

Which backend: one passed in; else the one the user configured for ``keyring``
(``PYTHON_KEYRING_BACKEND`` or ``keyringrc.cfg``); else the one this profile's key
was found in last time (its name is kept in ``profile.json``), loaded directly;
else keyring's discovery. Discovery imports and probes every installed backend —
60–120 ms with a real Secret Service, at every start — so it runs once per profile
and whenever the remembered backend fails.
"""

from __future__ import annotations

import getpass
import logging
import os
import secrets as _random

from frontdesk.deferred import loaded_when_used
from frontdesk.errors import KeyMissing, KeyringUnavailable

# keyring.backend imports jaraco.context, which imports urllib.request (with it
# http.client, ssl, email) and subprocess for a download and a command keyring never
# makes; jaraco.functools, which imports more_itertools for functions keyring does not
# call; and binds importlib_metadata, used only to list the installed backends when
# discovery runs. keyring.core reads a keyringrc.cfg with configparser, when there is one.
# ~50 ms of every start, before the sign-in window. Each loads when first used.
_LOADED_WHEN_USED = (
    "urllib.request",
    "importlib_metadata",
    "more_itertools",
    "subprocess",
    "configparser",
)
with loaded_when_used(*_LOADED_WHEN_USED):
    import keyring
    import keyring.core
    from keyring.backends.chainer import ChainerBackend
    from keyring.errors import PasswordDeleteError
    from keyring.util import platform_

log = logging.getLogger(__name__)
SERVICE = "FrontDesk"
DEVICE_TOKEN = "device-token"  # the registry's token for this workstation (sync)
# While an enrolment is under way: the secret that lets the registry recognise this laptop
# asking again when its answer (the token) was lost on the way.
ENROLMENT_SECRET = "enrolment-secret"
DATABASE_KEY = "database-key"
_INSECURE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")
# Where a remembered backend may come from: keyring's own and the ``keyrings.*`` plugins.
# Anything else named in profile.json is not imported (discovery runs instead).
_REMEMBERABLE = ("keyring.backends.", "keyrings.")
_loaded: dict[str, keyring.backend.KeyringBackend] = {}  # remembered backends, by name


class SecretStore:
    """Named secrets of one profile, kept in the keyring."""

    def __init__(
        self,
        profile_id: str,
        backend: keyring.backend.KeyringBackend | None = None,
        *,
        remembered: str | None = None,
    ):
        self._profile_id = profile_id
        self._given = backend
        self._remembered = remembered if isinstance(remembered, str) else None
        self._chosen: keyring.backend.KeyringBackend | None = None

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        if self._chosen is None:
            self._chosen = self._given or _choose(self._remembered)
        backend = self._chosen
        if _is_insecure(backend) and not _insecure_allowed():
            raise KeyringUnavailable(f"backend {backend_name(backend)} is not secure")
        return backend

    @property
    def backend_name(self) -> str:
        return backend_name(self.backend)

    def holder(self) -> str | None:
        """The name of the backend that holds this profile's database key (inside a chain
        of backends, the one that has it), to be remembered; None if none that may be
        remembered has it."""
        backend = self.backend
        members = backend.backends if isinstance(backend, ChainerBackend) else [backend]
        for member in members:
            name = backend_name(member)
            if not name.startswith(_REMEMBERABLE):
                continue
            if _is_insecure(member) and not _insecure_allowed():
                continue
            try:
                if member.get_password(SERVICE, self._name(DATABASE_KEY)):
                    return name
            except Exception:  # a member that cannot answer does not hold it
                continue
        return None

    def _name(self, what: str) -> str:
        return f"{self._profile_id}:{what}"

    def _members(self) -> list[keyring.backend.KeyringBackend]:
        """The backends a secret is read from and written to, in keyring's order: the
        backend itself; inside a chain, its members that keep secrets safe. A chain may
        end in a plain-text file (``keyrings.alt`` installed beside the OS keyring): it
        passed as secure, and wrote the database key there when the others could not."""
        backend = self.backend
        if not isinstance(backend, ChainerBackend):
            return [backend]
        members = [m for m in backend.backends if _insecure_allowed() or not _is_insecure(m)]
        if not members:
            raise KeyringUnavailable("no secure backend in the keyring chain")
        return members

    def get(self, what: str) -> str | None:
        for member in self._members():
            try:
                value: str | None = member.get_password(SERVICE, self._name(what))
            except Exception as exc:  # backends raise their own types (D-Bus, Win32, …)
                raise KeyringUnavailable(f"{type(exc).__name__}: {exc}") from exc
            if value is not None:
                return value
        return None

    def set(self, what: str, value: str) -> None:
        for member in self._members():
            try:
                member.set_password(SERVICE, self._name(what), value)
            except NotImplementedError:  # (a chain's member that cannot write: the next)
                continue
            except Exception as exc:  # backends raise their own types (D-Bus, Win32, …)
                raise KeyringUnavailable(f"{type(exc).__name__}: {exc}") from exc
            return
        raise KeyringUnavailable("no backend in the keyring chain can keep secrets")

    def delete(self, what: str) -> None:
        for member in self._members():
            try:
                member.delete_password(SERVICE, self._name(what))
            except PasswordDeleteError:
                continue
            except Exception as exc:  # backends raise their own types (D-Bus, Win32, …)
                raise KeyringUnavailable(f"{type(exc).__name__}: {exc}") from exc
            return

    def database_key(self) -> str:
        remembered = self._given is None and self._remembered is not None
        try:
            key = self.get(DATABASE_KEY)
        except KeyringUnavailable:
            if not remembered:
                raise
            key = None
        if not key and remembered:
            # The remembered backend fails or no longer has it (the user moved their
            # keys): ask keyring, as without a remembered backend.
            log.info("the remembered keyring has no key for this profile; asking keyring")
            self._remembered = None
            self._chosen = None
            key = self.get(DATABASE_KEY)
        if not key:
            raise KeyMissing(f"no database key for profile {self._profile_id}", account=_account())
        return key

    def create_database_key(self) -> str:
        """A fresh random 256-bit key, stored before it is ever used."""
        key = _random.token_hex(32)
        self.set(DATABASE_KEY, key)
        if self.get(DATABASE_KEY) != key:
            raise KeyringUnavailable("the keyring did not keep the key")
        return key


def check_keyring(backend: keyring.backend.KeyringBackend | None = None) -> None:
    """Raise :class:`KeyringUnavailable` unless this account's keyring keeps a secret: a
    throwaway one is written, read back and removed. The first start asks this before its
    questions: without a keyring no profile can be made, and a worker who answered them all
    would have to cancel and begin again."""
    store = SecretStore("probe-" + _random.token_hex(4), backend)
    value = _random.token_hex(8)
    store.set("probe", value)
    try:
        kept = store.get("probe")
    finally:
        store.delete("probe")
    if kept != value:
        raise KeyringUnavailable("the keyring did not keep a secret")


def _choose(remembered: str | None) -> keyring.backend.KeyringBackend:
    """The user's configuration, else the remembered backend, else keyring's discovery."""
    configured = (
        os.environ.get("PYTHON_KEYRING_BACKEND")
        or (platform_.config_root() / "keyringrc.cfg").is_file()
    )
    if (
        not remembered
        or configured
        or not remembered.startswith(_REMEMBERABLE)
        or (remembered.startswith(_INSECURE_MODULES) and not _insecure_allowed())
    ):
        return keyring.get_keyring()
    if remembered not in _loaded:
        try:
            loaded = keyring.core.load_keyring(remembered)
        except Exception as exc:  # gone, or not viable on this machine today
            log.info("remembered keyring %s is not usable (%s)", remembered, type(exc).__name__)
            return keyring.get_keyring()
        if not isinstance(loaded, keyring.backend.KeyringBackend):
            return keyring.get_keyring()
        _loaded[remembered] = loaded
    return _loaded[remembered]


def _account() -> str:
    """The computer's account this runs under (an elevated prompt runs as the admin's)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no name for this account (a container, say)
        return "?"


def _insecure_allowed() -> bool:
    return os.environ.get("FRONTDESK_ALLOW_INSECURE_KEYRING") == "1"


def backend_name(backend: object | None = None) -> str:
    backend = backend or keyring.get_keyring()
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_insecure(backend: object) -> bool:
    return type(backend).__module__.startswith(_INSECURE_MODULES)
