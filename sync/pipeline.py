"""The push pipeline's parts: claimed batches on their way, and the threads that send them.

Only the HTTP exchange runs on the sender's threads; the engine (:mod:`sync.engine`)
claims, encodes and records on its own thread and connection.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from frontdesk.store.outbox import OutboxItem
from sync import priority
from sync.protocol import ItemResult, RegistryClient
from sync.reports import PushReport


class NotSent(Exception):
    """A queued batch was not sent because an earlier one failed."""


@dataclass
class Batch:
    """Claimed outbox items on their way: those ready to send, their body and answer."""

    items: list[OutboxItem]
    ready: list[OutboxItem] = field(default_factory=list)
    report: PushReport = field(default_factory=PushReport)
    body: bytes = b""
    future: Future[list[ItemResult]] | None = None
    answer: list[ItemResult] | None = None
    finishing: bool = False  # its answers are being (or were) recorded: never twice

    @property
    def uploads_needed(self) -> bool:
        return any(item.attachments for item in self.items)

    def results(self) -> list[ItemResult]:
        if self.answer is None:
            assert self.future is not None, "a batch with items to send was never sent"
            self.answer = self.future.result()
        return self.answer


class Sender:
    """Worker threads that send queued batches, and nothing more after a failure.

    Only the HTTP exchange runs there; every database read and write stays on the
    engine's thread (and connection). ``depth`` threads: as many batches on the wire
    at once. Daemon threads: quitting the app never waits for a request in progress
    (what it was sending stays in flight, resolved later). They run at the priority of
    the thread that made the sender: below the window's for the app's sync
    (:mod:`sync.priority`).
    """

    def __init__(self, client: RegistryClient, depth: int = 1) -> None:
        self._client = client
        self._background = priority.lowered()
        self._queue: queue.SimpleQueue[tuple[Future[list[ItemResult]], bytes, int] | None] = (
            queue.SimpleQueue()
        )
        self._stopped = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, name=f"sync-send-{n}", daemon=True)
            for n in range(max(1, depth))
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, batch: Batch) -> None:
        batch.future = Future()
        self._queue.put((batch.future, batch.body, len(batch.ready)))

    def _run(self) -> None:
        if self._background:
            priority.lower_this_thread()  # (Windows: a new thread does not inherit it)
        while (job := self._queue.get()) is not None:
            future, body, count = job
            if self._stopped.is_set():
                future.set_exception(NotSent())
                continue
            try:
                future.set_result(self._client.push_encoded(body, count))
            except BaseException as exc:
                self._stopped.set()  # what is queued behind stays unsent
                future.set_exception(exc)

    def stop(self) -> None:
        self._stopped.set()

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()
