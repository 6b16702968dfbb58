"""Numbered schema migrations; migration N sets ``PRAGMA user_version = N``.

Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from frontdesk.store.entry import ENTRY_SLOTS, UNDATED_END, entry_base
from frontdesk.store.rows import DOCUMENT_COLUMNS, from_row, row_values
from frontdesk.text import SORTS_LAST, parse_stamp

_NO_TIME = dt.datetime.min.replace(tzinfo=dt.UTC)

MIGRATION_1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE applications (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL UNIQUE,
    revision INTEGER NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT NOT NULL DEFAULT '',
    services TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    rnokpp TEXT,
    search_ids TEXT NOT NULL,
    operator TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX applications_status ON applications(status, rowid);
CREATE INDEX applications_name ON applications(name_key);
CREATE TABLE revisions (
    application_id TEXT NOT NULL REFERENCES applications(id),
    revision INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (application_id, revision)
);
CREATE VIRTUAL TABLE applications_fts USING fts5(
    name_key, search_ids,
    content = 'applications', content_rowid = 'rowid',
    columnsize = 0, detail = none,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    revision INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'in_flight', 'quarantined')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    UNIQUE (application_id, revision)
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    action TEXT NOT NULL,
    application_id TEXT,
    revision INTEGER,
    detail TEXT
);
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE places (
    code TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    parent TEXT,
    oblast TEXT,
    raion TEXT,
    hromada TEXT
);
CREATE INDEX places_name_key ON places(name_key);
"""

MIGRATION_2 = """
CREATE TABLE operators (
    login TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
)
"""

# Search keys drop combining marks since this migration (a stress mark, as in Мари́на,
# split a name in two): keys made before are made again, and their search terms with them.
# ``fd_search_key`` is frontdesk.text.search_key, given to SQLite by apply_migrations.
MIGRATION_3 = """
CREATE TEMP TABLE rekeyed AS
    SELECT rowid AS id FROM applications WHERE name_key != fd_search_key(applicant_name);
INSERT INTO applications_fts (applications_fts, rowid, name_key, search_ids)
    SELECT 'delete', rowid, name_key, search_ids FROM applications
    WHERE rowid IN (SELECT id FROM rekeyed);
UPDATE applications SET name_key = fd_search_key(applicant_name)
    WHERE rowid IN (SELECT id FROM rekeyed);
INSERT INTO applications_fts (rowid, name_key, search_ids)
    SELECT rowid, name_key, search_ids FROM applications WHERE rowid IN (SELECT id FROM rekeyed);
DROP TABLE rekeyed
"""

# The journal sorts names in the Ukrainian alphabet's order (by codepoint Ґ, Є, І and Ї
# came after Я): a sort key (frontdesk.text.sort_key, given as ``fd_sort_key``) and its
# index take the place of the index on the search key, so a save writes no more pages.
MIGRATION_4 = """
ALTER TABLE applications ADD COLUMN name_sort TEXT NOT NULL DEFAULT '';
UPDATE applications SET name_sort = fd_sort_key(applicant_name);
DROP INDEX applications_name;
CREATE INDEX applications_name_sort ON applications(name_sort)
"""


def migration_5(conn: Any) -> None:
    """An application's rowid becomes its place in time (frontdesk.store.entry):
    the journal's newest-first order follows the applications' dates, not the order they
    were typed in (a paper application imported later with an older date was listed as
    the newest), and a date filter reads only the days it asks for.

    The new rowids are past every old one (days since 2000 times ten million), so none
    collide while they change; a row whose date is no time at all, or before 2000 (a typo
    in a year), keeps its old, small rowid, first in time. Within a day, the applications
    there are put in the order of their times.
    """
    rows = conn.execute("SELECT rowid, created_at FROM applications").fetchall()
    keyed = sorted(
        (entry_base(created_at), parse_stamp(created_at) or _NO_TIME, rowid)
        for rowid, created_at in rows
    )
    renumbered, last = [], 0
    for base, _moment, old in keyed:
        if base:
            last = max(base, last + 1)
            renumbered.append((old, last))
    conn.execute("CREATE TEMP TABLE rekeyed (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)")
    conn.executemany("INSERT INTO rekeyed (old, new) VALUES (?, ?)", renumbered)
    conn.execute(
        "UPDATE applications SET rowid = (SELECT new FROM rekeyed WHERE old = applications.rowid) "
        "WHERE rowid IN (SELECT old FROM rekeyed)"
    )
    conn.execute("DROP TABLE rekeyed")
    # The search index points at rowids: made again from the table; the other indexes,
    # rewritten entry by entry above, are made again compact.
    conn.execute("INSERT INTO applications_fts (applications_fts) VALUES ('rebuild')")
    conn.execute("REINDEX applications")


