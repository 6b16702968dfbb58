"""The bundle: its size, and start-up of the frozen app next to the unfrozen one,
measured in the same run (both open the same profile, with the same Secret Service
keyring in a private D-Bus session). Targets (issue #5): under 180 MB; frozen
start within 1.5x of unfrozen. Needs `make bundle` first.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.environment import compile_bytecode

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "frontdesk"
RUNS = 7

TIMER = r"""
set -e
echo -n bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
"$FROZEN" --data-dir "$DATA" init --workstation BENCH --community UA18040530000045696 >/dev/null
"$FROZEN" --data-dir "$DATA" import "$EXAMPLES" >/dev/null
for i in $(seq "$RUNS"); do
  for which in frozen unfrozen; do
    if [ "$which" = frozen ]; then cmd=("$FROZEN"); else cmd=("$PYTHON" -m frontdesk); fi
    start=$(date +%s%N)
    "${cmd[@]}" --data-dir "$DATA" status --json >/dev/null
    end=$(date +%s%N)
    echo "$which $(( (end - start) / 1000 ))"
  done
done
"""


def size_mb(path: Path) -> float:
    files = (p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 1e6


def run() -> None:
    executable = BUNDLE / ("frontdesk.exe" if os.name == "nt" else "frontdesk")
    if not executable.exists():
        print("no bundle: run `make bundle` first")
        return
    print(f"bundle size: {size_mb(BUNDLE):.0f} MB (target < 180 MB)")
    compile_bytecode()  # the unfrozen side as installed, not compiling its sources each start
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTHON_KEYRING")},
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "QT_QPA_PLATFORM": "offscreen",
            "FROZEN": str(executable),
            "PYTHON": sys.executable,
            "DATA": str(Path(tmp) / "p"),
            "EXAMPLES": str(ROOT / "docs" / "examples" / "applications.jsonl"),
            "RUNS": str(RUNS),
            "FRONTDESK_LOG_DIR": str(Path(tmp) / "logs"),
        }
        env.pop("FRONTDESK_ALLOW_INSECURE_KEYRING", None)
        out = subprocess.run(
            ["dbus-run-session", "--", "bash", "-c", TIMER],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        ).stdout
    times: dict[str, list[float]] = {"frozen": [], "unfrozen": []}
    for line in out.split("\n"):
        if line.startswith(("frozen ", "unfrozen ")):
            which, micros = line.split()
            times[which].append(int(micros) / 1000)
    frozen, unfrozen = statistics.median(times["frozen"]), statistics.median(times["unfrozen"])
    print(f"start to finished `status` (opens the encrypted profile), median of {RUNS}:")
    print(f"  unfrozen (python -m frontdesk): {unfrozen:.0f} ms")
    print(f"  frozen (dist/frontdesk/frontdesk): {frozen:.0f} ms")
    print(f"  frozen / unfrozen: {frozen / unfrozen:.2f}x (target <= 1.5x)")
