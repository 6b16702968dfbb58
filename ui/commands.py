"""Registers the GUI with the ``frontdesk`` command line (no Qt import until it runs)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

NO_DISPLAY = (
    "Немає графічного дисплея: запустіть FrontDesk у графічному сеансі або скористайтеся "
    "командами (frontdesk --help).\n"
    "No graphical display: start FrontDesk in a desktop session, or use the commands "
    "(frontdesk --help)."
)


def register(sub: Any) -> None:
    from frontdesk.command_language import say

    gui = sub.add_parser(
        "gui",
        help=say(
            "запустити програму робочого місця (і без команди)",
            "start the workstation app (also the default)",
        ),
    )
    gui.set_defaults(handler=run_gui)


def has_display() -> bool:
    """Whether Qt can open a window here (it aborts the process when it cannot)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_gui(args: argparse.Namespace) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from ui.app import main

    return main(args)
