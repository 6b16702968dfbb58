"""Backoff, Retry-After, waking on demand, and stopping on 401 — with a real registry."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Mapping

import pytest

from frontdesk.errors import DatabaseLocked, FrontDeskError
from frontdesk.store.outbox import REGISTRY_KEY
from sync.errors import NeedsEnrolment, ServerTrouble
from sync.loop import Backoff, SyncLoop
from sync.reports import SyncReport
from sync.workstation import TOKEN
from tests.factories import application
from tests.sync.conftest import Workstation, assert_exactly_once
from tests.sync.proxy import DroppingProxy


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    backoff = Backoff(base=2.0, cap=60.0, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(12)]
    ceilings = [min(60.0, 2.0 * 2**i) for i in range(12)]
    assert all(0 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert max(delays[6:]) > 8  # it grows
    assert len(set(delays)) == len(delays)  # jitter: no two clients retry in step
    assert backoff.next_delay(at_least=45) >= 45  # Retry-After is honoured…
    assert backoff.next_delay(at_least=10_000) == 60.0  # …within the cap
    backoff.reset()
    assert backoff.next_delay() <= 2.0


def test_short_retry_after_is_waited_out_in_place(workstation: Workstation) -> None:
    saved = workstation.profile.applications.save(application(), "o").application
    with DroppingProxy(workstation.registry.port, unavailable=2, retry_after=1) as proxy:
        workstation.profile.outbox.set_setting(REGISTRY_KEY, proxy.url)
        started = time.monotonic()
        workstation.engine().sync_once()
        assert proxy.refused == 2
        assert time.monotonic() - started >= 2.0  # it waited as told
    assert_exactly_once(workstation, [saved.id])


def test_long_retry_after_goes_to_the_backoff(workstation: Workstation) -> None:
    workstation.profile.applications.save(application(), "o")
    with DroppingProxy(workstation.registry.port, unavailable=1, retry_after=120) as proxy:
        workstation.profile.outbox.set_setting(REGISTRY_KEY, proxy.url)
        with pytest.raises(ServerTrouble) as caught:
            workstation.engine().sync_once()
    assert caught.value.retry_after == 120
    assert "тимчасово" in caught.value.message("uk")


class _AlwaysTheCeiling(random.Random):
    """Jitter that always draws the longest wait."""

    def uniform(self, a: float, b: float) -> float:
        return b


def test_loop_retries_after_an_outage_at_once_when_woken(workstation: Workstation) -> None:
    saved = workstation.profile.applications.save(application(), "o").application
    workstation.registry.stop()
    rounds: list[tuple[SyncReport | None, FrontDeskError | None]] = []
    errors: list[tuple[str, str]] = []
    loop = SyncLoop(
        workstation.engine(),
        record_error=lambda code, detail, _params: errors.append((code, detail)),
        interval=3600,
        # the next automatic try is far away (no jitter: full jitter may draw ~0 s)…
        backoff=Backoff(base=600, cap=600, rng=_AlwaysTheCeiling()),
        on_round=lambda report, error: rounds.append((report, error)),
    )
    thread = threading.Thread(target=loop.run, kwargs={"max_rounds": 2})
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not rounds:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert rounds[0][1] is not None and errors[0][0] == "sync.offline"
        workstation.registry.start()
        loop.wake()  # …but connectivity is back (or the worker pressed "Sync now")
        thread.join(timeout=30)
    finally:
        loop.stop()  # a failed assertion leaves no thread waiting out the backoff
    assert not thread.is_alive()
    report, error = rounds[1]
    assert error is None and report is not None and report.push.delivered == 1
    assert_exactly_once(workstation, [saved.id])


def test_loop_stops_on_401_and_asks_for_enrolment(workstation: Workstation) -> None:
    workstation.profile.applications.save(application(), "o")
    workstation.profile.secrets.set(TOKEN, "forged")
    errors: list[str] = []
    loop = SyncLoop(
        workstation.engine(),
        record_error=lambda code, _detail, _params: errors.append(code),
        interval=0.01,
    )
    stopped_by = loop.run(max_rounds=50)
    assert isinstance(stopped_by, NeedsEnrolment)
    assert errors == ["sync.unauthorized"]  # one round, then it stopped


def test_a_busy_database_while_noting_a_problem_does_not_end_the_loop(
    workstation: Workstation,
) -> None:
    """`frontdesk sync` runs for hours: the database busy (a long import) just when an
    outage is noted must not end it, or nothing is sent any more that day."""
    saved = workstation.profile.applications.save(application(), "o").application
    workstation.registry.stop()
    rounds: list[FrontDeskError | None] = []

    def busy(_code: str, _detail: str, _params: Mapping[str, str]) -> None:
        raise DatabaseLocked("database is locked")

    loop = SyncLoop(
        workstation.engine(),
        record_error=busy,
        interval=0.01,
        backoff=Backoff(base=0.01, cap=0.01),
        on_round=lambda _report, error: rounds.append(error),
    )
    assert loop.run(max_rounds=2) is None
    assert len(rounds) == 2 and all(error is not None for error in rounds)
    workstation.registry.start()
    assert loop.run(max_rounds=1) is None
    assert rounds[-1] is None
    assert_exactly_once(workstation, [saved.id])
