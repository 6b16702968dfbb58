"""Enrolment, tokens and community isolation."""

from __future__ import annotations

import json
import secrets

import pytest
import requests

from tests.registry.registry_samples import make_document
from tests.registry_process import Enrolment, RunningRegistry, random_community

SHA = "0" * 64
DEVICE_CALLS = [
    ("get", "/v1/changes"),
    ("post", "/v1/applications/batch"),
    ("get", f"/v1/blobs/{SHA}"),
    ("put", f"/v1/blobs/{SHA}?offset=0&size=1"),
    ("get", "/v1/applications/00000000-0000-4000-8000-000000000000/revisions/1"),
]


def test_an_enrolment_code_works_once(registry: RunningRegistry) -> None:
    community = registry.add_community(name="Коростишівська громада")
    code = registry.enrolment_code(community)

    # (codes of this test's own: a workstation code is the registry's, whatever the
    # community, and the registry is shared with the other tests of the run)
    first = requests.post(
        f"{registry.url}/v1/enrol", json={"code": code, "workstation": "KR51"}, timeout=10
    )
    second = requests.post(
        f"{registry.url}/v1/enrol", json={"code": code, "workstation": "KR52"}, timeout=10
    )

    assert first.status_code == 200, first.text
    body = first.json()
    assert body["community"] == {"code": community, "name": "Коростишівська громада"}
    assert body["token"] and body["device_id"]
    token = {"Authorization": f"Bearer {body['token']}"}
    assert requests.get(f"{registry.url}/v1/changes", headers=token, timeout=10).status_code == 200
    assert second.status_code == 403
    assert second.json()["error"] == "enrolment.invalid"


def test_a_workstation_code_an_active_device_holds_is_refused_to_another_laptop(
    registry: RunningRegistry,
) -> None:
    """Two laptops of one community with one workstation code issued the same numbers."""
    community = registry.add_community()
    station = "W" + secrets.token_hex(2).upper()  # (the registry is shared: a code of its own)
    first = registry.enrol(community, workstation=station)

    def enrol(token: str = "") -> requests.Response:
        body = {"code": code, "workstation": station, "community": community, "token": token}
        return requests.post(f"{registry.url}/v1/enrol", json=body, timeout=10)

    code = registry.enrolment_code(community)
    refused = enrol()
    assert refused.status_code == 409, refused.text
    said = refused.json()
    assert said["error"] == "workstation.in_use"
    assert said["device_id"] == first.device_id and said["enrolled_at"]
    assert f"device revoke {first.device_id}" in said["message"]
    assert enrol("a-token-of-nobody").status_code == 409  # a made-up token proves nothing

    # The same laptop enrolling again (it shows its token) takes its code over; the old
    # token stops working. The code refused above was not used up.
    again = enrol(first.token)
    assert again.status_code == 200, again.text
    old = {"Authorization": f"Bearer {first.token}"}
    assert requests.get(f"{registry.url}/v1/changes", headers=old, timeout=10).status_code == 401

    # A replacement laptop: refused until the admin revokes the device holding the code.
    code = registry.enrolment_code(community)
    assert enrol().status_code == 409
    registry.cli("device", "revoke", again.json()["device_id"])
    assert enrol().status_code == 200


def test_a_code_is_read_without_case_spaces_or_dashes(registry: RunningRegistry) -> None:
    code = registry.enrolment_code(registry.add_community())
    typed = code.lower().replace("-", " ")

    response = requests.post(f"{registry.url}/v1/enrol", json={"code": typed}, timeout=10)

    assert response.status_code == 200, response.text


def test_a_wrong_code_is_403(registry: RunningRegistry) -> None:
    response = requests.post(
        f"{registry.url}/v1/enrol",
        json={"code": "AAAA-BBBB-CCCC", "workstation": "ZT01"},
        timeout=10,
    )

    assert response.status_code == 403
    assert response.json()["error"] == "enrolment.invalid"


