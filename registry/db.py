"""The registry's schema and the one database layer (SQLAlchemy Core).

The database URL decides the backend: ``sqlite:///registry.db`` for a
single-machine install and tests, ``postgresql+psycopg://user@host/db`` for a
real deployment. Everything else is the same code.

Idempotency rests on unique constraints, not on checks alone: two requests
racing to store the same revision cannot both succeed, and the loser re-reads
what the winner stored.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from registry.errors import Invalid

Clock = Callable[[], dt.datetime]
log = logging.getLogger("registry.db")

# BIGINT is not an alias of SQLite's rowid: only INTEGER PRIMARY KEY autoincrements there.
_Seq = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_Time = sa.String(40)  # ISO 8601 in UTC: sorts as text and reads the same on every backend

metadata = sa.MetaData()

communities = sa.Table(
    "communities",
    metadata,
    sa.Column("code", sa.String(19), primary_key=True),  # КАТОТТГ of the hromada
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", _Time, nullable=False),
)

enrolment_codes = sa.Table(
    "enrolment_codes",
    metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),  # sha256 of the normalised code
    sa.Column("community", sa.ForeignKey("communities.code"), nullable=False),
    sa.Column("created_at", _Time, nullable=False),
    sa.Column("expires_at", _Time, nullable=False),
    sa.Column("used_at", _Time),
    sa.Column("device_id", sa.String(36)),
)

devices = sa.Table(
    "devices",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("community", sa.ForeignKey("communities.code"), nullable=False, index=True),
    sa.Column("workstation", sa.String(12), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # sha256 of the token
    sa.Column("enrolled_at", _Time, nullable=False),
    sa.Column("revoked_at", _Time),
    # sha256 of the secret the laptop sent with its enrolment: the same laptop asking again
    # after the answer was lost is recognised by it (NULL: a laptop that sent none).
    sa.Column("enrolment_secret_hash", sa.String(64)),
)
# One active device per workstation code, registry-wide: two laptops with one code would
# issue the same application numbers. Accounts.enrol refuses a held code with a reason;
# this index makes two enrolments racing for one code unable to both succeed. Created
# by create_schema on existing databases too (unless they already break it: see there).
_ACTIVE_WORKSTATION = sa.and_(devices.c.revoked_at.is_(None), devices.c.workstation != "")
active_workstation_index = sa.Index(
    "ux_devices_active_workstation",
    devices.c.workstation,
    unique=True,
    postgresql_where=_ACTIVE_WORKSTATION,
    sqlite_where=_ACTIVE_WORKSTATION,
)

# One row at most: the back office's bearer token, as "sha256:" and its hash (a copy of
# the database is no key to the API); `frontdesk-registry admin-token` prints it once.
admin_tokens = sa.Table(
    "admin_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("token", sa.String(100), nullable=False),
    sa.Column("created_at", _Time, nullable=False),
)

# One row: the id this registry's database was given when it was made (a copy, a restore
# keeps it). The attachments folder names it in a file of its own (registry.sweep), so a
# sweep run with another database never takes that folder's scans for files with no record.
registry_identity = sa.Table(
    "registry_identity",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("registry_id", sa.String(36), nullable=False),
    sa.Column("created_at", _Time, nullable=False),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("number", sa.String(40), nullable=False, unique=True),
    sa.Column("community", sa.ForeignKey("communities.code"), nullable=False, index=True),
    sa.Column("latest_revision", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("services", sa.String(1000), nullable=False),  # " 250 subsidy ": LIKE-searchable
    sa.Column("applicant_name", sa.String(700), nullable=False),
    sa.Column("received_at", _Time, nullable=False),  # when the latest revision arrived
    sa.Column("first_received_at", _Time, nullable=False),
)

# The back office's listing: oldest first (by first arrival), page after page
# (BackOffice.list). Created by create_schema on existing databases too.
sa.Index("ix_applications_first_received", applications.c.first_received_at, applications.c.number)

application_revisions = sa.Table(
    "application_revisions",
    metadata,
    sa.Column("id", sa.ForeignKey("applications.id"), primary_key=True),
    sa.Column("revision", sa.Integer, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("document", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("device_id", sa.String(36)),
    sa.Column("received_at", _Time, nullable=False),
)

blobs = sa.Table(
    "blobs",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger),
    sa.Column("received", sa.BigInteger, nullable=False),
    sa.Column("complete", sa.Boolean, nullable=False),
    sa.Column("created_at", _Time, nullable=False),
    sa.Column("completed_at", _Time),
)

application_blobs = sa.Table(
    "application_blobs",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("revision", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.ForeignKey("blobs.sha256"), primary_key=True),
    sa.ForeignKeyConstraint(
        ["id", "revision"], ["application_revisions.id", "application_revisions.revision"]
    ),
)

# Which revisions refer to a blob: the sweep asks it of every blob it would remove, and
# deleting a blob row makes the foreign key ask it too. Created on existing databases too.
sa.Index("ix_application_blobs_sha256", application_blobs.c.sha256)

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("seq", _Seq, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("decided_at", _Time, nullable=False),
    # Who decided: the officer named with the decision (`decide --by`, "decided_by" in
    # the API), else the computer's account ("cli:olena") or "api". NULL: decided by a
    # registry older than this column.
    sa.Column("decided_by", sa.String(200)),
)

# Append-only. `seq` is the source of the change-feed cursor; `community` is
# NULL for changes every workstation sees (a new service catalogue).
changes = sa.Table(
    "changes",
    metadata,
    sa.Column("seq", _Seq, primary_key=True, autoincrement=True),
    sa.Column("community", sa.String(19), index=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("application_id", sa.String(36)),
    sa.Column("number", sa.String(40)),
    sa.Column("revision", sa.Integer),
    sa.Column("status", sa.String(16)),
    sa.Column("reason", sa.Text),
    sa.Column("payload", sa.JSON),
    sa.Column("created_at", _Time, nullable=False),
    sqlite_autoincrement=True,  # never reuse a sequence number
)
# The newest catalogue is looked up for every intake batch: an index seek, not a scan
# of the whole feed. Created by create_schema on existing databases too.
sa.Index("ix_changes_kind_seq", changes.c.kind, changes.c.seq)
# A workstation's poll reads its community's changes after its cursor (ChangeFeed.read):
# an index range, however many changes other communities have had since.
sa.Index("ix_changes_community_seq", changes.c.community, changes.c.seq)


# Columns added to a table after a registry had made it: create_schema adds them to an
# existing database (nullable: the rows already there have no value).
_ADDED_COLUMNS = ((devices, "enrolment_secret_hash"), (decisions, "decided_by"))


def _add_missing_columns(conn: Connection) -> None:
    inspector = sa.inspect(conn)
    for table, name in _ADDED_COLUMNS:
        if name in {column["name"] for column in inspector.get_columns(table.name)}:
            continue
        kind = table.c[name].type.compile(dialect=conn.dialect)
        # Two registry processes starting at once (the server, a command): PostgreSQL lets
        # the second wait for the first and skip; SQLite's writers take turns already.
        guard = " IF NOT EXISTS" if conn.dialect.name == "postgresql" else ""
        conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN{guard} {name} {kind}")
        log.info("added column %s.%s to an existing database", table.name, name)


def _shared_workstations(conn: Connection) -> bool:
    """Whether active devices share a workstation code (enrolled at the same instant by a
    registry older than the index that forbids it); each one is logged with what to do.

    The registry still starts: refusing would stop every community's sync over two
    laptops. Until one of them is revoked the index is not made.
    """
    shared = conn.execute(
        sa.select(devices.c.workstation)
        .where(_ACTIVE_WORKSTATION)
        .group_by(devices.c.workstation)
        .having(sa.func.count() > 1)
        .order_by(devices.c.workstation)
    ).scalars()
    found = False
    for workstation in shared:
        found = True
        held = conn.execute(
            sa.select(devices.c.id, devices.c.community, devices.c.enrolled_at)
            .where(_ACTIVE_WORKSTATION, devices.c.workstation == workstation)
            .order_by(devices.c.enrolled_at, devices.c.id)
        ).all()
        log.warning(
            "workstation code %s is held by %d active devices (%s): they issue the same "
            "application numbers. Revoke all but one (frontdesk-registry device revoke ID) "
            "and re-enrol the others with codes of their own; until then a second device "
            "enrolling with one code at the same instant as another is not prevented.",
            workstation,
            len(held),
            ", ".join(f"{d.id} of {d.community}, enrolled {d.enrolled_at}" for d in held),
        )
    return found


def _give_identity(conn: Connection) -> None:
    """An id for a database that has none (new, or made by a registry before ids); two
    processes opening it at once keep the first one's."""
    if conn.execute(sa.select(registry_identity.c.id)).first() is not None:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(
        dialect.insert(registry_identity)
        .values(id=1, registry_id=str(uuid.uuid4()), created_at=iso(utc_now()))
        .on_conflict_do_nothing()
    )


