"""The reference central registry: the HTTP API workstations sync with.

It checks documents with the same code as the workstation
(:mod:`frontdesk.document`, :mod:`frontdesk.validation`) and never imports
the client's store, ``sync`` or ``ui``. Storage goes through one SQLAlchemy
Core layer (:mod:`registry.db`), so SQLite and PostgreSQL run the same code.
"""
