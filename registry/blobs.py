"""Attachments: content-addressed, uploaded resumably, stored once.

Bytes live on disk under the blobs folder: an upload in progress in
``partial/<sha256>``, a verified blob moved atomically to ``<aa>/<sha256>``.
The ``blobs`` table says how much has been received; its row is locked for
the length of one append, so two uploads of the same blob cannot interleave.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from registry.db import Clock, Database, blobs, iso, utc_now
from registry.errors import BadRequest, Conflict, Invalid, RegistryError, TooLarge

MAX_BLOB_SIZE = 50 * 1024 * 1024
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


def check_sha256(sha256: str) -> str:
    sha256 = sha256.lower()
    if not _SHA256_RE.match(sha256):
        raise BadRequest("A blob is named by its SHA-256: 64 hex digits", code="blob.sha256")
    return sha256


def _status(sha256: str, size: int | None, received: int, complete: bool) -> dict[str, Any]:
    return {"sha256": sha256, "size": size, "received": received, "complete": complete}


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass
class _Outcome:
    status: dict[str, Any]
    error: RegistryError | None = None


class BlobStore:
    def __init__(self, db: Database, root: Path, clock: Clock = utc_now) -> None:
        self._db = db
        self.root = root
        self._clock = clock

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def _partial(self, sha256: str) -> Path:
        return self.root / "partial" / sha256

    def status(self, sha256: str) -> dict[str, Any]:
        sha256 = check_sha256(sha256)
        with self._db.read() as conn:
            row = conn.execute(sa.select(blobs).where(blobs.c.sha256 == sha256)).first()
        if row is None:
            return _status(sha256, None, 0, False)
        return _status(sha256, row.size, row.received, row.complete)

    @staticmethod
    def check_size(size: int) -> None:
        if size < 0:
            raise BadRequest("size must not be negative", code="blob.size")
        if size > MAX_BLOB_SIZE:
            raise TooLarge(
                f"An attachment may be at most {MAX_BLOB_SIZE // (1024 * 1024)} MB",
                code="blob.too_large",
                limit=MAX_BLOB_SIZE,
            )

    def put(self, sha256: str, offset: int, size: int, data: bytes) -> dict[str, Any]:
        """Append ``data`` at ``offset``; once all ``size`` bytes are in, verify and complete.

        Raises Conflict ``blob.offset`` (with ``received``) when ``offset`` is
        not what the registry holds, Invalid ``blob.hash`` when the finished
        bytes do not hash to ``sha256`` (the partial data is discarded).
        """
        sha256 = check_sha256(sha256)
        self.check_size(size)
        if offset < 0:
            raise BadRequest("offset must not be negative", code="blob.offset")
        for _attempt in range(3):
            try:
                with self._db.write() as conn:
                    outcome = self._put(conn, sha256, offset, size, data)
                break
            except IntegrityError:  # another upload created the row first: look again
                continue
        else:
            raise Conflict("The blob is being uploaded concurrently", code="blob.busy")
        if outcome.error is not None:
            raise outcome.error
        return outcome.status

    def _put(self, conn: Connection, sha256: str, offset: int, size: int, data: bytes) -> _Outcome:
        row = conn.execute(
            sa.select(blobs).where(blobs.c.sha256 == sha256).with_for_update()
        ).first()
        if row is None:
            conn.execute(
                blobs.insert().values(
                    sha256=sha256, size=size, received=0, complete=False, created_at=self._now()
                )
            )
            received = 0
        elif row.complete:  # stored once, whoever sends it again
            return _Outcome(_status(sha256, row.size, row.received, True))
        elif row.size != size:
            self._discard(conn, sha256)
            return _Outcome(
                _status(sha256, None, 0, False),
                Invalid(
                    f"This blob was started with size {row.size}, not {size}; "
                    "the partial data was discarded: upload it again from 0",
                    code="blob.size",
                ),
            )
        else:
            received = self._reconcile(conn, sha256, row.received)
        if self.path(sha256).exists():  # moved into place before a crash lost the commit
            return _Outcome(self._complete(conn, sha256, self.path(sha256).stat().st_size))
        if offset != received:
            return _Outcome(
                _status(sha256, size, received, False),
                Conflict(
                    f"The registry holds {received} bytes of this blob; continue from there",
                    code="blob.offset",
                    received=received,
                ),
            )
        if offset + len(data) > size:
            return _Outcome(
                _status(sha256, size, received, False),
                Invalid(
                    f"{len(data)} bytes from offset {offset} exceed the size {size}",
                    code="blob.overflow",
                ),
            )
        received = self._append(sha256, offset, data)
        if received < size:
            conn.execute(blobs.update().where(blobs.c.sha256 == sha256).values(received=received))
            return _Outcome(_status(sha256, size, received, False))
        partial = self._partial(sha256)
        if _file_sha256(partial) != sha256:
            self._discard(conn, sha256)
            return _Outcome(
                _status(sha256, None, 0, False),
                Invalid(
                    "The uploaded bytes do not match the SHA-256; upload the blob again",
                    code="blob.hash",
                ),
            )
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, target)
        _fsync_dir(target.parent)
        return _Outcome(self._complete(conn, sha256, size))

    def _reconcile(self, conn: Connection, sha256: str, received: int) -> int:
        """Trust the file over the row if a crash left the file shorter than recorded."""
        partial = self._partial(sha256)
        length = partial.stat().st_size if partial.exists() else 0
        if length < received:
            conn.execute(blobs.update().where(blobs.c.sha256 == sha256).values(received=length))
            return length
        return received

    def _append(self, sha256: str, offset: int, data: bytes) -> int:
        partial = self._partial(sha256)
        partial.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("r+b" if partial.exists() else "wb") as f:
            f.truncate(offset)  # bytes written after the last commit are not ours to keep
            f.seek(offset)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        return offset + len(data)

    def _complete(self, conn: Connection, sha256: str, size: int) -> dict[str, Any]:
        conn.execute(
            blobs.update()
            .where(blobs.c.sha256 == sha256)
            .values(size=size, received=size, complete=True, completed_at=self._now())
        )
        return _status(sha256, size, size, True)

    def _discard(self, conn: Connection, sha256: str) -> None:
        self._partial(sha256).unlink(missing_ok=True)
        conn.execute(blobs.delete().where(blobs.c.sha256 == sha256))

    def _now(self) -> str:
        return iso(self._clock())
