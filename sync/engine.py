"""The sync engine: a plain object driven step by step ("push once", "pull once").

Invariants (DESIGN.md, "Sync protocol"):

- an outbox row leaves only after the acknowledgement is durably recorded;
- an application is marked in flight (immutable) before any byte of it leaves,
  and a row found in flight is resolved by asking the registry, never guessed;
- attachments are uploaded, resumably, before the application that needs them;
- one refused application is quarantined with its reason and never blocks others;
- order comes from the outbox sequence and the registry's cursor, never from clocks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from frontdesk.store.applications import ApplicationStore
from frontdesk.store.outbox import CURSOR_KEY, Outbox, OutboxItem
from sync.errors import AttachmentRefused, ProtocolError
from sync.protocol import ItemResult, RegistryClient

log = logging.getLogger(__name__)
BATCH_SIZE = 100  # ~15x the throughput of one per request, measured (docs/protocol.md)
MAX_BLOB_ATTEMPTS = 3


@dataclass
class PushReport:
    delivered: int = 0
    quarantined: int = 0
    waiting_for_blobs: int = 0
    resolved_in_flight: int = 0
    bytes_uploaded: int = 0

    def add(self, other: PushReport) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class PullReport:
    applied: list[dict[str, Any]] = field(default_factory=list)
    pages: int = 0


@dataclass
class SyncReport:
    push: PushReport
    pull: PullReport


Progress = Callable[[str, int, int], None]


class SyncEngine:
    def __init__(
        self,
        outbox: Outbox,
        applications: ApplicationStore,
        client: RegistryClient,
        *,
        batch_size: int = BATCH_SIZE,
        progress: Progress | None = None,
    ) -> None:
        self._outbox = outbox
        self._applications = applications
        self._client = client
        self._batch_size = batch_size
        self._progress = progress

    # --- the whole round -------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        """Push everything pending, then pull every change; record success."""
        push = self.push_all()
        pull = self.pull_all()
        self._outbox.record_success()
        return SyncReport(push, pull)

    def push_all(self) -> PushReport:
        total = PushReport()
        total.add(self.resolve_in_flight())
        while True:
            report = self.push_once()
            total.add(report)
            if report.delivered + report.quarantined == 0:
                return total  # nothing left, or only items waiting for their attachments

    # --- steps -----------------------------------------------------------------------

    def resolve_in_flight(self) -> PushReport:
        """Settle rows left "maybe delivered" by a crash or a lost answer: ask the registry."""
        report = PushReport()
        for item in self._outbox.in_flight():
            held = self._client.revision(item.application_id, item.revision)
            if held is None:
                self._outbox.release(item)
            elif held.get("content_hash") not in (None, item.content_hash):
                reason = {"outcome": "conflict", "error": "revision.conflict", "problems": []}
                self._outbox.quarantine(item, reason)
                report.quarantined += 1
            else:
                self._outbox.acknowledge(item, held.get("ack") or held)
                report.delivered += 1
            report.resolved_in_flight += 1
        return report

    def push_once(self) -> PushReport:
        """Send one batch: claim it, upload its attachments, push, record each result."""
        report = PushReport()
        items = self._outbox.claim(self._batch_size)
        if not items:
            return report
        ready: list[OutboxItem] = []
        for item in items:
            try:
                missing = self._upload_attachments(item, report)
            except AttachmentRefused as exc:
                reason = {
                    "outcome": "rejected",
                    "error": "attachment.refused",
                    "detail": exc.reason,
                    "missing": [exc.sha256],
                }
                self._outbox.quarantine(item, reason)
                report.quarantined += 1
                continue
            if missing:
                # A scan lost on this laptop cannot be sent: the worker must re-attach it.
                reason = {"outcome": "rejected", "error": "attachment.missing", "missing": missing}
                self._outbox.quarantine(item, reason)
                report.quarantined += 1
            else:
                ready.append(item)
        if not ready:
            return report
        results = self._client.push([(item.document, item.content_hash) for item in ready])
        decided: list[tuple[OutboxItem, dict[str, Any] | None, dict[str, Any] | None]] = []
        for item, result in zip(ready, results, strict=True):
            outcome = self._judge(item, result, report)
            if outcome is not None:
                decided.append(outcome)
        self._outbox.record_results(decided)
        if self._progress:
            self._progress("push", report.delivered, len(items))
        return report

    def pull_all(self) -> PullReport:
        report = PullReport()
        while True:
            page = self._client.changes(self._outbox.setting(CURSOR_KEY))
            report.applied += self._outbox.apply_changes(page.changes, page.cursor)
            report.pages += 1
            if not page.more or not page.changes:
                return report

    # --- internals -------------------------------------------------------------------

    def _upload_attachments(self, item: OutboxItem, report: PushReport) -> list[str]:
        """Upload the item's blobs the registry lacks; returns those missing locally."""
        missing = []
        for sha256 in item.attachments:
            if not self._applications.has_blob(sha256):
                missing.append(sha256)
                continue
            data = self._applications.get_blob(sha256)
            report.bytes_uploaded += self._client.upload_blob(sha256, data)
        return missing

    def _judge(
        self, item: OutboxItem, result: ItemResult, report: PushReport
    ) -> tuple[OutboxItem, dict[str, Any] | None, dict[str, Any] | None] | None:
        """What to record for one item's result; None when it simply goes back to pending."""
        if (result.id, result.revision) != (item.application_id, item.revision):
            raise ProtocolError(
                f"result for {result.id}/{result.revision} in place of {item.application_id}"
            )
        if result.delivered:
            report.delivered += 1
            return (item, result.ack, None)
        if result.outcome == "missing_blobs" and item.attempts < MAX_BLOB_ATTEMPTS:
            # Uploaded just now, so the registry should have them: try again next round.
            self._outbox.release(item, f"registry lacks attachments: {', '.join(result.missing)}")
            report.waiting_for_blobs += 1
            return None
        if result.outcome in ("rejected", "conflict", "missing_blobs"):
            report.quarantined += 1
            log.info("application %s revision %s %s", item.number, item.revision, result.outcome)
            reason = {"outcome": result.outcome, "error": result.error, "problems": result.problems}
            return (item, None, reason)
        raise ProtocolError(f"unknown outcome {result.outcome!r}")
