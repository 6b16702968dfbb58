"""The registry's known errors, independent of HTTP.

Each carries a stable ``code`` (the ``error`` field of an HTTP error body)
and a plain message; :mod:`registry.api` maps the class to a status code and
:mod:`registry.cli` prints the message.
"""

from __future__ import annotations

from typing import Any


class RegistryError(Exception):
    """Base of every known error."""

    default_code = "error"

    def __init__(self, message: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.code = code or self.default_code
        self.message = message
        self.extra = extra

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}


class Unauthorized(RegistryError):
    default_code = "unauthorized"


class Forbidden(RegistryError):
    default_code = "forbidden"


class NotFound(RegistryError):
    default_code = "not_found"


class Conflict(RegistryError):
    default_code = "conflict"


class Invalid(RegistryError):
    default_code = "invalid"


class BadRequest(RegistryError):
    default_code = "bad_request"


class TooLarge(RegistryError):
    default_code = "too_large"
