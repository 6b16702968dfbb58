"""The sweep: scans no application revision refers to are removed once old enough.

A workstation uploads an application's scans before it pushes the batch naming them.
When the application is then refused, or the worker replaces a wrong scan before
delivery, the bytes already uploaded would stay in the blob store for good, linked to
no application: personal data kept for no purpose. The sweep removes every blob (and
every partial upload, and every file of the blob folder the database has no row for)
that no revision of any application refers to, once older than a grace period.

The grace period (:data:`DEFAULT_GRACE_DAYS`) is how long an upload may wait for its
batch: a laptop may upload the scans, lose its connection and push the batch days
later. Should a blob be swept all the same, the batch is answered ``missing_blobs``
and the laptop uploads it again: nothing is accepted without its scans.

Races. Each blob is removed in a transaction of its own that holds its row locked
(PostgreSQL: ``FOR UPDATE``; SQLite: the one writer), checks again that nothing refers
to it, deletes the row and only then the file. An intake referring to the blob either
committed first (the check sees it: the blob stays), or waits for the lock and then
finds the row gone (the foreign key from ``application_blobs`` fails it, and its retry
answers ``missing_blobs``). The file is moved aside before the commit and unlinked
after it, and moved back if the commit fails: a row that says "complete" never loses
its file, and a new upload of the same bytes after the commit is not cut.

Whose folder. To a database other than the registry's (a new, empty one made by a command
run in the wrong folder without ``--database``) every scan is a file with no record. The
folder names the database it belongs to in :data:`MARKER` (:func:`check_folder`, by
``serve`` and every sweep); a sweep with another database removes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from registry.blobs import BlobStore
from registry.db import Clock, Database, application_blobs, blobs, iso, utc_now
from registry.errors import Conflict

try:
    import fcntl
except ImportError:  # not POSIX: two sweeps at once are not prevented
    fcntl = None  # type: ignore[assignment]

DEFAULT_GRACE_DAYS = 30
TRASH = "sweeping"  # files moved aside by a sweep, unlinked once its commit is durable
MARKER = ".registry-id"  # in the blob folder: the id of the database it belongs to, its URL
DATABASE_OPTION = "--database (FRONTDESK_REGISTRY_DATABASE)"
_NAME = re.compile(r"^[0-9a-f]{64}$")
log = logging.getLogger("registry.sweep")

Checkpoint = Callable[[str, str], None]
"""Called with a stage ("selected", "locked") and a blob: where tests make a race."""


@dataclass
class SweepReport:
    """What a sweep removed (or, dry, would remove): counts and bytes, nothing else."""

    blobs: int = 0  # complete blobs
    blob_bytes: int = 0
    partials: int = 0  # uploads never finished
    partial_bytes: int = 0
    strays: int = 0  # files the database has no row for (a crash between file and commit)
    stray_bytes: int = 0
    kept: int = 0  # candidates an intake referred to meanwhile
    dry_run: bool = False

    @property
    def removed(self) -> int:
        return self.blobs + self.partials + self.strays

    @property
    def removed_bytes(self) -> int:
        return self.blob_bytes + self.partial_bytes + self.stray_bytes


@dataclass(frozen=True)
class _Candidate:
    sha256: str
    complete: bool
    size: int
    paths: tuple[Path, ...] = field(default=())


class BlobSweep:
    """Removes the blobs no application revision refers to, older than a grace period."""

    def __init__(
        self,
        db: Database,
        store: BlobStore,
        clock: Clock = utc_now,
        *,
        checkpoint: Checkpoint | None = None,
    ) -> None:
        self._db = db
        self._store = store
        self._clock = clock
        self._checkpoint = checkpoint

    def run(
        self,
        older_than: dt.timedelta,
        *,
        dry_run: bool = False,
        keep_going: Callable[[], bool] = lambda: True,
    ) -> SweepReport:
        """Sweep once; ``keep_going`` is asked between blobs (a server that stops)."""
        cutoff = self._clock() - older_than
        report = SweepReport(dry_run=dry_run)
        check_folder(self._db, self._store.root, mark=not dry_run)
        with self._exclusive(dry_run):
            if not dry_run:
                self._recover_trash()
            for candidate in self._unreferenced(iso(cutoff)):
                if not keep_going():
                    return report
                if dry_run or self._remove(candidate, iso(cutoff)):
                    self._count(report, candidate)
                else:
                    report.kept += 1
            for candidate in self._strays(cutoff):
                if not keep_going():
                    return report
                if dry_run or self._remove_stray(candidate):
                    report.strays += 1
                    report.stray_bytes += candidate.size
        return report

    # --- what to remove --------------------------------------------------------

    def _unreferenced(self, cutoff: str) -> list[_Candidate]:
        age = sa.func.coalesce(blobs.c.completed_at, blobs.c.created_at)
        referenced = sa.exists().where(application_blobs.c.sha256 == blobs.c.sha256)
        with self._db.read() as conn:
            rows = conn.execute(
                sa.select(blobs.c.sha256, blobs.c.complete, blobs.c.size, blobs.c.received)
                .where(age < cutoff, ~referenced)
                .order_by(blobs.c.sha256)
            ).all()
        return [
            _Candidate(r.sha256, r.complete, int(r.size if r.complete else r.received))
            for r in rows
        ]

    def _strays(self, cutoff: dt.datetime) -> list[_Candidate]:
        """Files under the blob folder with no row, last written before ``cutoff``."""
        found = blob_files(self._store.root)
        if not found:
            return []
        with self._db.read() as conn:
            known = set(
                conn.execute(
                    sa.select(blobs.c.sha256).where(blobs.c.sha256.in_(sorted(found)))
                ).scalars()
            )
        limit = cutoff.timestamp()
        strays = []
        for sha256, paths in sorted(found.items()):
            stats = [p.stat() for p in paths if p.exists()]
            if sha256 in known or not stats or max(s.st_mtime for s in stats) >= limit:
                continue
            strays.append(_Candidate(sha256, False, sum(s.st_size for s in stats), tuple(paths)))
        return strays

    @staticmethod
    def _count(report: SweepReport, candidate: _Candidate) -> None:
        if candidate.complete:
            report.blobs += 1
            report.blob_bytes += candidate.size
        else:
            report.partials += 1
            report.partial_bytes += candidate.size

    # --- removing, one blob a transaction -------------------------------------------

    def _remove(self, candidate: _Candidate, cutoff: str) -> bool:
        """Remove one blob unless, now that its row is locked, something refers to it."""
        sha256 = candidate.sha256
        self._at("selected", sha256)
        with self._moved_aside(sha256) as move, self._db.write() as conn:
            row = conn.execute(
                sa.select(blobs.c.created_at, blobs.c.completed_at)
                .where(blobs.c.sha256 == sha256)
                .with_for_update()
            ).first()
            self._at("locked", sha256)
            if row is None or (row.completed_at or row.created_at) >= cutoff:
                return False  # removed by another, or uploaded again since
            if _referenced(conn, sha256):
                return False
            try:
                with conn.begin_nested():
                    conn.execute(blobs.delete().where(blobs.c.sha256 == sha256))
            except IntegrityError:  # an intake's reference, not yet visible to us
                return False
            move()
        return True

    def _remove_stray(self, candidate: _Candidate) -> bool:
        """Remove files with no row, holding a row of our own meanwhile: an upload that
        starts now waits for it (or we find its row and leave the files)."""
        sha256 = candidate.sha256
        with self._moved_aside(sha256) as move:
            try:
                with self._db.write() as conn:
                    conn.execute(
                        blobs.insert().values(
                            sha256=sha256,
                            size=None,
                            received=0,
                            complete=False,
                            created_at=iso(self._clock()),
                        )
                    )
                    move()
                    conn.execute(blobs.delete().where(blobs.c.sha256 == sha256))
            except IntegrityError:  # an upload made its row meanwhile: its files now
                return False
        return True

    @contextmanager
    def _moved_aside(self, sha256: str) -> Iterator[Callable[[], None]]:
        """``move()`` puts the blob's files in the trash; they are unlinked when the block
        ends without an error, and put back where they were when it raises."""
        moved: list[tuple[Path, Path]] = []
        trash = self._store.root / TRASH

        def move() -> None:
            for i, path in enumerate((self._store.path(sha256), self._partial(sha256))):
                if path.exists():
                    trash.mkdir(exist_ok=True)
                    aside = trash / f"{sha256}.{i}"
                    os.replace(path, aside)
                    moved.append((aside, path))

        try:
            yield move
        except BaseException:
            for aside, path in moved:
                os.replace(aside, path)
            raise
        for aside, _path in moved:
            aside.unlink(missing_ok=True)

    def _recover_trash(self) -> None:
        """Files a sweep moved aside and could not finish with (the process died): those of
        a row still there go back, the others are unlinked."""
        trash = self._store.root / TRASH
        if not trash.is_dir():
            return
        for aside in trash.iterdir():
            sha256, _, kind = aside.name.partition(".")
            target = self._store.path(sha256) if kind == "0" else self._partial(sha256)
            with self._db.read() as conn:
                kept = conn.execute(
                    sa.select(blobs.c.sha256).where(blobs.c.sha256 == sha256)
                ).first()
            if kept is not None and _NAME.match(sha256) and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(aside, target)
            else:
                aside.unlink(missing_ok=True)

    @contextmanager
    def _exclusive(self, dry_run: bool) -> Iterator[None]:
        """One sweep at a time over a blob folder (the server's and a command's)."""
        if dry_run or fcntl is None or not self._store.root.is_dir():
            yield
            return
        with (self._store.root / ".sweep.lock").open("a") as lock:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Conflict(
                    "Another sweep of this attachments folder is running",
                    code="sweep.busy",
                    uk="Цю теку вкладень уже очищає інший процес",
                ) from None
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _partial(self, sha256: str) -> Path:
        return self._store.root / "partial" / sha256

    def _at(self, stage: str, sha256: str) -> None:
        if self._checkpoint is not None:
            self._checkpoint(stage, sha256)


def blob_files(root: Path) -> dict[str, list[Path]]:
    """The blob folder's files named as blobs (complete, partial), by hash."""
    found: dict[str, list[Path]] = {}
    if not root.is_dir():
        return found
    for folder in root.iterdir():
        if folder.name == TRASH or not folder.is_dir():
            continue
        for path in folder.iterdir():
            if _NAME.match(path.name) and path.is_file():
                found.setdefault(path.name, []).append(path)
    return found