# A deadlock, or a serializable transaction's conflict: PostgreSQL aborted the transaction
# and says that running it again may succeed.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def is_deadlock(exc: OperationalError) -> bool:
    """Whether the database aborted the transaction to break a deadlock (run it again)."""
    return getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and BEGIN emitted by us.

    The stdlib driver's own transaction handling breaks SAVEPOINT and starts
    transactions lazily; writers use BEGIN IMMEDIATE so two of them never
    deadlock upgrading a read lock.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # an acknowledgement must survive power loss
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


DATABASE_URL_FORMS = "sqlite:///registry.db or postgresql+psycopg://user@host:port/db"
DATABASE_URL_FORMS_UK = "sqlite:///registry.db або postgresql+psycopg://user@host:port/db"
# (for a URL written wrong: how many slashes mean what)
DATABASE_URL_FORMS_LONG = (
    "sqlite:///registry.db (three slashes: registry.db in the current folder), "
    "sqlite:////srv/registry/registry.db (four: a full path) or "
    "postgresql+psycopg://user@host:port/db"
)
DATABASE_URL_FORMS_LONG_UK = (
    "sqlite:///registry.db (три скісні риски: registry.db у поточній теці), "
    "sqlite:////srv/registry/registry.db (чотири: повний шлях) або "
    "postgresql+psycopg://user@host:port/db"
)


