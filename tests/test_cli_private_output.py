"""What `show` and `list` print of residents, sent to a file by the shell, is readable by
its owner only, as `export`'s is."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, run_cli


@pytest.mark.parametrize(
    "command",
    [["show", "ZT01-2026-000001", "--json"], ["show", "ZT01-2026-000001"], ["list", "--json"]],
)
def test_a_case_printed_to_a_file_is_its_owners_alone(
    data_dir: str, tmp_path: Path, command: list[str]
) -> None:
    """(`show … --json > case.json` came out -rw-r--r--: the РНОКПП, УНЗР, IBAN, address
    and phone, readable by every account on the laptop, while `export > file` was 0600)"""
    assert run_cli("--data-dir", data_dir, "import", str(EXAMPLES)).returncode == 0
    printed = tmp_path / "case.txt"
    os.close(os.open(printed, os.O_CREAT | os.O_WRONLY, 0o644))  # as the shell makes it
    os.chmod(printed, 0o644)
    with printed.open("w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "frontdesk", "--data-dir", data_dir, *command],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(printed.stat().st_mode) == 0o600
    assert "Коваленко" in printed.read_text(encoding="utf-8")
