"""``python -m bench [core|sync|gui|bundle ...]``: run benchmarks and print their figures."""

from __future__ import annotations

import importlib
import sys

SUITES = ("core", "sync", "gui", "bundle")


def main(argv: list[str]) -> int:
    chosen = argv or ["core"]
    for name in chosen:
        if name not in SUITES:
            print(f"unknown suite {name!r}; choose from {', '.join(SUITES)}", file=sys.stderr)
            return 2
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name} ==", flush=True)
        module.run()
    return 0


raise SystemExit(main(sys.argv[1:]))
