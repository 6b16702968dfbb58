"""FrontDesk core: the application model, validation, the local store and the CLI.

This package never imports Qt; the GUI in ``ui/`` calls into it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("frontdesk")
except PackageNotFoundError:  # running from a source tree or a frozen bundle without metadata
    __version__ = "0.1.0"