def check_folder(db: Database, root: Path, *, mark: bool = True) -> None:
    """Refuse a blob folder that is not ``db``'s (:class:`Conflict` ``blobs.folder``).

    The folder's :data:`MARKER` names the database it belongs to. A folder without one
    is this database's when it holds no scans yet, or when the database knows at least
    one of those it holds (a registry from before markers); a folder whose marker names
    another id is this database's when the database knows at least one of its scans (a
    copy restored from before the database had an id, given a new one when opened). Then,
    with ``mark``, the marker is written. A folder of scans none of which the database
    knows is refused: that database is another, or new (made in the wrong folder). So is
    a folder, marked or not, that holds none of the scans the database records as
    uploaded in full: the wrong folder (``serve`` started elsewhere without ``--blobs``).
    """
    _holds_recorded_scans(db, root)
    if not root.is_dir():
        return
    marker = root / MARKER
    ours, url = db.registry_id(), _named(db)
    try:
        named = marker.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        named = None
    found = blob_files(root)
    if named is not None:
        theirs, their_url = named[0].strip(), (named[1].strip() if len(named) > 1 else "")
        if theirs == ours:
            return
        # Another id, but a database that knows the folder's scans: a copy of it restored
        # from before it had an id (taken before the upgrade that gave ids), given a new
        # one when opened. It is this folder's: the marker names it from now on.
        if not (found and _knows_any(db, sorted(found))):
            their = f"{their_url or '?'}, id {theirs or '?'}"
            raise Conflict(
                f"The attachments folder {root} belongs to another registry database "
                f"({their}), not to {url} (id {ours}), which knows none of its scans: give "
                f"the registry's database with {DATABASE_OPTION}. Nothing was changed. Only "
                f"if this folder is this database's after all, write the line {ours} into "
                f"{marker}",
                code="blobs.folder",
                uk=f"Тека вкладень {root} належить іншій базі даних реєстру ({their_url or '?'}, "
                f"ідентифікатор {theirs or '?'}), а не {url} (ідентифікатор {ours}), яка не "
                f"знає жодної її скан-копії: вкажіть базу даних реєстру через "
                f"{DATABASE_OPTION}. Нічого не змінено. Лише якщо тека таки належить цій "
                f"базі, запишіть рядок {ours} у файл {marker}",
            )
    elif found and not _knows_any(db, sorted(found)):
        raise Conflict(
            f"The attachments folder {root} holds {len(found)} scan file(s), and the registry "
            f"database {url} knows none of them: it is not this folder's database (made anew "
            f"in the wrong folder?). Give the registry's database with {DATABASE_OPTION}. "
            f"Nothing was changed. Only if this folder is this database's after all, write "
            f"the line {ours} into {marker}",
            code="blobs.folder",
            uk=f"Тека вкладень {root} містить скан-копії ({len(found)}), і жодної з них "
            f"не знає база даних реєстру {url}: це не база цієї теки (створена заново не в "
            f"тій теці?). Вкажіть базу даних реєстру через {DATABASE_OPTION}. Нічого не "
            f"змінено. Лише якщо тека таки належить цій базі, запишіть рядок {ours} у файл "
            f"{marker}",
        )
    if mark:
        written = root / f"{MARKER}.new"
        written.write_text(f"{ours}\n{url}\n", encoding="utf-8")
        os.replace(written, marker)


