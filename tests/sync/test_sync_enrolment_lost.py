"""Enrolment over a link that loses the registry's answer: the registry spent the code and
made the device, the laptop got no token. The same laptop asking again is enrolled; any
other laptop is refused as before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from frontdesk.profile import Profile
from frontdesk.store.outbox import REGISTRY_KEY
from sync.errors import EnrolmentRefused, Offline
from sync.workstation import TOKEN, enrol
from tests.conftest import run_cli
from tests.factories import application
from tests.registry_process import RunningRegistry
from tests.sync.conftest import Workstation, assert_exactly_once
from tests.sync.proxy import DroppingProxy

ENROL = b"POST /v1/enrol"
ENROLMENT_SECRET = "enrolment-secret"  # its name in the keyring, beside the token


@pytest.fixture
def laptop(tmp_path: Path, registry: RunningRegistry) -> Iterator[Workstation]:
    """A profile (ZT01) of a new community, not enrolled yet."""
    community = registry.add_community()
    profile = Profile.create(tmp_path / "laptop", workstation="ZT01", community=community)
    station = Workstation(profile, registry, community)
    yield station
    station.close()


def devices(station: Workstation) -> list[dict[str, Any]]:
    """The community's devices, oldest first (as `frontdesk-registry device list` shows)."""
    registry = station.registry
    listed = requests.get(
        f"{registry.url}/v1/admin/devices",
        params={"community": station.community},
        headers=registry.admin_headers,
        timeout=10,
    )
    assert listed.status_code == 200, listed.text
    rows: list[dict[str, Any]] = listed.json()["items"]
    return rows


def enrol_answer_lost(station: Workstation, proxy: DroppingProxy, code: str) -> str:
    """Enrol through ``proxy``, which loses the answer; the device the registry made."""
    with pytest.raises(Offline) as unanswered:
        enrol(station.profile, proxy.url, code)
    assert "ще раз, коли буде зв'язок, з тим самим кодом" in unanswered.value.message("uk")
    assert proxy.dropped == 1
    assert station.profile.secrets.get(TOKEN) is None  # no token reached the laptop
    [made] = devices(station)  # the registry did enrol it
    assert made["revoked_at"] is None
    return str(made["id"])


def assert_syncs(station: Workstation) -> None:
    saved = station.profile.applications.save(application(), "o").application
    assert station.engine().sync_once().push.delivered == 1
    assert_exactly_once(station, [saved.id])


def test_lost_answer_then_the_same_code_again_enrols_the_laptop(laptop: Workstation) -> None:
    code = laptop.registry.enrolment_code(laptop.community)
    with DroppingProxy(laptop.registry.port, drops=1, trigger=ENROL) as proxy:
        made = enrol_answer_lost(laptop, proxy, code)

        enrolment = enrol(laptop.profile, proxy.url, code)  # the worker presses Connect again

        assert enrolment.device_id == made  # the device the lost answer was about
        [device] = devices(laptop)
        assert (device["id"], device["revoked_at"]) == (made, None)
        assert laptop.profile.secrets.get(ENROLMENT_SECRET) is None  # done with
        assert_syncs(laptop)


def test_lost_answer_then_a_new_code_enrols_the_laptop(tmp_path: Path, laptop: Workstation) -> None:
    registry = laptop.registry
    first = registry.enrolment_code(laptop.community)
    with DroppingProxy(registry.port, drops=1, trigger=ENROL) as proxy:
        made = enrol_answer_lost(laptop, proxy, first)

        second = registry.enrolment_code(laptop.community)  # "that one is used: here's another"
        enrolment = enrol(laptop.profile, proxy.url, second)

        assert enrolment.device_id == made
        assert [(d["id"], d["revoked_at"]) for d in devices(laptop)] == [(made, None)]
        assert_syncs(laptop)
    # The new code was spent on it: it enrols nobody else.
    other = Profile.create(tmp_path / "other", workstation="ZT02", community=laptop.community)
    try:
        with pytest.raises(EnrolmentRefused) as refused:
            enrol(other, registry.url, second)
        assert "вже використано" in refused.value.message("uk")
    finally:
        other.close()


