"""The official КАТОТТГ codifier the tests load (31,748 objects, 2025-05-16), from the
project itself: a fresh clone on any machine runs the tests with nothing beside it.

The repository keeps it compressed (``tests/data/…csv.gz``, 0.4 MB of the 3.2 MB file);
it is unpacked once into the system's temporary folder, under a name of its content's
hash, and written whole or not at all (two test runs at once may both unpack it).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
KATOTTG_GZ = DATA / "katottg-2025-05-16.csv.gz"
KATOTTG_SHA256 = "bd57a0cd988296d2a6b22906de98de69410d3332307d2c19956d64d626285582"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def katottg_csv() -> Path:
    """The codifier CSV as a file, as the official one is named (unpacked if needed)."""
    folder = Path(tempfile.gettempdir()) / f"frontdesk-tests-{KATOTTG_SHA256[:16]}"
    target = folder / "katottg-2025-05-16.csv"
    if target.is_file() and _digest(target) == KATOTTG_SHA256:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    data = gzip.decompress(KATOTTG_GZ.read_bytes())
    if hashlib.sha256(data).hexdigest() != KATOTTG_SHA256:
        raise RuntimeError(f"{KATOTTG_GZ} is not the codifier of 2025-05-16 (damaged?)")
    partial = folder / f".{target.name}.{os.getpid()}"
    partial.write_bytes(data)
    os.replace(partial, target)
    return target
