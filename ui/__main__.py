"""``python -m ui [--data-dir DIR]``: start the workstation app."""

from __future__ import annotations

import argparse

from frontdesk import hardening, logs
from ui.app import main

hardening.harden_process()  # first (ui.app.main does it again, and logs what was missed)
parser = argparse.ArgumentParser(prog="python -m ui", description="FrontDesk workstation app")
parser.add_argument("--data-dir", metavar="DIR", help="profile folder")
arguments = parser.parse_args()
logs.configure()
raise SystemExit(main(arguments))
