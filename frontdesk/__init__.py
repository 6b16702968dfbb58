"""FrontDesk core: the application model, validation, the local store and the CLI.

This package never imports Qt; the GUI in ``ui/`` calls into it.
"""

from frontdesk._version import __version__

__all__ = ["__version__"]
