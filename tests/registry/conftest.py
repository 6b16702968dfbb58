"""Fixtures: a real registry process for each backend (SQLite, PostgreSQL).

Tests share one process per backend for speed; each test works in its own
community (``device`` enrols a new one), so tests never see each other's data.
Tests that stop the server or change what every community sees use
``fresh_registry`` instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.registry.registry_client import RegistryClient
from tests.registry_process import (
    Enrolment,
    PostgresCluster,
    RunningRegistry,
    find_postgres_bindir,
)

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    bindir = find_postgres_bindir()
    if bindir is None:
        reason = "PostgreSQL not available: no initdb in /usr/lib/postgresql/*/bin or on PATH"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI must run the PostgreSQL tests)")
        pytest.skip(reason)
    cluster = PostgresCluster(bindir).start()
    try:
        yield cluster
    finally:
        cluster.stop()


def _database_url(request: pytest.FixtureRequest, backend: str) -> str | None:
    if backend == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
        return cluster.create_database()
    return None  # a SQLite file in the registry's folder


@pytest.fixture(scope="session", params=BACKENDS)
def registry(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningRegistry]:
    """One registry process per backend, shared by the tests (each in its own community)."""
    workdir = tmp_path_factory.mktemp(f"registry-{request.param}")
    with RunningRegistry(workdir, database_url=_database_url(request, request.param)) as running:
        yield running


@pytest.fixture
def fresh_registry(tmp_path: Path) -> Iterator[RunningRegistry]:
    """A registry of this test's own (SQLite), for tests that stop, restart or publish."""
    with RunningRegistry(tmp_path / "registry") as running:
        yield running


@pytest.fixture(params=BACKENDS)
def own_registry(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RunningRegistry]:
    """A registry of this test's own on each backend (a new PostgreSQL database)."""
    url = _database_url(request, request.param)
    with RunningRegistry(tmp_path / "registry", database_url=url) as running:
        yield running


@pytest.fixture
def device(registry: RunningRegistry) -> Enrolment:
    """An enrolled workstation of a community no other test uses."""
    return registry.enrol()


@pytest.fixture
def client(registry: RunningRegistry, device: Enrolment) -> Iterator[RegistryClient]:
    """HTTP helpers acting as the ``device`` workstation."""
    made = RegistryClient(registry, device)
    yield made
    made.close()


@pytest.fixture
def client_for(registry: RunningRegistry) -> Iterator[Callable[[Enrolment], RegistryClient]]:
    """Make clients for more workstations (other communities)."""
    made: list[RegistryClient] = []

    def make(device: Enrolment) -> RegistryClient:
        made.append(RegistryClient(registry, device))
        return made[-1]

    yield make
    for one in made:
        one.close()