def _holds_recorded_scans(db: Database, root: Path, sample: int = 20) -> None:
    """Refuse a folder that holds none of a few scans ``db`` records as uploaded in full
    (:class:`Conflict` ``blobs.folder``): ``serve`` restarted in another folder without
    ``--blobs`` took a new, empty one, where the scans uploaded meanwhile landed, while
    the back office found none and laptops never sent again what the database called
    complete. A scan is looked for in its place or moved aside by a sweep under way; a
    few taken by hash are enough (one found is this folder), and cheap on any registry."""
    with db.read() as conn:
        recorded = (
            conn.execute(
                sa.select(blobs.c.sha256)
                .where(blobs.c.complete)
                .order_by(blobs.c.sha256)
                .limit(sample)
            )
            .scalars()
            .all()
        )
    if not recorded or any(
        place.is_file()
        for sha256 in recorded
        for place in (root / sha256[:2] / sha256, root / TRASH / f"{sha256}.0")
    ):
        return
    folder, url = root.resolve(), _named(db)
    raise Conflict(
        f"The attachments folder {folder} holds none of the scans the registry database {url} "
        "records as uploaded in full: it is not the folder the registry keeps them in. Give "
        "that folder with --blobs (the same to serve and every command; without it, blobs "
        "in the folder the command runs in). Nothing was changed",
        code="blobs.folder",
        uk=f"Тека вкладень {folder} не містить жодної зі скан-копій, які база даних реєстру "
        f"{url} записала як завантажені повністю: це не та тека, де реєстр їх тримає. "
        "Вкажіть цю теку через --blobs (ту саму для serve і кожної команди; без нього — "
        "blobs у теці, де запущено команду). Нічого не змінено",
    )


