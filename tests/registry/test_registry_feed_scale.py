"""The change feed with many communities on PostgreSQL: a poll reads what it returns."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from registry.db import changes
from registry.service import Registry
from tests.registry_process import PostgresCluster

QUIET, BUSY = "UA18040000000000001", "UA18040000000000002"


@pytest.fixture
def postgres_registry(postgres_cluster: PostgresCluster) -> Iterator[Registry]:
    registry = Registry.open(postgres_cluster.create_database())
    try:
        yield registry
    finally:
        registry.close()


def _status_changes(community: str, count: int) -> list[dict[str, Any]]:
    return [
        {
            "community": community,
            "kind": "status",
            "application_id": str(uuid.uuid4()),
            "number": f"ZT01-2026-{i:06d}",
            "revision": 1,
            "status": "accepted",
            "reason": None,
            "created_at": "2026-11-23T06:45:56.123456+00:00",
        }
        for i in range(1, count + 1)
    ]


def _rows_read(registry: Registry, community: str, cursor: str) -> tuple[int, int]:
    """What a poll returned, and how many rows PostgreSQL's plan for it read."""
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "ORDER BY" in statement:
            statements.append((statement, parameters))

    event.listen(registry.db.engine, "before_cursor_execute", capture)
    try:
        returned = len(registry.feed.read(community, cursor, 100)["changes"])
    finally:
        event.remove(registry.db.engine, "before_cursor_execute", capture)
    [(statement, parameters)] = statements
    raw = registry.db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters)
        [[[plan]]] = cur.fetchall()
    finally:
        raw.close()

    def read(node: dict[str, Any]) -> int:
        own = 0
        if "Scan" in node["Node Type"]:
            own = node["Actual Rows"] * node["Actual Loops"] + node.get("Rows Removed by Filter", 0)
        return own + sum(read(child) for child in node.get("Plans", []))

    return returned, read(plan["Plan"])


@pytest.mark.postgres
def test_a_quiet_communitys_poll_does_not_read_the_other_communities_feed(
    postgres_registry: Registry,
) -> None:
    """A village with no new decision keeps its cursor at its last change; its laptop polls
    every minute, 1 430 of them. Each poll read every community's changes since (20 000
    here, millions in a year), or all of its own past ones, to return none."""
    registry = postgres_registry
    for code in (QUIET, BUSY):
        registry.accounts.add_community(code, "Громада")
    with registry.db.write() as conn:
        conn.execute(changes.insert(), _status_changes(QUIET, 2_000))  # its past years
        conn.execute(changes.insert(), _status_changes(BUSY, 20_000))  # everyone's since
    with registry.db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE changes"))
    cursor = registry.feed.read(QUIET, None, 1000)["cursor"]
    cursor = registry.feed.read(QUIET, cursor, 1000)["cursor"]  # read to its end

    returned, read = _rows_read(registry, QUIET, cursor)

    assert returned == 0
    assert read < 100, f"the poll read {read} rows to return none"
    assert len(registry.feed.read(BUSY, None, 1000)["changes"]) == 1000
