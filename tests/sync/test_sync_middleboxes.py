"""What stands between a village office and the registry: a proxy with a body-size limit, a
proxy that wants a sign-in, the network's sign-in page, a server answering JSON of its own.
None of them marks an application sent that the registry does not hold, keeps the
registry's decisions back, or is told to the worker as something else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontdesk.model import Status
from frontdesk.profile import Profile
from frontdesk.store.outbox import REGISTRY_KEY
from sync.errors import EnrolmentProxyRefused, EnrolmentWebPage, ProtocolError, ProxyRefused
from sync.workstation import enrol
from tests.factories import application
from tests.registry_process import RunningRegistry
from tests.sync.conftest import Workstation, assert_exactly_once
from tests.sync.middlebox import NGINX_413, PORTAL_PAGE, Answer, Middlebox
from tests.sync.test_sync_faults import assert_scans_intact, capture_many

LIMIT = 100_000  # bytes of a request a proxy lets through (ModSecurity's default is 128 KiB)


def _through(workstation: Workstation, box: Middlebox) -> None:
    workstation.profile.outbox.set_setting(REGISTRY_KEY, box.url)


def _direct(workstation: Workstation) -> None:
    workstation.profile.outbox.set_setting(REGISTRY_KEY, workstation.registry.url)


def _size_limit(_method: str, _path: str, body: bytes) -> Answer | None:
    return (413, "text/html", NGINX_413) if len(body) > LIMIT else None


def test_json_of_another_shape_never_marks_an_application_sent(
    workstation: Workstation,
) -> None:
    """(a misrouted server answering every request 200 {"data": …}: the second round took
    its answer about a revision for "the registry holds it", marked the applications sent
    and never sent them again; the strip said «Усе надіслано»)"""
    ids = [
        workstation.profile.applications.save(application(serial=n), "o").application.id
        for n in range(3)
    ]
    another_shape = (200, "application/json", b'{"data": {"items": []}, "apiVersion": "2.0"}')
    with Middlebox(workstation.registry.port, answer=lambda *_: another_shape) as box:
        _through(workstation, box)
        for _ in range(2):  # the batch is left maybe delivered; the next round asks
            with pytest.raises(ProtocolError):
                workstation.engine().sync_once()

    assert workstation.profile.outbox.status().in_flight == 3
    for app_id in ids:
        assert workstation.profile.applications.get(app_id).status is Status.READY
    assert workstation.registry_applications() == []
    _direct(workstation)
    workstation.engine().sync_once()
    assert_exactly_once(workstation, ids)


def test_a_proxy_refusing_large_requests_gets_scans_in_smaller_pieces(
    workstation: Workstation,
) -> None:
    """(a proxy's «413 Request Entity Too Large» page for a 256 KiB piece of a scan was
    told as a network sign-in page, every round, and the application never went)"""
    ids = capture_many(workstation, 2, with_scans=1)  # a 300 KB scan
    with Middlebox(workstation.registry.port, answer=_size_limit) as box:
        _through(workstation, box)
        report = workstation.engine().sync_once()
    assert report.push.delivered == 2
    assert_exactly_once(workstation, ids)
    assert_scans_intact(workstation)
    puts = [size for method, path, size in box.seen if method == "PUT"]
    assert max(puts) > LIMIT and all(size <= LIMIT for size in puts[1:])


def test_batches_a_proxy_refuses_as_too_large_go_in_smaller_ones(
    workstation: Workstation,
) -> None:
    """(a 413 for a batch left all of it "maybe delivered", sent whole again every round:
    100 applications in flight, not editable, for good, and no decision came)"""
    ids = capture_many(workstation, 150)
    workstation.profile.outbox.claim(60)  # a batch whose answer was lost (a crash)
    with Middlebox(workstation.registry.port, answer=_size_limit) as box:
        _through(workstation, box)
        report = workstation.engine().sync_once()

    assert report.push.delivered == 150
    status = workstation.profile.outbox.status()
    assert (status.pending, status.in_flight) == (0, 0)
    assert_exactly_once(workstation, ids)
    batches = [size for method, path, size in box.seen if path.endswith("/batch")]
    assert max(batches) > LIMIT  # refused, then smaller ones
    assert sum(size <= LIMIT for size in batches) >= 2


def test_a_push_answered_wrongly_does_not_keep_the_registrys_decisions_back(
    workstation: Workstation,
) -> None:
    """(a push that failed the same way every round ended the round before the feed was
    read: a case granted meanwhile stayed «надіслано» on the laptop)"""
    sent = workstation.profile.applications.save(application(), "o").application
    workstation.engine().sync_once()
    workstation.registry.cli("decide", sent.number, "grant")
    waiting = workstation.profile.applications.save(application(serial=2), "o").application

    def refuse_batches(method: str, path: str, _body: bytes) -> Answer | None:
        return (200, "application/json", b'{"data": 1}') if path.endswith("/batch") else None

    with Middlebox(workstation.registry.port, answer=refuse_batches) as box:
        _through(workstation, box)
        with pytest.raises(ProtocolError) as failed:
            workstation.engine().sync_once()

    assert failed.value.code == "sync.protocol"  # the push's problem is the one said
    assert workstation.profile.applications.get(sent.id).status is Status.GRANTED
    assert workstation.profile.applications.get(waiting.id).status is Status.READY


def test_a_proxy_that_wants_a_sign_in_is_said_to_and_nothing_is_in_flight(
    workstation: Workstation,
) -> None:
    """(a proxy's 407 was «Реєстр відповів незрозуміло», or behind an https:// address
    «Немає зв'язку … будуть надіслані автоматично», which they would not be)"""
    saved = workstation.profile.applications.save(application(), "o").application
    wants = (407, "text/html", b"<html><body>Proxy Authentication Required</body></html>")
    with Middlebox(workstation.registry.port, answer=lambda *_: wants) as box:
        _through(workstation, box)
        with pytest.raises(ProxyRefused) as refused:
            workstation.engine().sync_once()
    assert "Проксі-сервер цієї мережі не пропускає до реєстру" in refused.value.message("uk")
    status = workstation.profile.outbox.status()
    assert (status.pending, status.in_flight) == (1, 0)  # (still the worker's to change)
    _direct(workstation)
    workstation.engine().sync_once()
    assert_exactly_once(workstation, [saved.id])


def test_an_enrolment_answered_by_a_sign_in_page_says_so_and_keeps_the_code(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    """(«За адресою … немає реєстру FrontDesk (HTTP 200) — перевірте адресу»: the same
    address and code worked once signed in to the network)"""
    community = registry.add_community()
    code = registry.enrolment_code(community)
    with Profile.create(tmp_path / "ws", workstation="ZT01", community=community) as profile:
        portal = (200, "text/html", PORTAL_PAGE)
        with (
            Middlebox(registry.port, answer=lambda *_: portal) as box,
            pytest.raises(EnrolmentWebPage) as told,
        ):
            enrol(profile, box.url, code)
        said = told.value.message("uk")
        assert "відкрийте браузер, увійдіть і спробуйте знову" in said
        assert "Код реєстрації не використано" in said
        enrol(profile, registry.url, code)  # signed in: the same code


def test_an_enrolment_a_proxy_refuses_says_nothing_is_connected_and_keeps_the_code(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    """(«… Заяви збережено, будуть надіслані, щойно реєстр буде доступний»: nothing was
    enrolled, and nothing would be sent until it was)"""
    community = registry.add_community()
    code = registry.enrolment_code(community)
    wants = (407, "text/html", b"<html><body>Proxy Authentication Required</body></html>")
    with Profile.create(tmp_path / "ws", workstation="ZT01", community=community) as profile:
        with (
            Middlebox(registry.port, answer=lambda *_: wants) as box,
            pytest.raises(EnrolmentProxyRefused) as told,
        ):
            enrol(profile, box.url, code)
        said = told.value.message("uk")
        assert said.startswith("Не під'єднано: проксі-сервер") and "будуть надіслані" not in said
        assert "Код реєстрації не використано" in said
        assert profile.outbox.status().registry is None
        enrol(profile, registry.url, code)  # (the proxy set up: the same code)


@pytest.mark.parametrize("where", ["batch", "changes"])
def test_a_field_of_the_wrong_type_is_an_answer_not_understood_not_a_program_fault(
    workstation: Workstation, where: str
) -> None:
    """(a result's "revision": "first" or a change's "status": ["granted"] stopped the
    sync as «помилка в програмі»)"""
    saved = workstation.profile.applications.save(application(), "o").application
    if where == "changes":
        workstation.engine().sync_once()
        workstation.registry.cli("decide", saved.number, "grant")

    def wrong_types(method: str, path: str, content: bytes) -> bytes:
        body = json.loads(content)
        if where == "batch" and path.endswith("/batch"):
            body["results"][0]["revision"] = "first"
        if where == "changes" and path.startswith("/v1/changes"):
            for change in body["changes"]:
                change["status"] = [change.get("status")]
        return json.dumps(body).encode()

    with Middlebox(workstation.registry.port, reshape=wrong_types) as box:
        _through(workstation, box)
        with pytest.raises(ProtocolError) as failed:
            workstation.engine().sync_once()
    assert "незрозуміло" in failed.value.message("uk")
    _direct(workstation)
    workstation.engine().sync_once()
    assert_exactly_once(workstation, [saved.id])
