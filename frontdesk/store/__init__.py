"""The local store: an encrypted SQLite database per workstation profile."""
