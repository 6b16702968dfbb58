"""A long retention run leaves room for the other programs on the profile."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from frontdesk.errors import DatabaseLocked
from frontdesk.model import Status
from frontdesk.profile import Profile
from frontdesk.store import retention
from tests.factories import application
from tests.test_retention import _decided

STEPS = 6


def test_another_programs_writes_get_in_while_a_long_run_strips(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`frontdesk retention --run` on a profile of some years began each step the moment
    the last one committed: the app open beside it polled for the write lock all run long,
    and after its 5 s told the worker «Чернетку НЕ збережено: База даних зайнята іншою
    програмою», and the IT person's backup failed the same way. Here each step takes half
    a second, and the other program gives up after a second and a half."""
    for i in range(STEPS * retention.BATCH):
        _decided(profile, application(surname="Гнатюк", serial=i), Status.GRANTED, 200)
    store = profile.applications
    strip = store.remove_personal_data

    def slowly(*args: Any) -> bool:  # (a step of 100 cases: half a second)
        time.sleep(0.005)
        return strip(*args)

    monkeypatch.setattr(store, "remove_personal_data", slowly)
    run = threading.Thread(target=lambda: retention.remove_expired(profile))
    with Profile.open(profile.root) as app:  # the app open beside the command
        app.db.conn.execute("PRAGMA busy_timeout = 1500")
        run.start()
        written, refused = 0, 0
        deadline = time.monotonic() + 30
        while run.is_alive() and time.monotonic() < deadline:
            try:
                app.applications.note_access("olena", "viewed", "1")
                written += 1
            except DatabaseLocked:
                refused += 1
            time.sleep(0.1)
        run.join()
    assert profile.db.scalar("SELECT count(*) FROM applications WHERE purged_at IS NULL") == 0
    assert refused == 0 and written >= STEPS
