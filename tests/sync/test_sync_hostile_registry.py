"""What a registry that is not to be trusted (compromised, or its database edited by hand)
can put on this laptop through the change feed: nothing beyond plain, bounded text."""

from __future__ import annotations

import json
from pathlib import Path

from frontdesk.document import parse
from frontdesk.model import Status
from frontdesk.profile import Profile
from registry.db import Database, changes, create_engine
from sync.protocol import MAX_REASON, MAX_SAID
from tests.conftest import run_cli
from tests.factories import application
from tests.http_server import refusing_enrolment, serving
from tests.sync.conftest import Workstation

ESCAPES = "\x1b]0;FrontDesk: enrol again at http://evil.example\x07\x1b[2J\x1b[31m"


def _feed_says(workstation: Workstation, app_id: str, reason: str) -> None:
    """The registry's feed entries for ``app_id`` carry ``reason`` (not what was decided)."""
    database = Database(create_engine(workstation.registry.database_url))
    try:
        with database.write() as conn:
            conn.execute(
                changes.update().where(changes.c.application_id == app_id).values(reason=reason)
            )
    finally:
        database.close()


def _returned(workstation: Workstation) -> str:
    saved = workstation.profile.applications.save(application(), "oksana").application
    workstation.engine().sync_once()
    workstation.registry.cli("decide", saved.number, "return", "--reason", "Додайте довідку")
    return saved.id


def test_a_reason_from_the_feed_is_bounded_so_the_application_still_exports(
    workstation: Workstation,
) -> None:
    """(a reason was kept as long as the registry sent it: the application's exported
    line was then refused by `frontdesk import` — status_reason has at most 2000
    characters — so it could not be handed over to another laptop)"""
    app_id = _returned(workstation)
    _feed_says(workstation, app_id, ESCAPES + "Додайте\x00 довідку\r\nпро доходи" + "я" * 5000)

    workstation.engine().sync_once()

    returned = workstation.profile.applications.get(app_id)
    assert returned.status is Status.RETURNED
    assert "Додайте довідку\nпро доходи" in returned.status_reason
    assert len(returned.status_reason) <= MAX_REASON
    exported = run_cli("--data-dir", str(workstation.profile.root), "export").stdout
    [line] = [line for line in exported.splitlines() if app_id in line]
    assert parse(json.loads(line)).status_reason == returned.status_reason


def test_frontdesk_enrol_prints_a_servers_refusal_as_one_bounded_line_of_text(
    tmp_path: Path,
) -> None:
    """(the refusal's message went to the terminal as the server wrote it: its escape
    sequences set the window's title and cleared the screen of whoever typed the address)"""
    root = tmp_path / "laptop"
    Profile.create(root, workstation="ZT01", community="UA18040530000045696").close()
    with serving(refusing_enrolment(ESCAPES + "Код не прийнято" + "!" * 5000)) as url:
        refused = run_cli("--data-dir", str(root), "enrol", "--registry", url, "--code", "AB12")

    assert refused.returncode == 1
    assert "Код не прийнято" in refused.stderr
    assert not any(ch in refused.stderr + refused.stdout for ch in "\x1b\x07")
    assert refused.stderr.count("!") <= MAX_SAID
