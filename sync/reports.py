"""What a sync round did: what it pushed, what it pulled (:class:`SyncReport`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PushReport:
    delivered: int = 0
    quarantined: int = 0
    # (application id, revision) of each quarantined: the round's pull may settle some
    # (a correction the back office's refusal took away is set aside: SyncEngine.sync_once)
    quarantined_items: list[tuple[str, int]] = field(default_factory=list)
    waiting_for_blobs: int = 0
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (old, new) numbers
    resolved_in_flight: int = 0
    bytes_uploaded: int = 0

    def add(self, other: PushReport) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def quarantine(self, application_id: str, revision: int) -> None:
        """Count one application the registry did not accept (or that could not be sent)."""
        self.quarantined += 1
        self.quarantined_items.append((application_id, revision))

    def settle(self, waiting: set[tuple[str, int]]) -> None:
        """Count as not accepted only what still ``waiting`` for the worker after the
        round's pull: a correction the registry refused because the back office had
        refused the case meanwhile is set aside by that decision
        (frontdesk.store.set_aside), and nobody needs to act on it (``frontdesk sync
        --once`` exited 3 for it)."""
        self.quarantined_items = [i for i in self.quarantined_items if i in waiting]
        self.quarantined = len(self.quarantined_items)


@dataclass
class PullReport:
    applied: list[dict[str, Any]] = field(default_factory=list)
    pages: int = 0
    # Delivered before, and not in the registry's whole feed (it lost them): queued again.
    sent_again: int = 0


@dataclass
class SyncReport:
    push: PushReport = field(default_factory=PushReport)
    pull: PullReport = field(default_factory=PullReport)

    @property
    def changed_anything(self) -> bool:
        """Whether the round changed what the worker sees: applications sent, refused,
        renumbered, or decided."""
        push = self.push
        pull = self.pull
        return bool(
            push.delivered or push.quarantined or push.renumbered or pull.applied or pull.sent_again
        )
