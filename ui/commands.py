"""Registers the GUI with the ``frontdesk`` command line (no Qt import until it runs)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    gui = sub.add_parser("gui", help="start the workstation app (also the default)")
    gui.set_defaults(handler=run_gui)


def run_gui(args: argparse.Namespace) -> int:
    from ui.app import main

    return main(args)
