"""The sync runs below the window's priority: on two cores it takes only what the window
leaves, and a search's repaint does not wait for it (Linux: per-thread nice values)."""

from __future__ import annotations

import os
import sys
import threading
from typing import cast

import pytest

from sync import priority
from sync.pipeline import Sender
from sync.protocol import RegistryClient

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's"
)


def nice_of(native_id: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, native_id)


def in_thread(work: object) -> dict[str, object]:
    """Run ``work`` in a new thread; what it returns, and that thread's nice."""
    out: dict[str, object] = {}

    def run() -> None:
        out["result"] = work()  # type: ignore[operator]
        out["nice"] = nice_of(threading.get_native_id())

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    return out


def test_a_lowered_thread_runs_below_the_window_and_lowering_twice_changes_nothing() -> None:
    window = nice_of(os.getpid())

    def twice() -> tuple[bool, int, bool]:
        first = priority.lower_this_thread()
        after_first = nice_of(threading.get_native_id())
        priority.lower_this_thread()
        return first, after_first, priority.lowered()

    out = in_thread(twice)
    first, after_first, lowered = cast(tuple[bool, int, bool], out["result"])
    assert first and lowered
    assert after_first == min(priority.MAX_NICE, window + priority.NICE_STEP)
    assert out["nice"] == after_first  # not lowered again
    assert nice_of(os.getpid()) == window  # the window's thread is left as it was
    assert not priority.lowered()  # (per thread)


def test_the_sender_of_a_lowered_sync_sends_below_the_window_too() -> None:
    window = nice_of(os.getpid())
    client = cast(RegistryClient, object())  # (nothing is sent: only its threads are looked at)

    def senders_nice(lower: bool) -> list[int]:
        if lower:
            priority.lower_this_thread()
        sender = Sender(client, depth=2)
        try:
            # a thread lowers itself when it starts: wait until both have
            for _ in range(200):
                nices = [nice_of(t.native_id or 0) for t in sender._threads]
                if not lower or all(n > window for n in nices):
                    return nices
                threading.Event().wait(0.01)
            return nices
        finally:
            sender.close()

    assert in_thread(lambda: senders_nice(True))["result"] == [window + priority.NICE_STEP] * 2
    assert in_thread(lambda: senders_nice(False))["result"] == [window] * 2
