"""Sync throughput: 10,000 queued applications to a local registry (SQLite), next to a
bare HTTP endpoint inserting the same batches into SQLite, measured in the same run.

Target (issue #3): at least 70% of the baseline.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

from bench.data import generate
from bench.environment import scratch
from frontdesk.document import content_hash
from frontdesk.profile import Profile
from sync.engine import BATCH_SIZE
from sync.workstation import connect, enrol
from tests.registry_process import RunningRegistry, free_port

COUNT = 10_000
RUNS = 5  # interleaved; this kind of machine drifts by tens of percent between runs


def queue(profile: Profile, count: int) -> None:
    apps = generate(count, seed=21)
    for start in range(0, count, 1000):
        profile.applications.import_batch(apps[start : start + 1000], "bench")


def baseline(database: Path, profile: Profile) -> float:
    """Seconds to push the same documents, in the same batches, to the bare endpoint."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.baseline_server", str(database), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/batch"
        deadline = time.monotonic() + 30
        session = requests.Session()
        while True:
            try:
                session.post(url, json={"items": []}, timeout=2)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        apps = list(profile.applications.export())
        start = time.perf_counter()
        for first in range(0, len(apps), BATCH_SIZE):
            chunk = apps[first : first + BATCH_SIZE]
            items = [{"document": a.to_dict(), "content_hash": content_hash(a)} for a in chunk]
            session.post(url, json={"items": items}, timeout=60).raise_for_status()
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)


def ours(registry_dir: Path, profile: Profile) -> float:
    with RunningRegistry(registry_dir) as registry:
        registry.add_community(profile.community, "Бенчмарк")
        enrol(profile, registry.url, registry.enrolment_code(profile.community))
        engine, transport = connect(profile)
        start = time.perf_counter()
        report = engine.push_all()
        elapsed = time.perf_counter() - start
        transport.close()
        assert report.delivered == COUNT, report
        return elapsed


def run() -> None:
    bases: list[float] = []
    mines: list[float] = []
    with scratch() as tmp:
        queued = tmp / "queued"
        with Profile.create(queued, workstation="BENCH", community="UA18040530000045696") as p:
            queue(p, COUNT)
        for number in range(RUNS):  # interleaved, each on a fresh copy of the same queue
            shutil.copytree(queued, tmp / f"run{number}")
            with Profile.open(tmp / f"run{number}") as profile:
                bases.append(baseline(tmp / f"baseline{number}.db", profile))
                mines.append(ours(tmp / f"registry{number}", profile))
    base, mine = statistics.median(bases), statistics.median(mines)
    print(
        f"baseline (bare endpoint, SQLite insert, batches of {BATCH_SIZE}): "
        f"{COUNT / base:,.0f} applications/s (median of {RUNS})"
    )
    print(
        f"FrontDesk sync to the registry (SQLite), batches of {BATCH_SIZE}: "
        f"{COUNT / mine:,.0f} applications/s (median of {RUNS})"
    )
    paired = [b / m for b, m in zip(bases, mines, strict=True)]  # each round, same machine state
    runs = ", ".join(f"{r:.0%}" for r in paired)
    print(
        f"sync / baseline throughput: {base / mine:.0%} from the medians, "
        f"{statistics.median(paired):.0%} median of the rounds (runs: {runs}; target >= 70%)"
    )