@pytest.mark.parametrize(("method", "path"), DEVICE_CALLS)
@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic dXNlcjpwdw=="])
def test_device_calls_without_a_valid_token_are_401(
    registry: RunningRegistry, method: str, path: str, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = requests.request(
        method, f"{registry.url}{path}", headers=headers, json={"items": []}, timeout=10
    )

    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_back_office_calls_need_the_admin_token(
    registry: RunningRegistry, device: Enrolment
) -> None:
    listing = f"{registry.url}/v1/backoffice/applications"

    assert requests.get(listing, timeout=10).status_code == 401
    assert requests.get(listing, headers=device.headers, timeout=10).status_code == 401
    assert requests.get(listing, headers=registry.admin_headers, timeout=10).status_code == 200


def test_a_revoked_device_is_401_from_its_next_call(
    registry: RunningRegistry, device: Enrolment
) -> None:
    devices = f"{registry.url}/v1/admin/devices"
    revoke = f"{devices}/{device.device_id}/revoke"
    changes = f"{registry.url}/v1/changes"
    assert requests.get(changes, headers=device.headers, timeout=10).status_code == 200
    # A workstation cannot revoke (or list) devices, not even itself.
    assert requests.post(revoke, headers=device.headers, timeout=10).status_code == 401
    assert requests.get(devices, headers=device.headers, timeout=10).status_code == 401

    revoked = requests.post(revoke, headers=registry.admin_headers, timeout=10)

    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["id"] == device.device_id and revoked.json()["revoked_at"]
    refused = requests.get(changes, headers=device.headers, timeout=10)
    assert refused.status_code == 401 and refused.json()["error"] == "unauthorized"
    listed = requests.get(
        devices, params={"community": device.community}, headers=registry.admin_headers, timeout=10
    ).json()["items"]
    assert listed == [revoked.json()]
    again = requests.post(revoke, headers=registry.admin_headers, timeout=10).json()
    assert again["revoked_at"] == revoked.json()["revoked_at"]  # revoked once, when it was
    unknown = requests.post(f"{devices}/nope/revoke", headers=registry.admin_headers, timeout=10)
    assert unknown.status_code == 404 and unknown.json()["error"] == "device.unknown"


def test_a_workstation_sees_and_writes_only_its_community(
    registry: RunningRegistry, client_for, device: Enrolment
) -> None:
    a = client_for(device)
    b = client_for(registry.enrol())
    theirs = make_document(b.device.community)
    b.send(theirs)

    read = a.get(f"/v1/applications/{theirs['id']}/revisions/1")
    [write] = a.send(make_document(b.device.community))
    [hijack] = a.send({**theirs, "community": a.device.community, "revision": 1})

    assert read.status_code == 404
    assert write["outcome"] == "rejected"
    assert write["code"] == "community.mismatch"
    assert write["problems"][0]["field"] == "community"
    assert hijack["outcome"] == "rejected"
    assert hijack["code"] == "community.mismatch"
    assert a.changes()["changes"] == []
    assert [c["application_id"] for c in b.changes()["changes"]] == [theirs["id"]]


def test_a_community_code_must_be_katottg(registry: RunningRegistry) -> None:
    response = requests.post(
        f"{registry.url}/v1/admin/communities",
        json={"code": "ZT01", "name": "x"},
        headers=registry.admin_headers,
        timeout=10,
    )

    assert response.status_code == 422
    assert response.json()["error"] == "community.code"


def test_a_community_code_typed_with_a_cyrillic_look_alike_is_the_code_it_looks_like(
    registry: RunningRegistry,
) -> None:
    """«UА…» typed with the Ukrainian layout on (a Cyrillic А) was refused as no КАТОТТГ
    code, while the laptops read such a code as the Latin one."""
    added = registry.cli("community", "add", "UА 05999999999999991", "--name", "Дослідна")
    assert added.returncode == 0
    listed = json.loads(registry.cli("community", "list", "--json").stdout)
    assert {c["code"]: c["name"] for c in listed}["UA05999999999999991"] == "Дослідна"


def test_a_community_name_longer_than_the_registry_keeps_is_refused(
    registry: RunningRegistry,
) -> None:
    """A name past communities.name's 200 characters was stored whole on SQLite and a 500
    on PostgreSQL (a traceback from `community add`): refused alike, in both languages."""

    def add(code: str, name: str) -> requests.Response:
        return requests.post(
            f"{registry.url}/v1/admin/communities",
            json={"code": code, "name": name},
            headers=registry.admin_headers,
            timeout=10,
        )

    too_long, longest = "Громада " * 40, "Г" * 200  # 319 characters (the last space goes)
    refused = add(random_community(), too_long)
    empty = add(random_community(), "  ")
    code = random_community()
    kept = add(code, longest)
    by_hand = registry.cli("community", "add", random_community(), "--name", too_long, check=False)
    in_ukrainian = registry.cli(
        "community", "add", random_community(), "--name", too_long, check=False, lang="uk"
    )

    assert (refused.status_code, refused.json()["error"]) == (422, "community.name")
    assert "at most 200 characters, not 319" in refused.json()["message"]
    assert (empty.status_code, empty.json()["error"]) == (422, "community.name")
    assert kept.status_code == 200, kept.text
    assert _community_name(registry, code) == longest
    assert by_hand.returncode == 1 and "Traceback" not in by_hand.stderr
    assert by_hand.stderr.strip() == (
        "error: A community's name is at most 200 characters, not 319"
    )
    assert in_ukrainian.stderr.strip() == (
        "помилка: Назва громади — щонайбільше 200 символів, а не 319"
    )


def _community_name(registry: RunningRegistry, code: str) -> str:
    listed = requests.get(
        f"{registry.url}/v1/admin/communities", headers=registry.admin_headers, timeout=10
    ).json()["items"]
    return next(str(c["name"]) for c in listed if c["code"] == code)


def test_a_nul_character_in_a_request_is_refused_alike_on_every_database(
    registry: RunningRegistry, device: Enrolment
) -> None:
    """PostgreSQL takes no NUL in text: a NUL in a path or query parameter, or in a name or
    code of a JSON body, was a 500 there (and "not found" on SQLite). Now 422
    request.invalid on both; so is a JSON text that is half a character (a 500 on both)."""
    url, admin = registry.url, registry.admin_headers
    as_json = {**admin, "Content-Type": "application/json"}
    answers = {
        "workstation's revision": requests.get(
            f"{url}/v1/applications/a%00b/revisions/1", headers=device.headers, timeout=10
        ),
        "list by community": requests.get(
            f"{url}/v1/backoffice/applications",
            params={"community": device.community + "\x00"},
            headers=admin,
            timeout=10,
        ),
        "list by service": requests.get(
            f"{url}/v1/backoffice/applications",
            params={"service": "2\x00"},
            headers=admin,
            timeout=10,
        ),
        "show": requests.get(f"{url}/v1/backoffice/applications/x%00y", headers=admin, timeout=10),
        "devices": requests.get(
            f"{url}/v1/admin/devices", params={"community": "\x00"}, headers=admin, timeout=10
        ),
        "revoke": requests.post(f"{url}/v1/admin/devices/a%00b/revoke", headers=admin, timeout=10),
        "enrolment code": requests.post(
            f"{url}/v1/admin/enrolment-codes",
            json={"community": device.community + "\x00"},
            headers=admin,
            timeout=10,
        ),
        "community": requests.post(
            f"{url}/v1/admin/communities",
            json={"code": random_community(), "name": "Громада\x00"},
            headers=admin,
            timeout=10,
        ),
        "enrol": requests.post(
            f"{url}/v1/enrol", json={"code": "x", "community": "UA\x00"}, timeout=10
        ),
        "half a character": requests.post(
            f"{url}/v1/admin/enrolment-codes",
            data=b'{"community": "UA\\ud800"}',
            headers=as_json,
            timeout=10,
        ),
    }

    cursor = requests.get(
        f"{url}/v1/changes", params={"cursor": "\x00"}, headers=device.headers, timeout=10
    )

    said = {what: (r.status_code, r.json().get("error")) for what, r in answers.items()}
    assert said == {what: (422, "request.invalid") for what in answers}
    # A cursor is never looked up as text: one not issued here is still what it was, and
    # the workstation reads the feed from the start.
    assert (cursor.status_code, cursor.json()["error"]) == (400, "cursor.invalid")