def parse_url(url: str) -> sa.URL:
    """``url`` read as a database URL, or :class:`registry.errors.Invalid` saying what is
    wrong with it in one line (never its password). ``postgres://`` and ``postgresql://``
    (what ``psql`` and hosting providers give) mean PostgreSQL through psycopg."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise Invalid(
            f"Not a database URL: give {DATABASE_URL_FORMS}",
            code="database.url",
            uk=f"Це не адреса бази даних: вкажіть {DATABASE_URL_FORMS_UK}",
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in ("postgres", "postgresql"):
        parsed = parsed.set(drivername=f"postgresql+{driver or 'psycopg'}")
    elif backend != "sqlite":
        raise Invalid(
            f"The registry keeps its data in SQLite or PostgreSQL, not {backend!r}: give "
            f"{DATABASE_URL_FORMS}",
            code="database.url",
            uk=f"Реєстр зберігає дані в SQLite або PostgreSQL, а не {backend!r}: вкажіть "
            f"{DATABASE_URL_FORMS_UK}",
        )
    return parsed


# The server answers up to 40 requests at once (its thread pool): as many connections, so
# none waits for one. (SQLAlchemy's default, 15, held the 16th request 30 s and then
# failed it as an internal error.)
POOL_SIZE, POOL_OVERFLOW = 10, 30
# How long a statement waits for a lock (a table locked by VACUUM FULL, ALTER TABLE or
# CLUSTER) before it fails, answered "busy, retry" (503). Without it every request queued
# behind the maintenance, holding a connection, until the pool ran out.
PG_LOCK_TIMEOUT = "10s"


def _pool_settings(url: sa.URL) -> dict[str, Any]:
    if url.get_backend_name() == "sqlite":
        return {}
    settings: dict[str, Any] = {
        "pool_pre_ping": True,
        "pool_size": POOL_SIZE,
        "max_overflow": POOL_OVERFLOW,
    }
    if "options" not in url.query:  # (an operator's own, in the URL, stands)
        settings["connect_args"] = {"options": f"-c lock_timeout={PG_LOCK_TIMEOUT}"}
    return settings


def create_engine(url: str | sa.URL) -> Engine:
    """An engine for ``url`` with the backend's settings applied."""
    parsed = parse_url(url) if isinstance(url, str) else url
    try:
        # hide_parameters: a database error's message (logged) names the statement, never
        # the values bound to it, which are residents' names and documents.
        engine = sa.create_engine(parsed, hide_parameters=True, **_pool_settings(parsed))
    except (sa.exc.NoSuchModuleError, ImportError):  # a driver that is not installed
        raise Invalid(
            f"The database driver {parsed.drivername!r} is not installed: give "
            f"{DATABASE_URL_FORMS}",
            code="database.url",
            uk=f"Драйвер бази даних {parsed.drivername!r} не встановлено: вкажіть "
            f"{DATABASE_URL_FORMS_UK}",
        ) from None
    except sa.exc.ArgumentError:  # the backend's own check: sqlite://registry.db (two slashes)
        written = parsed.render_as_string(hide_password=True)
        raise Invalid(
            f"{written} is not a database URL: give {DATABASE_URL_FORMS_LONG}",
            code="database.url",
            uk=f"{written} — не адреса бази даних: вкажіть {DATABASE_URL_FORMS_LONG_UK}",
        ) from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


