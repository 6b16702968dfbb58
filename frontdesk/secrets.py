"""Secrets in the OS keyring: the database key and, once enrolled, the device token.

Never falls back to a file. A backend that keeps secrets in plain text
(``keyrings.alt``, which tests install) is refused unless
``FRONTDESK_ALLOW_INSECURE_KEYRING=1`` says this is a test.
"""

from __future__ import annotations

import os
import secrets as _random

import keyring
from keyring.errors import PasswordDeleteError

from frontdesk.errors import KeyMissing, KeyringUnavailable

SERVICE = "FrontDesk"
DEVICE_TOKEN = "device-token"  # the registry's token for this workstation (sync)
_INSECURE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


class SecretStore:
    """Named secrets of one profile, kept in the keyring."""

    def __init__(self, profile_id: str, backend: keyring.backend.KeyringBackend | None = None):
        self._profile_id = profile_id
        self._backend = backend

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        backend = self._backend or keyring.get_keyring()
        if _is_insecure(backend) and os.environ.get("FRONTDESK_ALLOW_INSECURE_KEYRING") != "1":
            raise KeyringUnavailable(f"backend {backend_name(backend)} is not secure")
        return backend

    def _name(self, what: str) -> str:
        return f"{self._profile_id}:{what}"

    def get(self, what: str) -> str | None:
        backend = self.backend
        try:
            value: str | None = backend.get_password(SERVICE, self._name(what))
        except Exception as exc:  # backends raise their own types (D-Bus, Win32, Keychain)
            raise KeyringUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return value

    def set(self, what: str, value: str) -> None:
        backend = self.backend
        try:
            backend.set_password(SERVICE, self._name(what), value)
        except Exception as exc:  # backends raise their own types (D-Bus, Win32, Keychain)
            raise KeyringUnavailable(f"{type(exc).__name__}: {exc}") from exc

    def delete(self, what: str) -> None:
        backend = self.backend
        try:
            backend.delete_password(SERVICE, self._name(what))
        except PasswordDeleteError:
            pass
        except Exception as exc:  # backends raise their own types (D-Bus, Win32, Keychain)
            raise KeyringUnavailable(f"{type(exc).__name__}: {exc}") from exc

    def database_key(self) -> str:
        key = self.get("database-key")
        if not key:
            raise KeyMissing(f"no database key for profile {self._profile_id}")
        return key

    def create_database_key(self) -> str:
        """A fresh random 256-bit key, stored before it is ever used."""
        key = _random.token_hex(32)
        self.set("database-key", key)
        if self.get("database-key") != key:
            raise KeyringUnavailable("the keyring did not keep the key")
        return key


def backend_name(backend: object | None = None) -> str:
    backend = backend or keyring.get_keyring()
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_insecure(backend: object) -> bool:
    return type(backend).__module__.startswith(_INSECURE_MODULES)