def test_another_laptop_with_the_same_workstation_code_is_still_refused(
    tmp_path: Path, laptop: Workstation
) -> None:
    registry, community = laptop.registry, laptop.community
    code = registry.enrolment_code(community)
    other = Profile.create(tmp_path / "other", workstation="ZT01", community=community)
    with DroppingProxy(registry.port, drops=1, trigger=ENROL) as proxy:
        made = enrol_answer_lost(laptop, proxy, code)
        try:
            fresh = registry.enrolment_code(community)
            with pytest.raises(EnrolmentRefused) as refused:
                enrol(other, proxy.url, fresh)
            said = refused.value.message("uk")
            assert "ZT01 уже використовує інший ноутбук" in said
            assert f"device revoke {made}" in said
            with pytest.raises(EnrolmentRefused) as spent:  # the code the lost answer spent
                enrol(other, proxy.url, code)
            assert "вже використано" in spent.value.message("uk")
            assert other.secrets.get(TOKEN) is None
            assert [d["id"] for d in devices(laptop)] == [made]

            enrol(laptop.profile, proxy.url, fresh)  # the laptop itself still gets in
            assert_syncs(laptop)
        finally:
            other.close()


def test_lost_answer_to_enrolling_again_with_the_held_token(workstation: Workstation) -> None:
    """Enrolling again revokes the old token in the transaction that makes the new device:
    with that answer lost, the token the laptop holds no longer proves anything."""
    registry, profile = workstation.registry, workstation.profile
    [old] = devices(workstation)
    code = registry.enrolment_code(workstation.community)
    with DroppingProxy(registry.port, drops=1, trigger=ENROL) as proxy:
        # (the address it enrolled with: the proxy stands in for it)
        profile.outbox.set_setting(REGISTRY_KEY, proxy.url)
        with pytest.raises(Offline):
            enrol(profile, proxy.url, code)
        [revoked, made] = devices(workstation)
        assert revoked["id"] == old["id"] and revoked["revoked_at"] is not None

        enrolment = enrol(profile, proxy.url, code)

        assert enrolment.device_id == made["id"]
        assert_syncs(workstation)


def test_the_secret_is_shown_only_to_the_address_it_was_made_for(laptop: Workstation) -> None:
    """Like the token: a registry typed wrong (another address) never gets what would let it
    take the device over at the right one, together with the code sent alongside it."""
    registry = laptop.registry
    code = registry.enrolment_code(laptop.community)
    with DroppingProxy(registry.port, drops=1, trigger=ENROL) as proxy:
        made = enrol_answer_lost(laptop, proxy, code)
        pending = laptop.profile.secrets.get(ENROLMENT_SECRET)
        assert pending and proxy.url in pending
    with pytest.raises(EnrolmentRefused) as refused:  # the registry, at another address
        enrol(laptop.profile, registry.url, registry.enrolment_code(laptop.community))
    assert f"device revoke {made}" in refused.value.message("uk")
    assert laptop.profile.secrets.get(ENROLMENT_SECRET) != pending


def test_the_secret_is_kept_in_the_keyring_only(laptop: Workstation) -> None:
    code = laptop.registry.enrolment_code(laptop.community)
    with DroppingProxy(laptop.registry.port, drops=1, trigger=ENROL) as proxy:
        enrol_answer_lost(laptop, proxy, code)
        secret = json.loads(laptop.profile.secrets.get(ENROLMENT_SECRET) or "{}")["secret"]
        assert len(secret) >= 32
        for path in laptop.profile.root.rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path
        assert secret not in laptop.registry.log()
        enrol(laptop.profile, proxy.url, code)
    assert laptop.profile.secrets.get(ENROLMENT_SECRET) is None


def test_frontdesk_enrol_says_to_run_it_again_and_it_works(laptop: Workstation) -> None:
    """The IT person at the command line: no answer, told to run the same command again."""
    code = laptop.registry.enrolment_code(laptop.community)
    root = str(laptop.profile.root)
    with DroppingProxy(laptop.registry.port, drops=1, trigger=ENROL) as proxy:
        command = ("--data-dir", root, "enrol", "--registry", proxy.url, "--code", code)
        lost = run_cli(*command)
        assert lost.returncode == 1 and proxy.dropped == 1
        assert "Реєстр не відповів" in lost.stderr and "з тим самим кодом" in lost.stderr
        assert "будуть надіслані" not in lost.stderr  # (not enrolled: nothing would be)

        again = run_cli(*command)

        assert again.returncode == 0, again.stderr
        assert "Робоче місце зареєстровано" in again.stdout
        [device] = devices(laptop)
        assert device["revoked_at"] is None
        assert_syncs(laptop)
