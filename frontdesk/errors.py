"""The core's exceptions.

*Known* errors come from the environment or from the worker's input (disk
full, database locked, wrong key, no keyring, invalid application). Each
carries a message code so the GUI and the CLI can say, in plain Ukrainian,
what happened and what to do. Anything else is a bug.
"""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

from frontdesk.messages import text

if TYPE_CHECKING:
    from frontdesk.validation import Report


class FrontDeskError(Exception):
    """Base of every known error; ``code`` names its message."""

    code = "error.unknown"

    def __init__(self, detail: str = "", *, what_code: str = "", **params: str) -> None:
        """``what_code``, when given, names the message that fills ``{what}`` (with the
        same ``params``), so that part too is said in the worker's language."""
        self.detail = detail
        self.what_code = what_code
        self.params = params
        super().__init__(f"{self.message('en')}" + (f" ({detail})" if detail else ""))

    def message(self, lang: str = "uk") -> str:
        if self.what_code:
            what = text(self.what_code, lang, **self.params)
            return text(self.code, lang, **{**self.params, "what": what})
        return text(self.code, lang, **self.params)


class EnvironmentProblem(FrontDeskError):
    """Something about the machine, not the data or the code."""


class DiskFull(EnvironmentProblem):
    code = "error.disk_full"


class DatabaseLocked(EnvironmentProblem):
    code = "error.locked"


class DatabaseCorrupt(EnvironmentProblem):
    code = "error.corrupt"


class WrongKey(EnvironmentProblem):
    code = "error.wrong_key"


class NewerVersion(EnvironmentProblem):
    """The database was brought to a schema by a newer FrontDesk than this one (a laptop
    updated, then an older bundle started again): this version does not know that schema,
    and what it wrote there could be lost or make the profile unreadable to the newer one.
    Nothing is written; ``needed`` names that version when the database says it."""

    code = "error.newer_version"

    def message(self, lang: str = "uk") -> str:
        code = self.code + (".named" if self.params.get("needed") else "")
        return text(code, lang, **self.params)


class StorageUnavailable(EnvironmentProblem):
    code = "error.storage"


class StorageReadOnly(StorageUnavailable):
    code = "error.storage_read_only"


class HelperFileReadOnly(StorageUnavailable):
    """``frontdesk.db-wal`` or ``-shm`` left read-only (a run with read-only rights): SQLite
    cannot write through it though the database itself is writable again."""

    code = "error.storage_helper_read_only"


_OS_REASONS = {
    errno.ENOSPC: "os.no_space",
    errno.EDQUOT: "os.no_space",
    errno.EACCES: "os.no_permission",
    errno.EPERM: "os.no_permission",
    errno.EROFS: "os.read_only",
    errno.ENOENT: "os.not_found",
    errno.EISDIR: "os.is_folder",
    errno.ENOTDIR: "os.not_folder",
    errno.EEXIST: "os.exists",
    errno.EIO: "os.io_error",
}


def os_reason(exc: OSError, lang: str = "uk") -> str:
    """Why a file or folder could not be read or written, in the worker's words (the
    operating system says it in English, or in the system's language)."""
    code = _OS_REASONS.get(exc.errno or 0)
    if code is not None:
        return text(code, lang)
    return text("os.other", lang, reason=exc.strerror or type(exc).__name__)


class FileProblem(EnvironmentProblem):
    """A file or folder the worker chose could not be read or written (a full or
    read-only disk, no rights); ``path`` names what the worker knows (the folder written
    into, not a hidden file in it), the reason is said in the worker's language."""

    def __init__(self, exc: OSError, path: str | os.PathLike[str]) -> None:
        self.os_error = exc
        super().__init__(exc.strerror or type(exc).__name__, path=str(path))

    def message(self, lang: str = "uk") -> str:
        return text(
            self.code, lang, path=self.params["path"], reason=os_reason(self.os_error, lang)
        )


class CannotWrite(FileProblem):
    code = "error.cannot_write"


class CannotRead(FileProblem):
    code = "error.cannot_read"


def no_space() -> OSError:
    """The disk is full, as the operating system says it (SQLite says it in its words)."""
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class KeyringUnavailable(EnvironmentProblem):
    code = "error.no_keyring"


class KeyMissing(EnvironmentProblem):
    code = "error.key_missing"


class ProfileMissing(FrontDeskError):
    code = "error.no_profile"


class RestoreInterrupted(ProfileMissing):
    """No profile, but the copy a restore into it was making is beside it: that restore
    was cut short (the laptop went off), and is to be run again, not ``init``."""

    code = "restore.interrupted"


class CodifierTooSmall(FrontDeskError):
    """A codifier file with far fewer objects than the one loaded (a part, not the whole)."""

    code = "error.codifier_too_small"


class CodifierCutShort(CodifierTooSmall):
    """A codifier file whose last line has no end: a copy cut short, its last name too."""

    code = "error.codifier_cut_short"


class CodifierIncomplete(CodifierTooSmall):
    """A codifier file without every oblast: a part of it (loaded first, nothing to compare
    it with)."""

    code = "error.codifier_incomplete"


class DatabaseMissing(EnvironmentProblem):
    """The profile is there but its database file is gone or empty: never made anew."""

    code = "error.database_missing"


class ProfileExists(FrontDeskError):
    code = "error.profile_exists"


class ProfileFileDamaged(EnvironmentProblem):
    """profile.json is there but cannot be read as one (emptied, overwritten)."""

    code = "error.profile_file_damaged"


class ProfileFileMissing(EnvironmentProblem):
    """The folder holds a profile's database but not its profile file (which names the key):
    never made anew over it."""

    code = "error.profile_file_missing"


class NotFound(FrontDeskError):
    code = "error.not_found"


class NotEditable(FrontDeskError):
    code = "error.not_editable"


class OperatorDeactivated(FrontDeskError):
    """The operator whose window this is was deactivated meanwhile (by a colleague, at the
    command line): nothing more is done in her name (a backup of every resident's data)."""

    code = "error.operator_deactivated"


class PersonalDataRemoved(FrontDeskError):
    """A correction asked of a case whose personal data retention removed from this
    laptop (frontdesk.store.retention): what is left here is no application to correct,
    and one started from it would send the registry an empty person. The registry's copy
    of the returned revision is needed (``ApplicationStore.start_revision``)."""

    code = "error.personal_data_removed"


class InvalidInput(FrontDeskError):
    code = "error.invalid_input"


class DuplicateApplication(InvalidInput):
    """An imported document for a person who already has an undecided application for one
    of the same services (duplicates across channels and retries)."""

    code = "error.duplicate_application"


class SeriesExhausted(InvalidInput):
    """The workstation's number series of a year reached 999999 (an imported number at the
    end of the series, in practice): no next number fits the format."""

    code = "error.series_exhausted"


class ValidationFailed(FrontDeskError):
    """An application that cannot be made ready to send; nothing was saved."""

    code = "error.validation"

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(
            "; ".join(f"{p.field}: {p.message('en')}" for p in report.errors),
            count=str(len(report.errors)),
        )


# The words for the codes above, in Ukrainian and English (their own module: the table is
# most of the lines).
from frontdesk import error_texts  # noqa: E402, F401