# What the import took from people's files, by a fingerprint of each line's content: a file
# run again after an interruption skips the lines it stored, whatever became of their
# applications since (decided, or corrected as a new revision); before, only undecided
# applications were looked at, and a decided one was imported a second time.
MIGRATION_6 = """
CREATE TABLE imported_lines (
    fingerprint TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    imported_at TEXT NOT NULL
) WITHOUT ROWID
"""

# When a decided case's personal data left this laptop, its retention window past
# (frontdesk.store.retention); NULL while the laptop holds it. A discarded draft's import
# fingerprints leave with it: found by their application, not by reading all of them (and
# the foreign key's check on a deleted application is a look-up too); only imports write
# them, so a save writes no more pages. When a scan was last stored, in a table of its own
# (in ``blobs``, after the bytes, reading it would read every scan whole): a scan a worker
# attaches while a retention run strips a case with the same file is not deleted under
# them, and scans no application holds are swept once they are a day old.
# Terms deleted from the search index (a discarded draft's, a stripped case's, a name
# corrected) are removed from its stored segments at once, not when they are next merged
# (FTS5 secure-delete; an edit of a stored application costs ~0.3 ms more, a new one
# nothing); the index is merged once so no term deleted before stays either.
MIGRATION_7 = """
ALTER TABLE applications ADD COLUMN purged_at TEXT;
CREATE INDEX imported_lines_application ON imported_lines(application_id);
CREATE TABLE blobs_stored (
    sha256 TEXT PRIMARY KEY,
    stored_at TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO applications_fts (applications_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO applications_fts (applications_fts) VALUES ('optimize')
"""


def migration_8(conn: Any) -> None:
    """Search keys read Latin look-alikes inside a Cyrillic word as Cyrillic ("Iваненко"
    typed or imported with a Latin I is found as Іваненко, and the other way round) and ґ
    as г (frontdesk.text.search_key), and a number is found by its year and sequence
    ("2026-000042": frontdesk.store.rows.query_terms): what was made before is made again
    from each application as a save makes it now (its name's search and sort keys, its
    identifiers' terms), then the search index from them, and the settlements' name keys.
    A case whose personal data retention removed sorts after the names (it sorted first,
    by an empty name: frontdesk.text.SORTS_LAST).
    """
    rowids = [r[0] for r in conn.execute("SELECT rowid FROM applications ORDER BY rowid")]
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        rows = conn.execute(
            f"SELECT rowid, name_key, name_sort, search_ids, purged_at, {DOCUMENT_COLUMNS} "
            "FROM applications WHERE rowid BETWEEN ? AND ?",
            (chunk[0], chunk[-1]),
        ).fetchall()
        changed = []
        for rowid, name_key, name_sort, search_ids, purged_at, *columns in rows:
            values = row_values(from_row(*columns))
            sort = SORTS_LAST if purged_at else values["name_sort"]
            now = (values["name_key"], sort, values["search_ids"])
            if now != (name_key, name_sort, search_ids):
                changed.append((*now, rowid))
        conn.executemany(
            "UPDATE applications SET name_key = ?, name_sort = ?, search_ids = ? WHERE rowid = ?",
            changed,
        )
    conn.execute("INSERT INTO applications_fts (applications_fts) VALUES ('rebuild')")
    conn.execute(
        "UPDATE places SET name_key = fd_search_key(name) WHERE name_key != fd_search_key(name)"
    )


# When the registry decided a case, by its clock (the change feed's ``at``): retention
# counts a case's window from it, not from when this laptop, by its own clock, heard of the
# decision (frontdesk.store.decision_time). NULL for a case decided before this migration,
# by a registry that does not say, or imported from a file: aged as before.
MIGRATION_9 = """
ALTER TABLE applications ADD COLUMN decided_at TEXT
"""

