"""The district back office: list applications, open one (its attachments too), record a
decision (:mod:`registry.decision`)."""

from __future__ import annotations

import base64
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from frontdesk.differences import differences
from frontdesk.errors import os_reason
from frontdesk.model import Application, Status
from registry.application_lookup import find_application, like_literal
from registry.blobs import BlobStore
from registry.db import (
    Clock,
    Database,
    application_blobs,
    application_revisions,
    applications,
    blobs,
    communities,
    decisions,
    utc_now,
)
from registry.decision import DECISIONS, NEEDS_REASON, Decisions, decision_text, status_text
from registry.errors import Invalid, NotFound, RegistryError

# Kept importable from here, where the command line takes them.
__all__ = [
    "DECISIONS",
    "LISTED_STATUSES",
    "MAX_LIST",
    "MAX_OFFSET",
    "NEEDS_REASON",
    "BackOffice",
    "changes",
    "decision_text",
    "status_text",
]

# The statuses an application in the registry has (a workstation's draft, ready or sent
# never reaches it): a filter by any other would list nothing, as if nothing waited.
LISTED_STATUSES = tuple(
    s.value for s in (Status.ACCEPTED, Status.GRANTED, Status.REFUSED, Status.RETURNED)
)
MAX_LIST = 1000
MAX_OFFSET = 2**31 - 1  # what both databases take (SQLite's INTEGER, PostgreSQL's OFFSET)


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "number": row.number,
        "revision": row.latest_revision,
        "status": row.status,
        "community": row.community,
        "services": row.services.split(),
        "applicant_name": row.applicant_name,
        "received_at": row.received_at,
        "first_received_at": row.first_received_at,
    }


def _position(row: Any) -> str:
    """Where a listing stands after ``row`` (opaque to clients)."""
    raw = f"{row.first_received_at}|{row.number}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _after(position: str) -> Any:
    """The applications listed after ``position`` in the listing's order."""
    try:
        raw = base64.urlsafe_b64decode(position + "=" * (-len(position) % 4)).decode()
        first_received_at, number = raw.split("|")
    except (ValueError, UnicodeDecodeError):
        raise Invalid(
            'after: not a position this registry\'s listing gave (its "next")',
            code="after.invalid",
            uk="after: не позиція, яку дав перелік цього реєстру (його «next»)",
        ) from None
    return sa.or_(
        applications.c.first_received_at > first_received_at,
        sa.and_(
            applications.c.first_received_at == first_received_at,
            applications.c.number > number,
        ),
    )


# Not the content of a revision: what the registry or the workstation records about it.
_NOT_CONTENT = frozenset({"revision", "status", "status_reason", "updated_at"})


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed from one revision's document to the next, as the rules read them
    (normalised): each changed field's path with its old and new value (None: absent)."""
    old, new = (Application.from_dict(d).to_dict() for d in (before, after))
    return [
        {"path": d.path, "old": d.old, "new": d.new}
        for d in differences(old, new, ignore=_NOT_CONTENT)
    ]


