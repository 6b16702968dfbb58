"""The registry's known errors, independent of HTTP.

Each carries a stable ``code`` (the ``error`` field of an HTTP error body)
and a plain message; :mod:`registry.api` maps the class to a status code and
:mod:`registry.cli` prints the message. An error the command line can meet says it in
Ukrainian too (``uk``), which the command line prints unless FRONTDESK_LANG=en; the HTTP
body keeps the English message (a workstation says each code in its own words).
"""

from __future__ import annotations

from typing import Any


class RegistryError(Exception):
    """Base of every known error."""

    default_code = "error"

    def __init__(
        self, message: str, *, code: str | None = None, uk: str | None = None, **extra: Any
    ) -> None:
        super().__init__(message)
        self.code = code or self.default_code
        self.message = message
        self.uk = uk
        self.extra = extra

    def said(self, lang: str) -> str:
        """The message in ``lang`` ("uk" or "en"); English where no Ukrainian was given."""
        return self.uk if lang == "uk" and self.uk else self.message

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
