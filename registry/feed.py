"""The change feed: what workstations pull, in the registry's own order.

Every status change of an application and every new service catalogue is
appended to one table; its autoincrement sequence is the cursor. Laptop
clocks play no part: each status change says when the registry recorded it
(``at``) and each page the registry's time (``now``), so a workstation counts
its retention window by this clock, not its own (frontdesk.store.decision_time).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from frontdesk.catalog import CatalogError, ServiceCatalog
from registry.db import Clock, Database, changes, iso, utc_now
from registry.errors import BadRequest, Conflict, Invalid
from resources import resource

MAX_LIMIT = 1000
MAX_SEQ = 2**63 - 1  # the feed's sequence is a BIGINT: a larger number names no change
_CURSOR_PREFIX = "seq:"


def encode_cursor(seq: int, tag: str | None = None) -> str:
    """Opaque to clients so that nobody does arithmetic on it. ``tag`` names the change at
    ``seq`` (:func:`change_tag`): a registry restored from an older copy hands the same
    numbers out again, to other changes, and the tag tells them apart."""
    raw = f"{_CURSOR_PREFIX}{seq}" + (f":{tag}" if tag else "")
    return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def parse_cursor(cursor: str | None) -> tuple[int, str | None]:
    """The position a cursor names and the tag of the change there (None in a cursor
    from before tags, or the start). A number outside 0..2**63-1 is no position of the
    feed (nor can the database compare it): refused like any cursor not issued here."""
    if not cursor:
        return 0, None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if not raw.startswith(_CURSOR_PREFIX):
            raise ValueError(raw)
        number, _, tag = raw[len(_CURSOR_PREFIX) :].partition(":")
        seq = int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        seq, tag = -1, ""
    if not 0 <= seq <= MAX_SEQ:
        raise BadRequest("This cursor was not issued by this registry", code="cursor.invalid")
    return seq, tag or None


def decode_cursor(cursor: str | None) -> int:
    return parse_cursor(cursor)[0]


def change_tag(row: Any) -> str:
    """A short fingerprint of one change row (its number, time and what it says)."""
    text = "|".join(
        str(v)
        for v in (row.seq, row.created_at, row.kind, row.application_id, row.revision, row.status)
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _visible_changes() -> sa.Select[Any]:
    """The changes a community's workstation reads after its cursor, oldest first: its
    community's and everyone's (catalogues), each read by its own index range
    (changes.community, seq), then merged. One "community = X OR community IS NULL" made
    PostgreSQL walk the whole feed after the cursor and drop the other communities'
    changes one by one: a quiet community's cursor stays at its last change, so each poll
    of its laptop read every community's feed since. Built once (building it costs more
    than running it)."""
    limit = sa.bindparam("limit", type_=sa.Integer)
    parts = [
        sa.select(changes)
        .where(whose, changes.c.seq > sa.bindparam("after", type_=sa.BigInteger))
        .order_by(changes.c.seq)
        .limit(limit)
        .subquery()
        for whose in (
            changes.c.community == sa.bindparam("community", type_=sa.String),
            changes.c.community.is_(None),
        )
    ]
    merged = sa.union_all(*(sa.select(part) for part in parts)).subquery()
    return sa.select(merged).order_by(merged.c.seq).limit(limit)


_VISIBLE_CHANGES = _visible_changes()

_NOT_HERE = (
    "This cursor is not a position in the registry's feed (was the registry restored from "
    "a copy?): read the feed from the start"
)


def append_status_change(
    db: Database,
    conn: Connection,
    *,
    community: str,
    application_id: str,
    number: str,
    revision: int,
    status: str,
    reason: str | None,
    at: str,
) -> None:
    """Record a status change in the caller's transaction (call it last: it takes the feed lock)."""
    append_status_changes(
        db,
        conn,
        [
            {
                "community": community,
                "kind": "status",
                "application_id": application_id,
                "number": number,
                "revision": revision,
                "status": status,
                "reason": reason,
                "created_at": at,
            }
        ],
    )


