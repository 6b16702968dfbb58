"""The sync engine: pushes the outbox to the central registry and pulls decisions back.

No Qt here: the GUI drives :class:`sync.engine.SyncEngine` from a worker thread.
"""