class BackOffice:
    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        # Deciding has a module of its own (registry.decision); the back office offers it
        # with the rest of its work.
        self.decide = Decisions(db, clock).decide

    def list(
        self,
        *,
        community: str | None = None,
        status: str | None = None,
        service: str | None = None,
        limit: int = 100,
        offset: int = 0,
        after: str | None = None,
    ) -> dict[str, Any]:
        """Applications, oldest first (the order they should be worked through): by when
        each first arrived, so a case returned and corrected keeps its place in the queue
        instead of going to its end behind everything received since.

        ``next`` names the last one listed: given back as ``after``, the next page starts
        right after it, however many of this page were decided meanwhile (an offset would
        skip as many applications as were decided, never listing them).
        """
        if not 1 <= limit <= MAX_LIST:
            raise Invalid(
                f"limit must be 1–{MAX_LIST}",
                code="limit.invalid",
                uk=f"limit: від 1 до {MAX_LIST}",
            )
        if not 0 <= offset <= MAX_OFFSET:
            raise Invalid(f"offset must be 0–{MAX_OFFSET}", code="offset.invalid")
        conditions: list[Any] = []
        if community:
            conditions.append(applications.c.community == community.strip().upper())
        if status:
            if status.strip().lower() not in LISTED_STATUSES:
                raise Invalid(
                    f"No status {status!r}: {', '.join(LISTED_STATUSES)}",
                    code="status.invalid",
                    uk=f"Немає статусу {status!r}: {', '.join(LISTED_STATUSES)}",
                )
            conditions.append(applications.c.status == status.strip().lower())
        if service:
            pattern = f"% {like_literal(service.strip())} %"
            conditions.append(applications.c.services.like(pattern, escape="\\"))
        where = sa.and_(sa.true(), *conditions)
        page = sa.and_(where, _after(after)) if after else where
        with self._db.read() as conn:
            total = conn.execute(
                sa.select(sa.func.count()).select_from(applications).where(where)
            ).scalar_one()
            if not total and community:  # a typo is not "nothing waits there"
                code = community.strip().upper()
                exists = conn.execute(
                    sa.select(communities.c.code).where(communities.c.code == code)
                ).first()
                if exists is None:
                    raise NotFound(
                        f"No community {code}", code="community.unknown", uk=f"Немає громади {code}"
                    )
            rows = conn.execute(
                sa.select(applications)
                .where(page)
                .order_by(applications.c.first_received_at, applications.c.number)
                .limit(limit)
                .offset(offset)
            ).all()
        return {
            "items": [_summary(row) for row in rows],
            "total": total,
            "next": _position(rows[-1]) if rows else after,
        }

    def show(self, number: str) -> dict[str, Any]:
        """The latest revision's document, every revision, its attachments and decisions."""
        with self._db.read() as conn:
            app = find_application(conn, number)
            revisions = conn.execute(
                sa.select(application_revisions)
                .where(application_revisions.c.id == app.id)
                .order_by(application_revisions.c.revision)
            ).all()
            attached = conn.execute(
                sa.select(blobs.c.sha256, blobs.c.size, blobs.c.complete)
                .join(application_blobs, application_blobs.c.sha256 == blobs.c.sha256)
                .where(
                    application_blobs.c.id == app.id,
                    application_blobs.c.revision == app.latest_revision,
                )
            ).all()
            decided = conn.execute(
                sa.select(decisions)
                .where(decisions.c.application_id == app.id)
                .order_by(decisions.c.seq)
            ).all()
        latest = revisions[-1]
        # Stored as the workstation sent it; shown as the rules read it (normalised).
        document = Application.from_dict(latest.document).to_dict()
        # The attachments in the order the worker attached them (the document's), as she
        # numbered the pages: the rows come back in whatever order the database likes.
        described: dict[str, dict[str, Any]] = {}
        for a in document.get("attachments", []):
            described.setdefault(a.get("sha256", ""), a)
        order = {sha256: i for i, sha256 in enumerate(described)}
        attached = sorted(attached, key=lambda a: (order.get(a.sha256, len(order)), a.sha256))
        return {
            **_summary(app),
            "document": document,
            "revisions": [
                {
                    "revision": r.revision,
                    "content_hash": r.content_hash,
                    "status": r.status,
                    "received_at": r.received_at,
                    # What the correction changed (none for the first revision).
                    **({"changes": changes(before.document, r.document)} if before else {}),
                }
                for before, r in zip([None, *revisions], revisions, strict=False)
            ],
            "attachments": [
                {
                    "sha256": a.sha256,
                    "size": a.size,
                    "complete": a.complete,
                    "filename": described.get(a.sha256, {}).get("filename", ""),
                    "media_type": described.get(a.sha256, {}).get("media_type", ""),
                }
                for a in attached
            ],
            "decisions": [
                {
                    "decision": d.decision,
                    "revision": d.revision,
                    "reason": d.reason,
                    "decided_at": d.decided_at,
                    "decided_by": d.decided_by,
                }
                for d in decided
            ],
        }

    @staticmethod
    def attachment(
        shown: dict[str, Any], store: BlobStore, sha256: str
    ) -> tuple[Path, dict[str, Any]]:
        """The file of one attachment of ``shown`` (its latest revision), uploaded in full."""
        found = next((a for a in shown["attachments"] if a["sha256"] == sha256.lower()), None)
        if found is None:
            raise NotFound(
                f"{shown['number']} revision {shown['revision']} has no attachment {sha256}",
                code="attachment.unknown",
                uk=f"У {shown['number']}, редакція {shown['revision']}, немає вкладення {sha256}",
            )
        if not found["complete"] or not store.path(found["sha256"]).is_file():
            raise NotFound(
                f"Attachment {sha256} of {shown['number']} is not uploaded in full yet",
                code="attachment.incomplete",
                uk=f"Вкладення {sha256} заяви {shown['number']} ще не завантажено повністю",
            )
        return store.path(found["sha256"]), found

    @staticmethod
    def save_attachments(shown: dict[str, Any], store: BlobStore, folder: Path) -> tuple[Path, ...]:
        """Copy the latest revision's attachments uploaded in full into ``folder``, numbered
        in the order the worker attached them and named as on the laptop (made safe as a
        file name); nothing in it is overwritten."""
        targets: list[tuple[Path, Path]] = []
        # Numbered by each one's place among the attachments: page 3 is "-3-" however many
        # before it are still being uploaded.
        for i, found in enumerate(shown["attachments"], start=1):
            if not found["complete"]:
                continue
            source = store.path(found["sha256"])
            if not source.is_file():
                raise NotFound(
                    f"Attachment {found['sha256']} of {shown['number']} is not in {store.root}: "
                    "give the folder `serve` keeps them in (--blobs)",
                    code="attachment.missing",
                    uk=f"Вкладення {found['sha256']} заяви {shown['number']} немає в "
                    f"{store.root}: вкажіть теку, у якій їх тримає `serve` (--blobs)",
                )
            name = _safe_filename(found["filename"]) or f"{found['sha256'][:12]}"
            targets.append((source, folder / f"{shown['number']}-{i}-{name}"))
        folder.mkdir(parents=True, exist_ok=True)
        for _, target in targets:  # never overwrite
            if target.exists() or target.is_symlink():
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
        saved: list[Path] = []
        for source, target in targets:
            try:
                _copy_new(source, target)
            except OSError as exc:
                # All or nothing: a full disk leaves no copy that looks whole, and the
                # same command run again, once there is room, has nothing in its way.
                for done in saved:
                    done.unlink(missing_ok=True)
                if isinstance(exc, FileExistsError):  # (made meanwhile by someone else)
                    raise
                raise RegistryError(
                    f"Could not save {target} — {os_reason(exc, 'en')}. None of the copies "
                    f"of {shown['number']}'s attachments were kept in {folder}: run the "
                    "command again",
                    code="attachment.not_saved",
                    uk=f"Не вдалося зберегти {target} — {os_reason(exc, 'uk')}. Жодної копії "
                    f"вкладень заяви {shown['number']} у {folder} не залишено: запустіть "
                    "команду знову",
                ) from exc
            saved.append(target)
        return tuple(saved)


