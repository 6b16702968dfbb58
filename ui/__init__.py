"""The PySide6 workstation GUI. Calls the core (``frontdesk``) and ``sync``; never SQL or HTTP."""
