"""Shared fixtures: every app folder (data, keyring) points at a temp dir."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from frontdesk.profile import Profile
from tests.reference_data import katottg_csv

ROOT = Path(__file__).resolve().parent.parent
KATOTTG_CSV = katottg_csv()  # the official codifier, kept in the project (tests/data)
EXAMPLES = ROOT / "docs" / "examples" / "applications.jsonl"
TODAY = dt.date(2026, 11, 22)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Frozen-bundle tests run only when asked (CI builds the bundle first)."""
    if os.environ.get("FRONTDESK_TEST_FROZEN") == "1":
        return
    skip = pytest.mark.skip(reason="needs `make bundle` and FRONTDESK_TEST_FROZEN=1 (CI does it)")
    for item in items:
        if "frozen" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A file keyring in a temp dir (tests only; the product refuses it), no real data dir,
    and the command line's default language."""
    monkeypatch.setenv("FRONTDESK_ALLOW_INSECURE_KEYRING", "1")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "default-profile"))
    monkeypatch.setenv("FRONTDESK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("FRONTDESK_LANG", "uk")  # the default, whatever the shell says
    monkeypatch.delenv("FRONTDESK_OPERATOR", raising=False)  # (a sign-in is each test's own)
    backend = PlaintextKeyring()
    # Where a child process (the CLI under test) finds it too, through XDG_DATA_HOME.
    backend.file_path = str(tmp_path / "xdg-data" / "python_keyring" / "keyring_pass.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def profile(profile_dir: Path) -> Iterator[Profile]:
    with Profile.create(profile_dir, workstation="ZT01", community="UA18040530000045696") as p:
        yield p


def example_documents() -> list[dict[str, object]]:
    return [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line]


def run_cli(
    *args: str,
    input_text: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run ``frontdesk`` in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "frontdesk", *args],
        input=input_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        check=False,
    )


CLI_COMMUNITY = "UA18040530000045696"
PASSPHRASE = "довга фраза для копії"  # a backup's, good enough for the strength rule


def run_init(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``frontdesk --data-dir ROOT init`` of workstation ZT01 in :data:`CLI_COMMUNITY`."""
    return run_cli(
        "--data-dir", str(root), "init", "--workstation", "ZT01", "--community", CLI_COMMUNITY,
        env=env,
    )  # fmt: skip


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    """A profile made as a person makes one, with ``frontdesk init``."""
    path = tmp_path / "cli-profile"
    result = run_cli(
        "--data-dir", str(path), "init", "--workstation", "zt01", "--community", CLI_COMMUNITY
    )
    assert result.returncode == 0, result.stderr
    return str(path)


def cli_profile_with_examples(tmp_path: Path) -> str:
    """A profile made and filled through the command line; returns its folder."""
    data_dir = str(tmp_path / "p")
    init = ("init", "--workstation", "ZT01", "--community", "UA18040530000045696")
    assert run_cli("--data-dir", data_dir, *init).returncode == 0
    assert run_cli("--data-dir", data_dir, "import", str(EXAMPLES)).returncode == 0
    return data_dir


def write_lines(path: Path, documents: list[dict[str, object]]) -> Path:
    """``documents`` as a JSON Lines file at ``path`` (UTF-8, as people's files come)."""
    lines = [json.dumps(d, ensure_ascii=False) for d in documents]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def loaded(profile: Profile) -> Profile:
    """``profile`` with the real КАТОТТГ codifier loaded (its progress counted to the end)."""
    seen: list[tuple[int, int]] = []
    count = profile.places.import_csv(KATOTTG_CSV, lambda done, total: seen.append((done, total)))
    assert count == 31_748
    assert seen[-1] == (31_748, 31_748)
    return profile


OLENA, OLENA_PASSWORD = "olena", "Весна-2026-ранок"
IVAN, IVAN_PASSWORD = "ivan", "Осінь-2025-вечір"


@pytest.fixture
def staffed(data_dir: str) -> str:
    """A profile made with ``frontdesk init``, with the example applications and two active
    operators (OLENA, IVAN)."""
    assert run_cli("--data-dir", data_dir, "import", str(EXAMPLES)).returncode == 0
    with Profile.open(Path(data_dir)) as profile:
        profile.operators.add(OLENA, OLENA_PASSWORD, "Олена Петренко", by="set-up")
        profile.operators.add(IVAN, IVAN_PASSWORD, "Іван Мельник", by="set-up")
    return data_dir


def access_log(data_dir: str, since: int = 0) -> list[tuple[str, str, str | None]]:
    """The access log after entry ``since``: (who, action, detail), the applications'
    own history left out."""
    with Profile.open(Path(data_dir)) as profile:
        rows = profile.db.query(
            "SELECT operator, action, detail FROM audit WHERE seq > ? "
            "AND application_id IS NULL ORDER BY seq",
            (since,),
        )
    return [(r["operator"], r["action"], r["detail"]) for r in rows]


def last_audit_seq(data_dir: str) -> int:
    with Profile.open(Path(data_dir)) as profile:
        return int(profile.db.scalar("SELECT coalesce(max(seq), 0) FROM audit"))