class Database:
    """The engine plus the two kinds of transaction the registry uses."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite takes one writer at a time, and a writer that finds the database
        # locked sleeps in SQLite's busy handler (up to 100 ms a nap) even when the
        # other one is done a moment later. Writers of this process queue here
        # instead and start the instant the previous one commits; the busy timeout
        # remains for other processes (the back-office CLI). PostgreSQL: row locks.
        self._writer: AbstractContextManager[Any] = (
            threading.RLock() if engine.dialect.name == "sqlite" else nullcontext()
        )

    @classmethod
    def open(cls, url: str | sa.URL) -> Database:
        database = cls(create_engine(url))
        database.create_schema()
        return database

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    # --- plain SQL for the hot paths (executemany through the driver) ---------
    #
    # SQLAlchemy Core builds, caches and binds statements per execution; on the
    # intake path that costs more than the database itself. These helpers give
    # the backend's own placeholders for ``conn.exec_driver_sql``.

    def placeholders(self, count: int) -> str:
        """``?, ?, ?`` (SQLite) or ``%s, %s, %s`` (psycopg)."""
        return ", ".join(["%s" if self.is_postgres else "?"] * count)

    def json_placeholder(self) -> str:
        """A placeholder for JSON text written to a ``sa.JSON`` column."""
        return "CAST(%s AS JSON)" if self.is_postgres else "?"

    def for_update(self) -> str:
        """Row locks on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers already."""
        return " FOR UPDATE" if self.is_postgres else ""

    def create_schema(self) -> None:
        with self.write() as conn:
            metadata.create_all(conn)
            _add_missing_columns(conn)
            _give_identity(conn)
            for table in metadata.sorted_tables:  # indexes added after a table was created
                for index in table.indexes:
                    if index is active_workstation_index and _shared_workstations(conn):
                        continue  # said by _shared_workstations; created once they are fixed
                    index.create(conn, checkfirst=True)

    def registry_id(self) -> str:
        """The id this database was given when made (or when first opened by a registry
        that gives one): the same in every copy of it."""
        with self.read() as conn:
            return str(conn.execute(sa.select(registry_identity.c.registry_id)).scalar_one())

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that will write: committed on success, rolled back on error."""
        with self._writer, self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction (a consistent snapshot; never blocks writers on SQLite)."""
        with self.engine.connect() as conn:
            conn.execution_options(sqlite_begin="DEFERRED")
            with conn.begin():
                yield conn

    def lock_feed(self, conn: Connection) -> None:
        """Serialise appends to the change feed until this transaction ends.

        With concurrent transactions PostgreSQL may commit sequence 11 before
        10; a reader would then move its cursor past 10 and never see it.
        Taking this lock just before the append makes commit order equal
        sequence order. SQLite writers are serialised already.
        """
        if self.is_postgres:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(7310471)"))

    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()
