"""A throw-away profile for benchmarks: temp folder and a file keyring in it."""

from __future__ import annotations

import compileall
import os
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("frontdesk", "sync", "ui", "resources", "bench")


def compile_bytecode() -> None:
    """Write the app's bytecode, as an installation has it (pip compiles on install; the
    bundle carries it), so a start-up figure never includes compiling the sources: with
    PYTHONDONTWRITEBYTECODE set, or after an edit, Python would compile at every start."""
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)


@contextmanager
def scratch() -> Iterator[Path]:
    """A temp dir with a test-only file keyring (the product refuses it elsewhere)."""
    from keyrings.alt.file import PlaintextKeyring

    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as tmp:
        os.environ["FRONTDESK_ALLOW_INSECURE_KEYRING"] = "1"
        backend = PlaintextKeyring()
        backend.file_path = str(Path(tmp) / "keyring.cfg")
        keyring.set_keyring(backend)
        yield Path(tmp)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def describe(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {median_ms(samples):.3f} ms, p95 {p95 * 1000:.3f} ms, n={len(samples)}"