# A revision this laptop sent that the registry holds with other content (sent before from
# the laptop this one was restored from, or from a colleague's laptop the case was moved
# to): the registry's is taken as the application's, since it is the one the back office
# decides on, and the worker's is set aside here, to be seen on the card, not lost.
MIGRATION_10 = """
CREATE TABLE set_aside (
    application_id TEXT NOT NULL REFERENCES applications(id),
    revision INTEGER NOT NULL,
    document TEXT NOT NULL,
    set_aside_at TEXT NOT NULL,
    PRIMARY KEY (application_id, revision)
) WITHOUT ROWID
"""

# What happened to one application (its card's history, the check that a late autosave is
# not of a discarded draft, how often sync renumbered a revision) is read by its id: the
# audit log was read whole for it, 26 ms (up to 160) with 100,000 applications, on the GUI
# thread when a card opened. A save writes one more page for it.
MIGRATION_11 = """
CREATE INDEX audit_application ON audit(application_id)
"""


# The decided cases whose personal data is still here, by when they were last recorded:
# what a retention run looks for (frontdesk.store.retention). It read every decided row to
# find them, 1 to 3 s with 300,000 applications at every run (a minute after each sign-in,
# then every 6 hours), nothing due or not, while the worker's saves waited. Only decided
# rows not yet stripped are in it: a new application's save writes nothing more.
MIGRATION_12 = """
CREATE INDEX applications_retention ON applications(updated_at)
WHERE purged_at IS NULL AND status IN ('granted', 'refused')
"""


def migration_13(conn: Any) -> None:
    """The day in an application's rowid (frontdesk.store.entry) is Kyiv's: it was the
    laptop's own time zone's, and a donated laptop set to UTC keyed an application taken at
    00:30 in Kyiv to the day before, where the journal's filter for its day did not find
    it. Only the applications keyed to another day move (none on a laptop that was set to
    Kyiv; on one left on UTC, those taken after midnight in Kyiv): each to the next free
    place of its day (within that day they come after the others: their order by time
    there is the one thing not kept), and the search index is made again. The others are
    not rewritten: a profile of years keeps its size, and opens in seconds."""
    rows = conn.execute(
        "SELECT rowid, created_at FROM applications WHERE rowid >= ?", (UNDATED_END,)
    ).fetchall()
    moving: dict[int, list[tuple[dt.datetime, int]]] = {}
    for rowid, created_at in rows:
        base = entry_base(created_at)
        if base and not base <= rowid < base + ENTRY_SLOTS:
            moving.setdefault(base, []).append((parse_stamp(created_at) or _NO_TIME, rowid))
    if not moving:
        return
    rekeyed = []
    for base, arriving in sorted(moving.items()):
        last = conn.execute(
            "SELECT max(rowid) FROM applications WHERE rowid >= ? AND rowid < ?",
            (base, base + ENTRY_SLOTS),
        ).fetchone()[0]
        first = base if last is None else int(last) + 1  # (past every rowid there: free)
        rekeyed += [(first + n, old) for n, (_moment, old) in enumerate(sorted(arriving))]
    # One statement a row: one for all kept every changed row in memory till its end (its
    # statement journal: SQLCipher keeps temporary files in memory), 0.7 GB for 300,000.
    conn.executemany("UPDATE applications SET rowid = ? WHERE rowid = ?", rekeyed)
    # The search index points at rowids: made again from the table (seconds for 300,000).
    conn.execute("INSERT INTO applications_fts (applications_fts) VALUES ('rebuild')")


# Each is a script of statements, or a function of the connection for work SQL cannot say.
MIGRATIONS: list[str | Callable[[Any], None]] = [
    MIGRATION_1,
    MIGRATION_2,
    MIGRATION_3,
    MIGRATION_4,
    migration_5,
    MIGRATION_6,
    MIGRATION_7,
    migration_8,
    MIGRATION_9,
    MIGRATION_10,
    MIGRATION_11,
    MIGRATION_12,
    migration_13,
]
