"""A real registry process and an enrolled workstation profile for sync tests."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from frontdesk.document import parse
from frontdesk.model import Application, Status
from frontdesk.profile import Profile
from sync.engine import SyncEngine
from sync.transport import Transport
from sync.workstation import connect, enrol
from tests.conftest import example_documents
from tests.factories import application
from tests.registry_process import RunningRegistry


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[RunningRegistry]:
    with RunningRegistry(tmp_path / "registry") as running:
        yield running


@dataclass
class Workstation:
    profile: Profile
    registry: RunningRegistry
    community: str

    def engine(self) -> SyncEngine:
        engine, transport = connect(self.profile)
        self._transports.append(transport)
        return engine

    def __post_init__(self) -> None:
        self._transports: list[Transport] = []

    def close(self) -> None:
        for transport in self._transports:
            transport.close()
        self.profile.close()

    def capture_examples(self) -> list[str]:
        """Import the example applications; returns the ids of those ready to send."""
        ids = []
        for data in example_documents():
            app = self.profile.applications.import_document(parse(data), "oksana").application
            if app.status is Status.READY:
                ids.append(app.id)
        return ids

    def registry_applications_after_restart(self) -> list[dict[str, Any]]:
        self.registry.start()
        return self.registry_applications()

    def registry_applications(self) -> list[dict[str, Any]]:
        listed = self.registry.cli("list", "--json", "--community", self.community)
        rows: list[dict[str, Any]] = json.loads(listed.stdout)
        return rows


def enrolled(
    tmp_path: Path,
    registry: RunningRegistry,
    name: str = "ws",
    code: str = "ZT01",
    ca_bundle: str | None = None,
) -> Workstation:
    community = registry.add_community()
    profile = Profile.create(tmp_path / name, workstation=code, community=community)
    enrol(profile, registry.url, registry.enrolment_code(community), ca_bundle)
    return Workstation(profile, registry, community)


@pytest.fixture
def workstation(tmp_path: Path, registry: RunningRegistry) -> Iterator[Workstation]:
    station = enrolled(tmp_path, registry)
    yield station
    station.close()


def assert_only_the_bad_one_is_held(station: Workstation, bad: Application, error: str) -> None:
    """Sync ``bad`` next to a good application: the good one arrives, ``bad`` is
    quarantined here with ``error``, and it holds nothing else up."""
    fine = station.profile.applications.save(application(surname="Бондар"), "o").application
    report = station.engine().sync_once()
    assert (report.push.delivered, report.push.quarantined) == (1, 1)
    [held] = station.profile.outbox.quarantined()
    assert held.application_id == bad.id and held.reason["error"] == error
    assert_exactly_once(station, [fine.id])


def assert_exactly_once(station: Workstation, expected_ids: list[str]) -> None:
    """The registry holds exactly these applications of the community, each once."""
    rows = station.registry_applications()
    counts = Counter(row["id"] for row in rows)
    assert sorted(counts) == sorted(expected_ids)
    assert set(counts.values()) == {1}
