"""Where a restore makes its copy of the backup before moving it into the profile folder
(beside the folder: :func:`frontdesk.backup.restore`), and what a restore cut short left
there."""

from __future__ import annotations

from pathlib import Path

from frontdesk.backup_copy import discard_partial


def restore_staging(root: Path) -> Path:
    """Where a restore into ``root`` makes its copy before moving it in: beside the folder,
    one name per folder (a restore cut short is overwritten by the next one)."""
    return root.parent / f".restore-{root.name}.db"


def remove_restore_staging(root: Path) -> None:
    """The copy (and its journal) a restore into ``root`` cut short left: every
    application, half keyed again, that nothing would ever open."""
    discard_partial(restore_staging(root))