def _named(db: Database) -> str:
    """The database's URL as a person finds it again: a SQLite file by its full path."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return f"sqlite:///{Path(str(url.database)).resolve()}"
    return db.url()


def _knows_any(db: Database, names: list[str], chunk: int = 500) -> bool:
    with db.read() as conn:
        for start in range(0, len(names), chunk):
            part = names[start : start + chunk]
            if conn.execute(
                sa.select(blobs.c.sha256).where(blobs.c.sha256.in_(part)).limit(1)
            ).first():
                return True
    return False


def _referenced(conn: Connection, sha256: str) -> bool:
    found: Any = conn.execute(
        sa.select(application_blobs.c.sha256).where(application_blobs.c.sha256 == sha256).limit(1)
    ).first()
    return found is not None


class DailySweep:
    """The sweep in a server: once when it starts, then every ``interval``, in a thread of
    its own (a request never waits for it); :meth:`stop` ends it between two blobs.
    ``said`` gets each sweep's report (counts and bytes)."""

    def __init__(
        self,
        sweep: BlobSweep,
        older_than: dt.timedelta,
        said: Callable[[SweepReport], None],
        interval: dt.timedelta = dt.timedelta(days=1),
    ) -> None:
        self._sweep = sweep
        self._older_than = older_than
        self._said = said
        self._interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="blob-sweep", daemon=True)

    def start(self) -> DailySweep:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                report = self._sweep.run(
                    self._older_than, keep_going=lambda: not self._stopping.is_set()
                )
            except Conflict as exc:  # another process sweeps this folder now, or it is
                if exc.code != "sweep.busy":  # another database's: said, nothing removed
                    log.error("the sweep of attachments did not run: %s", exc.message)
            except Exception:  # a database or disk error: said, and tried again next time
                log.exception("the sweep of attachments no application refers to failed")
            else:
                self._said(report)
            self._stopping.wait(self._interval.total_seconds())


def report_line(report: SweepReport) -> str:
    """One line for a server's log: what a sweep removed, never which scans."""
    return (
        f"swept {report.removed} attachment file(s) no application refers to, "
        f"{report.removed_bytes} bytes ({report.blobs} complete, {report.partials} "
        f"unfinished uploads, {report.strays} with no record)"
    )
