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
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from frontdesk.exclusive import SYNC_LOCK, ProfileLock
from frontdesk.store.applications import ApplicationStore
from frontdesk.store.outbox import Outbox, OutboxItem
from sync.errors import (
    AttachmentRefused,
    BatchTooLarge,
    ProtocolError,
    SyncError,
)
from sync.pipeline import Batch, NotSent, Sender
from sync.protocol import ItemResult, RegistryClient, encode_batch_texts
from sync.pulling import read_feed
from sync.reports import PullReport, PushReport, SyncReport

log = logging.getLogger(__name__)
BATCH_SIZE = 100  # ~15x the throughput of one per request, measured (docs/protocol.md)
MAX_BLOB_ATTEMPTS = 3
# Batches on the wire at once. With one, the registry idles while its answer travels
# back and the next batch travels in (~15% of a batch's time on one machine); with
# two, it is already reading the next one. bench/sync.py measures it.
PIPELINE_DEPTH = 2


# (stage, done, total). Stages: "wait" (another program's round first), "claim" (``done``
# applications just put in flight: from now until their answer they cannot be changed),
# "push" (a batch's answers recorded: ``done`` delivered of ``total``).
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
        depth: int = PIPELINE_DEPTH,
    ) -> None:
        self._outbox = outbox
        self._applications = applications
        self._client = client
        self._batch_size = batch_size
        self._progress = progress
        self._depth = max(1, depth)
        self._round = ProfileLock(outbox.folder, SYNC_LOCK)  # one round at a time
        # The scanned part of a claim, sent after its plain part (see _claim): claimed,
        # never yet sent.
        self._queued: deque[Batch] = deque()
        self._stopping: threading.Event | None = None  # the round's (sync_once)

    # --- the whole round -------------------------------------------------------------

    def sync_once(
        self, report: SyncReport | None = None, *, stopping: threading.Event | None = None
    ) -> SyncReport:
        """Push everything pending, then pull every change; record success.

        ``report`` is filled as the round goes: a round that fails part-way (the link
        drops on the second page of decisions) has committed what it did so far, and its
        caller still learns what that was.

        One round at a time on the profile (frontdesk.exclusive): while another program's
        round runs (the app's, or ``frontdesk sync``), this one waits for it to end
        (progress stage "wait"); ``stopping`` set meanwhile ends the wait, with no round.
        """
        report = report if report is not None else SyncReport()
        if not self._round.acquire(stopping=stopping, waiting=self._waiting):
            return report
        self._stopping = stopping
        try:
            pushing_failed: ProtocolError | None = None
            try:
                self._push_all_fitting(report.push)
            except ProtocolError as exc:
                # The registry answered, and not as this push needs (a proxy refusing a
                # scan, an answer not understood): the decisions it holds still come.
                # The round fails all the same, with this push's problem.
                pushing_failed = exc
            if self._stop_asked():  # (the app closing: no more requests; no success)
                return report
            try:
                self.pull_all(report.pull)
            except SyncError:
                if pushing_failed is not None:
                    raise pushing_failed from None  # (the first problem is the one said)
                raise
            if pushing_failed is not None:
                raise pushing_failed
            if self._stop_asked():
                return report
            if report.pull.sent_again:
                # What the registry lost goes now, not a round later; and its "accepted".
                # (The feed is read on from where it stopped: this happens once a round.)
                self._push_all_fitting(report.push)
                self.pull_all(report.pull)
            if report.push.quarantined_items:  # (the pull may have settled some)
                report.push.settle(
                    {(q.application_id, q.revision) for q in self._outbox.quarantined()}
                )
            self._outbox.record_success()
        finally:
            self._stopping = None
            self._round.release()
        return report

    def _push_all_fitting(self, total: PushReport) -> PushReport:
        """:meth:`push_all`, in smaller batches each time one is refused as too large (by
        the registry, or a proxy on the way: nothing of it was taken); the smaller size is
        kept for the rounds after. One application refused alone is the round's failure."""
        while True:
            try:
                return self.push_all(total)
            except BatchTooLarge as exc:
                if exc.items <= 1 or self._stop_asked():
                    raise
                self._batch_size = max(1, min(self._batch_size, exc.items) // 2)
                log.info("a batch of %d was too large: batches of %d", exc.items, self._batch_size)

    def _stop_asked(self) -> bool:
        """The round's ``stopping`` is set (the window closing, the session ending): no
        next batch nor page is begun; what is on the wire is finished and recorded."""
        return self._stopping is not None and self._stopping.is_set()

    def _waiting(self) -> None:
        if self._progress:
            self._progress("wait", 0, 0)

    def push_all(self, total: PushReport | None = None) -> PushReport:
        """Push batches until nothing is left (or only items waiting for attachments).

        Pipelined: while the registry works on one batch (sent from a worker thread),
        this thread records the answers of those before and claims and encodes the
        next, so the registry is never left waiting for the workstation's database
        or for the way back and forth of its answers. The outbox invariants hold at
        every instant: a batch is claimed (in flight) before it is queued for
        sending, its rows leave only when its answers are recorded, and at most
        ``depth`` batches are on the wire, with one more claimed behind them.
        After a failure nothing more is sent; an answer already received is still
        recorded, a batch never sent goes back to pending, and one whose fate is
        unknown stays in flight for :meth:`resolve_in_flight`.
        """
        total = total if total is not None else PushReport()
        self.resolve_in_flight(total)
        sender = Sender(self._client, self._depth)
        sent: deque[Batch] = deque()  # queued or on the wire, oldest first; not recorded
        current: Batch | None = None
        more = True  # keep claiming
        try:
            while more or sent:
                more = more and not self._stop_asked()
                current = self._claim() if more else None
                if current is None:
                    more = False
                elif current.uploads_needed and sent:
                    # Uploads share the HTTP session with the senders: let them finish first.
                    progressed = False
                    while sent:
                        progressed = self._finish(sent.popleft(), total) or progressed
                    more = progressed
                if current is not None:
                    self._prepare(current)
                    if current.ready:
                        sender.submit(current)
                        sent.append(current)
                    else:  # nothing to send: every item was quarantined here
                        self._finish(current, total)
                claimed = current is not None
                current = None
                while sent and (len(sent) > self._depth or not more):
                    progressed = self._finish(sent.popleft(), total)
                    # Items sent back to pending (waiting for attachments) get another
                    # round; a round without progress ends the push, as serially.
                    more = progressed and (more or not claimed)
        except BaseException:
            self._abandon([*sent, *([current] if current is not None else [])], sender, total)
            raise
        finally:
            self._release_queued()
            sender.close()
        return total

    # --- steps -----------------------------------------------------------------------

    def resolve_in_flight(self, report: PushReport | None = None) -> PushReport:
        """Settle rows left "maybe delivered" by a crash or a lost answer: ask the registry.
        ``report`` is filled as it goes (the link may drop after the first answers).

        One the registry does not hold (yet) is sent again as it is, and stays in flight
        until the registry answers for it: the request that left before may still be on
        its way (a slow registry stores it after the client gave up), so the worker must
        not change that revision meanwhile. Released to pending, it could be edited, the
        late copy stored, the edit refused as a conflict, and the registry's decision
        shown over content it never had.
        """
        report = report if report is not None else PushReport()
        unheld: list[OutboxItem] = []
        for item in self._outbox.in_flight():
            held = self._client.revision(item.application_id, item.revision)
            if held is None:
                unheld.append(item)
            elif held["content_hash"] != item.content_hash:
                reason = {"outcome": "conflict", "error": "revision.conflict", "problems": []}
                self._outbox.quarantine(item, reason)
                report.quarantine(item.application_id, item.revision)
            else:
                self._outbox.acknowledge(item, held.get("ack") or held)
                report.delivered += 1
            if held is not None:
                report.resolved_in_flight += 1
        while unheld:
            # The same bytes again: stored once whichever copy arrives first, the other
            # acknowledged as the same revision. If this fails too, they stay in flight;
            # refused as too large (nothing taken), in smaller batches.
            batch = Batch(unheld[: self._batch_size])
            self._prepare(batch)
            try:
                if batch.ready:
                    batch.answer = self._client.push_encoded(batch.body, len(batch.ready))
            except BatchTooLarge as exc:
                if exc.items <= 1:
                    raise
                self._batch_size = max(1, min(self._batch_size, exc.items) // 2)
                continue
            self._finish(batch, report)
            report.resolved_in_flight += len(batch.items)
            del unheld[: len(batch.items)]
        return report

    def push_once(self) -> PushReport:
        """Send one batch: claim it, upload its attachments, push, record each result."""
        report = PushReport()
        batch = self._claim()
        if batch is None:
            return report
        try:
            self._prepare(batch)
            if batch.ready:
                batch.answer = self._client.push_encoded(batch.body, len(batch.ready))
            self._finish(batch, report)
        finally:
            self._release_queued()  # (one batch: the scanned rest goes next time)
        return report

    def pull_all(self, report: PullReport | None = None) -> PullReport:
        """Apply every change of the registry's feed after the stored cursor
        (:func:`sync.pulling.read_feed`)."""
        report = report if report is not None else PullReport()
        return read_feed(self._client, self._outbox, self._applications, report, self._stop_asked)

    # --- one batch: claim, prepare, (send), finish ------------------------------------

    def _claim(self) -> Batch | None:
        """The next batch to send. Applications with scans to upload go in a batch of
        their own, after those of the same claim without: a large scan on a slow link
        (a 12 MB PDF: 15 s at 1 MB/s, minutes on 3G) held back every application claimed
        with it, and a link lost meanwhile delivered none of them."""
        if self._queued:
            return self._queued.popleft()
        items = self._outbox.claim(self._batch_size)
        if items and self._progress:
            try:
                self._progress("claim", len(items), 0)  # (an open card stops offering Edit)
            except BaseException:
                self._release_all(items)  # (nothing of them sent: not left in flight)
                raise
        plain = [item for item in items if not item.attachments]
        scanned = [item for item in items if item.attachments]
        if plain and scanned:
            self._queued.append(Batch(scanned))
            return Batch(plain)
        return Batch(items) if items else None

    def _release_all(self, items: list[OutboxItem]) -> None:
        try:
            for item in items:
                self._outbox.release(item)
        except Exception as exc:  # (the failure that ended the round is the one raised)
            log.warning("claimed items left in flight (%s)", type(exc).__name__)

    def _release_queued(self) -> None:
        """Claimed and never sent (the round ended first): pending again, at once. If the
        database will not have it now, they stay in flight: the next round asks the
        registry about them (resolve_in_flight), as after a crash."""
        queued, self._queued = list(self._queued), deque()
        self._release_all([item for batch in queued for item in batch.items])

    def _prepare(self, batch: Batch) -> None:
        """Upload the batch's attachments, quarantine what cannot go, encode the rest."""
        for item in batch.items:
            try:
                missing = self._upload_attachments(item, batch.report)
            except AttachmentRefused as exc:
                reason = {
                    "outcome": "rejected",
                    "error": "attachment.refused",
                    "detail": exc.reason,
                    "missing": [exc.sha256],
                }
                self._outbox.quarantine(item, reason)
                batch.report.quarantine(item.application_id, item.revision)
                continue
            if missing:
                # A scan lost on this laptop cannot be sent: the worker must re-attach it
                # (the reason names its file, for the worker to know which).
                reason = {
                    "outcome": "rejected",
                    "error": "attachment.missing",
                    "missing": missing,
                    "files": _file_names(item, missing),
                }
                self._outbox.quarantine(item, reason)
                batch.report.quarantine(item.application_id, item.revision)
            else:
                batch.ready.append(item)
        if batch.ready:
            batch.body = encode_batch_texts(
                [(item.document_json(), item.content_hash) for item in batch.ready]
            )

    def _finish(self, batch: Batch, total: PushReport) -> bool:
        """Wait for the batch's answers and record them in one transaction.

        Adds the batch's report to ``total``; returns whether the batch made progress
        (something delivered or quarantined).
        """
        batch.finishing = True
        report = batch.report
        try:
            results = batch.results() if batch.ready else []
        except SyncError as exc:
            if exc.nothing_sent:  # no connection was made: the worker may change them
                self._release_all(batch.ready)
            raise  # (otherwise their fate is unknown: they stay in flight)
        decided: list[tuple[OutboxItem, dict[str, Any] | None, dict[str, Any] | None]] = []
        for item, result in zip(batch.ready, results, strict=True):
            outcome = self._judge(item, result, report)
            if outcome is not None:
                decided.append(outcome)
        self._outbox.record_results(decided)
        if self._progress:
            self._progress("push", report.delivered, len(batch.items))
        total.add(report)
        return report.delivered + report.quarantined + len(report.renumbered) > 0

    def _abandon(self, batches: list[Batch], sender: Sender, total: PushReport) -> None:
        """After a failure: send nothing more and settle what is known about each batch."""
        sender.stop()
        for batch in batches:
            if batch.finishing:
                # Its answers were being recorded when the failure came: what was recorded
                # stays, the rest stays in flight for resolve_in_flight.
                continue
            if batch.future is None:
                # Never queued: not a byte of it left (its scans uploaded, perhaps, which
                # delivers nothing): pending again, not "maybe delivered".
                self._release_all(batch.items)
                continue
            try:
                batch.future.result()
            except NotSent:
                for item in batch.ready:  # not a byte of it left: simply pending again
                    self._outbox.release(item)
                continue
            except SyncError as exc:
                if exc.nothing_sent:  # (no connection was made: the worker may change it)
                    self._release_all(batch.ready)
                continue  # otherwise its fate is unknown: it stays in flight
            except BaseException:
                continue
            try:
                self._finish(batch, total)  # the registry answered: keep the answer
            except Exception as exc:  # the first failure is the one raised
                # (the answers come again: the items stay in flight and are asked about)
                log.warning("could not record the answers of a batch (%s)", type(exc).__name__)

    # --- internals -------------------------------------------------------------------

    def _upload_attachments(self, item: OutboxItem, report: PushReport) -> list[str]:
        """Upload the item's blobs the registry lacks; returns those missing locally (and
        at the registry: a revision taken from the registry brings no scans with it, and
        its next correction needs none sent again)."""
        missing = []
        for sha256 in item.attachments:
            if not self._applications.has_blob(sha256):
                if not self._client.blob_received(sha256)[1]:
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
        if result.outcome == "rejected" and result.error == "number.taken" and item.revision == 1:
            # The registry has another application under this number (this laptop was
            # restored from an older backup, say): nothing the worker could fix by hand.
            renumbered = self._outbox.renumber(item, result.last_number or None)
            if renumbered is not None:
                log.info("application %s renumbered to %s", *renumbered)
                report.renumbered.append(renumbered)
                return None
            # Not this workstation's number to change (an imported one), or renumbered
            # too often already: the worker (and the registry's admin) decide.
        if result.outcome in ("rejected", "conflict", "missing_blobs"):
            report.quarantine(item.application_id, item.revision)
            log.info("application %s revision %s %s", item.number, item.revision, result.outcome)
            reason = {"outcome": result.outcome, "error": result.error, "problems": result.problems}
            return (item, None, reason)
        raise ProtocolError(f"unknown outcome {result.outcome!r}")


def _file_names(item: OutboxItem, scans: list[str]) -> list[str]:
    """The file names the item's document gives ``scans`` (a SHA-256 where it gives none)."""
    names = {
        str(attachment.get("sha256", "")).lower(): str(attachment.get("filename") or "")
        for attachment in item.document.get("attachments", [])
        if isinstance(attachment, dict)
    }
    return [names.get(sha256.lower()) or sha256 for sha256 in scans]
