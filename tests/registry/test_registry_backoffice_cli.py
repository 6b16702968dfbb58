"""The back office's ``frontdesk-registry`` at work: database URLs as administrators
write them, output piped into other programs, decisions on a case that moved on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.registry_process import PostgresCluster, RunningRegistry

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "registry.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        cwd=cwd,
        env={
            **{k: v for k, v in os.environ.items() if k != "FRONTDESK_REGISTRY_DATABASE"},
            "PYTHONPATH": str(ROOT),
        },
    )


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("registry.db", "Not a database URL"),
        ("mysql://registry@127.0.0.1/registry", "SQLite or PostgreSQL, not 'mysql'"),
        ("postgresql+psycopg2://registry:s3cret@127.0.0.1/registry", "is not installed"),
    ],
)
@pytest.mark.parametrize("command", [["list"], ["serve", "--port", "0"]])
def test_a_database_url_the_registry_cannot_use_is_one_line(
    url: str, said: str, command: list[str], tmp_path: Path
) -> None:
    done = _cli("--database", url, *command, cwd=tmp_path)

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("error: ") and said in line
    assert "postgresql+psycopg://" in line  # what to write instead
    assert "s3cret" not in line


@pytest.mark.postgres
def test_a_postgres_url_as_psql_writes_it_is_postgresql(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> None:
    """``postgres://`` is what psql and hosting providers give: it is PostgreSQL."""
    url = postgres_cluster.create_database().replace("postgresql+psycopg://", "postgres://")
    added = _cli("--database", url, "community", "add", "UA18040000000000001", "--name", "Т")
    listed = _cli("--database", url, "community", "list")

    assert added.returncode == 0, added.stderr
    assert listed.stdout.startswith("UA18040000000000001\tТ")


def test_output_piped_into_head_ends_without_an_error(registry: RunningRegistry) -> None:
    """`frontdesk-registry community list | head -1`: head closes the pipe early."""
    registry.add_community()
    command = [sys.executable, "-m", "registry.cli", "--database", registry.database_url]
    with subprocess.Popen(
        [*command, "community", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=registry.env({"PYTHONPATH": str(ROOT)}),
        cwd=registry.workdir,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # as head does once it has its lines (here: before any)
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0
    assert stderr == ""