def append_status_changes(db: Database, conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Append change rows in the caller's transaction, in order (call it last: feed lock)."""
    if not rows:
        return
    db.lock_feed(conn)
    columns = _STATUS_COLUMNS
    conn.exec_driver_sql(  # one executemany: rows get ascending sequence numbers, in order
        f"INSERT INTO changes ({', '.join(columns)}) VALUES ({db.placeholders(len(columns))})",
        [tuple(row[c] for c in columns) for row in rows],
    )


_STATUS_COLUMNS = (
    "community",
    "kind",
    "application_id",
    "number",
    "revision",
    "status",
    "reason",
    "created_at",
)


class ChangeFeed:
    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock
        self._catalog_cache: tuple[int, ServiceCatalog] | None = None

    def read(self, community: str, cursor: str | None, limit: int = 100) -> dict[str, Any]:
        """Changes after ``cursor`` visible to ``community``, oldest first."""
        if not 1 <= limit <= MAX_LIMIT:
            raise Invalid(f"limit must be 1–{MAX_LIMIT}", code="limit.invalid")
        after, tag = parse_cursor(cursor)
        params = {"community": community, "after": after, "limit": limit + 1}
        with self._db.read() as conn:
            if after:
                # A registry restored from an older copy: past the end of its feed, or a
                # number it has since given to another change. The workstation reads the
                # feed from the start, or it would miss every decision recorded since.
                there = conn.execute(sa.select(changes).where(changes.c.seq == after)).first()
                if tag is not None and (there is None or change_tag(there) != tag):
                    raise BadRequest(_NOT_HERE, code="cursor.invalid")
                if there is None and after > (
                    conn.execute(sa.select(sa.func.max(changes.c.seq))).scalar() or 0
                ):
                    raise BadRequest(_NOT_HERE, code="cursor.invalid")
            rows = conn.execute(_VISIBLE_CHANGES, params).all()
        now = iso(self._clock())  # (read after the rows: no change listed is later)
        more = len(rows) > limit
        rows = rows[:limit]
        if rows:
            next_cursor = encode_cursor(rows[-1].seq, change_tag(rows[-1]))
        else:
            next_cursor = cursor or encode_cursor(0)
        return {
            "changes": [self._change(row) for row in rows],
            "cursor": next_cursor,
            "more": more,
            "now": now,
        }

    @staticmethod
    def _change(row: Any) -> dict[str, Any]:
        if row.kind == "catalog":
            payload = row.payload or {}
            return {"kind": "catalog", "version": payload.get("version"), "catalog": payload}
        return {
            "kind": "status",
            "application_id": row.application_id,
            "number": row.number,
            "revision": row.revision,
            "status": row.status,
            "reason": row.reason,
            "at": row.created_at,
        }

    # --- service catalogue ---------------------------------------------------

    def publish_catalog(self, text: str) -> dict[str, Any]:
        """Publish a newer service catalogue to every workstation (and to intake's checks)."""
        try:
            catalog = ServiceCatalog.from_json(text)
            payload = json.loads(text)
        except (CatalogError, ValueError) as exc:
            raise Invalid(
                f"Not a service catalogue: {exc}",
                code="catalog.invalid",
                uk=f"Це не каталог послуг: {exc}",
            ) from None
        with self._db.write() as conn:
            self._db.lock_feed(conn)  # also serialises two publishers' version checks
            current = self._latest_catalog_version(conn)
            if catalog.version <= current:
                raise Conflict(
                    f"Catalogue version {catalog.version} is not newer than {current}",
                    code="catalog.version",
                    uk=f"Версія каталогу {catalog.version} не новіша за {current}",
                )
            conn.execute(
                changes.insert().values(
                    community=None, kind="catalog", payload=payload, created_at=iso(self._clock())
                )
            )
        return {"version": catalog.version}

    def catalog(self, conn: Connection | None = None) -> ServiceCatalog:
        """The newest catalogue: the bundled one or a newer published one (a catalogue
        published before an upgrade that bundles a newer one is older than that one).

        Looked up for every intake batch (in the caller's transaction when given):
        one index seek for the newest catalogue's sequence; the catalogue itself is
        parsed only when that changes.
        """
        if conn is None:
            with self._db.read() as own:
                return self.catalog(own)
        seq = conn.exec_driver_sql("SELECT max(seq) FROM changes WHERE kind = 'catalog'").scalar()
        seq = int(seq or 0)  # 0: none published, the bundled one
        cached = self._catalog_cache
        if cached is not None and cached[0] == seq:
            return cached[1]
        catalog = ServiceCatalog.bundled()
        if seq != 0:
            query = sa.select(changes.c.payload).where(changes.c.seq == seq)
            payload = conn.execute(query).scalar()
            published = ServiceCatalog.from_json(json.dumps(payload))
            if published.version > catalog.version:
                catalog = published
        self._catalog_cache = (seq, catalog)
        return catalog

    def publish_bundled(self) -> int | None:
        """Publish the bundled catalogue when it is newer than the newest one published
        (an upgrade bundles a newer one than the administrator published before), so
        that workstations of an older release check with the catalogue intake checks
        with; its version, or None when nothing was published. While nothing is
        published, every workstation uses its own bundled catalogue, as before."""
        bundled = ServiceCatalog.bundled()
        with self._db.write() as conn:
            self._db.lock_feed(conn)
            published = self._published_version(conn)
            if published is None or published >= bundled.version:
                return None
            payload = json.loads(resource("catalog", "services.json").read_text(encoding="utf-8"))
            conn.execute(
                changes.insert().values(
                    community=None, kind="catalog", payload=payload, created_at=iso(self._clock())
                )
            )
        return bundled.version

    def _published_version(self, conn: Connection) -> int | None:
        payload = conn.execute(
            sa.select(changes.c.payload)
            .where(changes.c.kind == "catalog")
            .order_by(changes.c.seq.desc())
            .limit(1)
        ).scalar()
        return int(payload.get("version", 0)) if payload else None

    def _latest_catalog_version(self, conn: Connection) -> int:
        """The version of :meth:`catalog`: the newer of the bundled and the published."""
        published = self._published_version(conn)
        return max(ServiceCatalog.bundled().version, published or 0)