def _copy_new(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target``, which must not exist: written under a temporary name
    beside it and given its own name only once complete, so a disk that fills up (or a
    stick pulled out) leaves no truncated scan that looks whole; the temporary file is
    removed whatever happens."""
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".partial-", suffix=".tmp")
    partial = Path(temporary)
    try:
        with os.fdopen(descriptor, "wb") as dst, source.open("rb") as src:
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
        try:
            os.link(partial, target)  # fails if the target is there: nothing overwritten
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (a FAT-formatted stick)
            if target.exists():
                raise FileExistsError(
                    errno.EEXIST, os.strerror(errno.EEXIST), str(target)
                ) from None
            os.rename(partial, target)
    finally:
        partial.unlink(missing_ok=True)


# A file name's bytes (UTF-8) kept of a laptop's, with the number and place before it: file
# systems take 255 bytes a name, and a Cyrillic letter is two (120 letters and the number
# made 260: «File name too long», and no copy of any page).
NAME_BYTES = 200


def _safe_filename(name: str) -> str:
    """A laptop's file name as a name in one folder: no folders, no control characters, at
    most :data:`NAME_BYTES` bytes (shortened before its extension, cut on a letter)."""
    name = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]", "_", name.replace("\\", "/").split("/")[-1])
    name = name.strip(" .")[:120]
    if len(name.encode()) <= NAME_BYTES:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:  # (no extension to keep)
        stem, suffix = name, ""
    room = NAME_BYTES - len(suffix.encode()) - (1 if suffix else 0)
    cut = stem.encode()[:room].decode(errors="ignore").rstrip(" .")
    return f"{cut}.{suffix}" if suffix else cut
