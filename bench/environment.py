"""A throw-away profile for benchmarks: temp folder and a file keyring in it."""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring


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
