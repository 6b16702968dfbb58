"""Requests that race: what two callers doing the same thing at the same instant get.

Each test fires its requests from threads released together by a barrier, at a
real registry process (SQLite and PostgreSQL, where the races are real: PostgreSQL
runs the transactions of one registry side by side), several rounds so that the
requests overlap inside the registry at least once. Every wait is bounded.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
import sqlalchemy as sa

from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import item, make_document, next_number, revised
from tests.registry_process import Enrolment, RunningRegistry

ROUNDS = 8
ORDERED = 40  # applications in a batch sent in two orders: their inserts overlap


def at_once(
    registry: RunningRegistry, calls: Sequence[Callable[[requests.Session], requests.Response]]
) -> list[Any]:
    """Run ``calls`` in threads released together; each on a connection of its own.

    Returns each call's (status code, JSON body), in the order of ``calls``.
    """
    start = threading.Barrier(len(calls))

    def run(call: Callable[[requests.Session], requests.Response]) -> tuple[int, Any]:
        with requests.Session() as session:
            session.get(f"{registry.url}/v1/health", timeout=10)  # connected before the start
            start.wait(timeout=20)
            response = call(session)
            try:
                body = response.json()
            except ValueError:
                body = response.text
            return response.status_code, body

    with ThreadPoolExecutor(len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [future.result(timeout=90) for future in futures]


def _call(url: str, method: str, path: str, **kwargs: Any) -> Callable[..., requests.Response]:
    def call(session: requests.Session) -> requests.Response:
        return session.request(method, f"{url}{path}", timeout=60, **kwargs)

    return call


def _enrol(
    registry: RunningRegistry, code: str, station: str, token: str = "", secret: str = ""
) -> Any:
    body = {"code": code, "workstation": station, "token": token, "secret": secret}
    return _call(registry.url, "POST", "/v1/enrol", json=body)


def _works(registry: RunningRegistry, token: str) -> bool:
    headers = {"Authorization": f"Bearer {token}"}
    return requests.get(f"{registry.url}/v1/changes", headers=headers, timeout=15).ok


def _active_devices(registry: RunningRegistry, community: str) -> list[dict[str, Any]]:
    response = requests.get(
        f"{registry.url}/v1/admin/devices",
        params={"community": community},
        headers=registry.admin_headers,
        timeout=15,
    )
    assert response.status_code == 200, response.text
    return [d for d in response.json()["items"] if d["revoked_at"] is None]


def _document(community: str, number: str | None = None) -> dict[str, Any]:
    """Numbered in a series no workstation is enrolled with (other tests enrol ZT01)."""
    return make_document(community, number=number, workstation="RACE")


# --- enrolment ------------------------------------------------------------------


def test_two_laptops_enrolling_one_workstation_code_at_once_get_one_device(
    registry: RunningRegistry,
) -> None:
    """The IT person enrols two laptops with one code by mistake, at the same moment:
    one is enrolled, the other told the code is in use (never two laptops numbering
    alike, never a server error)."""
    for _ in range(ROUNDS):
        community = registry.add_community()
        station = "R" + secrets.token_hex(3).upper()
        codes = [registry.enrolment_code(community) for _ in range(2)]

        answers = at_once(registry, [_enrol(registry, code, station) for code in codes])

        statuses = sorted(status for status, _ in answers)
        assert statuses == [200, 409], answers
        refused = next(body for status, body in answers if status == 409)
        assert refused["error"] == "workstation.in_use", refused
        active = _active_devices(registry, community)
        assert [d["workstation"] for d in active] == [station]


def _database(registry: RunningRegistry, *statements: str) -> None:
    """Run SQL on the registry's database (the registry stopped): an older registry's."""
    engine = sa.create_engine(registry.database_url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def _race_for_one_code(registry: RunningRegistry) -> None:
    for _ in range(ROUNDS):
        community = registry.add_community()
        station = "R" + secrets.token_hex(3).upper()
        codes = [registry.enrolment_code(community) for _ in range(2)]
        answers = at_once(registry, [_enrol(registry, code, station) for code in codes])
        assert sorted(status for status, _ in answers) == [200, 409], answers
        assert len(_active_devices(registry, community)) == 1


def test_a_database_of_an_older_registry_gets_one_device_per_code_too(
    own_registry: RunningRegistry,
) -> None:
    """Upgrading the registry: an existing database is given the guarantee at start-up.
    One where two active devices already share a code (enrolled at the same instant by
    the older registry) still starts, names them, and is given it once one is revoked."""
    registry = own_registry
    community = registry.add_community()
    laptops = [registry.enrol(community) for _ in range(2)]
    registry.stop()
    _database(
        registry,
        "DROP INDEX ux_devices_active_workstation",  # as an older registry made it
        f"UPDATE devices SET workstation = 'TWIN1' WHERE id IN "
        f"('{laptops[0].device_id}', '{laptops[1].device_id}')",
    )

    registry.start()

    said = registry.log()
    assert "workstation code TWIN1 is held by 2 active devices" in said, said
    assert laptops[0].device_id in said and laptops[1].device_id in said
    assert registry.deliver(laptops[0], _document(community))["outcome"] == "accepted"
    registry.cli("device", "revoke", laptops[1].device_id)
    registry.stop()
    registry.start()

    assert registry.log().count("is held by 2 active devices") == 1  # not said again
    _race_for_one_code(registry)


def test_one_workstation_code_enrolled_at_once_in_two_communities_goes_to_one(
    registry: RunningRegistry,
) -> None:
    """Application numbers start with the workstation code and are unique registry-wide."""
    for _ in range(ROUNDS):
        communities = [registry.add_community() for _ in range(2)]
        station = "R" + secrets.token_hex(3).upper()
        codes = [registry.enrolment_code(c) for c in communities]

        answers = at_once(registry, [_enrol(registry, code, station) for code in codes])

        assert sorted(status for status, _ in answers) == [200, 409], answers
        refused = next(body for status, body in answers if status == 409)
        assert refused["error"] == "workstation.taken", refused
        held = [d for c in communities for d in _active_devices(registry, c)]
        assert len(held) == 1


def test_a_laptop_enrolling_again_twice_at_once_keeps_one_token(
    registry: RunningRegistry,
) -> None:
    """A double click on "enrol again": one new token works, the other request is refused."""
    for _ in range(ROUNDS):
        community = registry.add_community()
        station = "R" + secrets.token_hex(3).upper()
        first = registry.enrol(community, workstation=station)
        codes = [registry.enrolment_code(community) for _ in range(2)]

        answers = at_once(
            registry, [_enrol(registry, code, station, first.token) for code in codes]
        )

        statuses = sorted(status for status, _ in answers)
        assert statuses == [200, 409], answers
        assert len(_active_devices(registry, community)) == 1


def test_a_laptop_asking_again_while_its_first_enrolment_is_handled_gets_one_device(
    registry: RunningRegistry,
) -> None:
    """The laptop gave up waiting (a slow link) and asked again, with the same code or a
    new one, while the registry was still on the first request: one device, which the
    later answer's token opens (the laptop keeps the answer it gets)."""
    for same_code in [True, False] * (ROUNDS // 2):
        community = registry.add_community()
        station = "R" + secrets.token_hex(3).upper()
        secret = secrets.token_urlsafe(32)
        first = registry.enrolment_code(community)
        codes = [first, first if same_code else registry.enrolment_code(community)]

        answers = at_once(registry, [_enrol(registry, c, station, secret=secret) for c in codes])

        assert [status for status, _ in answers] == [200, 200], answers
        [device] = _active_devices(registry, community)
        assert {body["device_id"] for _, body in answers} == {device["id"]}
        assert sorted(_works(registry, body["token"]) for _, body in answers) == [False, True]


def test_one_enrolment_code_used_twice_at_once_enrols_one_laptop(
    registry: RunningRegistry,
) -> None:
    for _ in range(ROUNDS):
        community = registry.add_community()
        code = registry.enrolment_code(community)
        stations = ["R" + secrets.token_hex(3).upper() for _ in range(2)]

        answers = at_once(registry, [_enrol(registry, code, station) for station in stations])

        assert sorted(status for status, _ in answers) == [200, 403], answers
        assert next(b for s, b in answers if s == 403)["error"] == "enrolment.invalid"
        assert len(_active_devices(registry, community)) == 1


# --- intake -----------------------------------------------------------------------


def _batch(registry: RunningRegistry, device: Enrolment, documents: list[dict[str, Any]]) -> Any:
    body = {"items": [item(d) for d in documents]}
    return _call(registry.url, "POST", "/v1/applications/batch", json=body, headers=device.headers)


def _total(registry: RunningRegistry, community: str) -> int:
    listed = requests.get(
        f"{registry.url}/v1/backoffice/applications",
        params={"community": community},
        headers=registry.admin_headers,
        timeout=15,
    )
    assert listed.status_code == 200, listed.text
    total: int = listed.json()["total"]
    return total


def test_one_batch_pushed_twice_at_once_is_stored_once(registry: RunningRegistry) -> None:
    """Two connections of one laptop send the same batch: each application is stored
    once, one answer says accepted and the other duplicate, with the same acknowledgement."""
    device = registry.enrol()
    stored = 0
    for _ in range(ROUNDS):
        documents = [_document(device.community) for _ in range(3)]

        answers = at_once(registry, [_batch(registry, device, documents) for _ in range(2)])

        assert [status for status, _ in answers] == [200, 200], answers
        results = [body["results"] for _, body in answers]
        for i in range(len(documents)):
            pair = sorted(r[i]["outcome"] for r in results)
            assert pair == ["accepted", "duplicate"], results
            assert results[0][i]["ack"] == results[1][i]["ack"]
        stored += len(documents)
        assert _total(registry, device.community) == stored


def test_one_batch_pushed_at_once_in_two_orders_is_stored_once(
    registry: RunningRegistry,
) -> None:
    """The same applications in another order (a laptop that retried a part): no request
    fails (a deadlock between the two would be a 503 to retry at best)."""
    device = registry.enrol()
    stored = 0
    for _ in range(ROUNDS):
        documents = [_document(device.community) for _ in range(ORDERED)]

        answers = at_once(
            registry,
            [_batch(registry, device, documents), _batch(registry, device, documents[::-1])],
        )

        assert [status for status, _ in answers] == [200, 200], answers
        outcomes: dict[str, list[str]] = {}
        for _, body in answers:
            for result in body["results"]:
                outcomes.setdefault(result["id"], []).append(result["outcome"])
        assert sorted(sorted(o) for o in outcomes.values()) == [["accepted", "duplicate"]] * ORDERED
        stored += len(documents)
        assert _total(registry, device.community) == stored


def test_a_correction_pushed_twice_at_once_is_stored_once(registry: RunningRegistry) -> None:
    device = registry.enrol()
    client = RegistryClient(registry, device)
    try:
        for _ in range(ROUNDS):
            document = _document(device.community)
            client.send(document)
            assert client.decide(document["number"], "return", "Немає підпису").status_code == 200
            correction = revised(document, operator="operator2")

            answers = at_once(registry, [_batch(registry, device, [correction]) for _ in range(2)])

            assert [status for status, _ in answers] == [200, 200], answers
            outcomes = sorted(body["results"][0]["outcome"] for _, body in answers)
            assert outcomes == ["accepted", "duplicate"], answers
            shown = requests.get(
                f"{registry.url}/v1/backoffice/applications/{document['number']}",
                headers=registry.admin_headers,
                timeout=15,
            ).json()
            assert [r["revision"] for r in shown["revisions"]] == [1, 2]
    finally:
        client.close()


def test_one_number_sent_by_two_laptops_at_once_goes_to_one_application(
    registry: RunningRegistry,
) -> None:
    """Two laptops (one restored from another's backup, say) send different applications
    with one number: one is accepted, the other refused as number.taken."""
    community = registry.add_community()
    laptops = [registry.enrol(community) for _ in range(2)]
    for _ in range(ROUNDS):
        number = next_number("RACE")
        documents = [_document(community, number=number) for _ in laptops]

        answers = at_once(
            registry,
            [
                _batch(registry, laptop, [doc])
                for laptop, doc in zip(laptops, documents, strict=True)
            ],
        )

        assert [status for status, _ in answers] == [200, 200], answers
        results = [body["results"][0] for _, body in answers]
        assert sorted(r["outcome"] for r in results) == ["accepted", "rejected"], results
        refused = next(r for r in results if r["outcome"] == "rejected")
        assert refused["problems"][0]["code"] == "number.taken"


def test_numbers_sent_at_once_by_two_laptops_in_crossed_orders_go_one_each(
    registry: RunningRegistry,
) -> None:
    """Two laptops send batches whose numbers are the same in opposite orders: each number
    goes to one application, the other refused as number.taken; no request fails."""
    community = registry.add_community()
    laptops = [registry.enrol(community) for _ in range(2)]
    for _ in range(ROUNDS):
        numbers = [next_number("RACE") for _ in range(ORDERED)]
        batches = [
            [_document(community, number=n) for n in numbers],
            [_document(community, number=n) for n in reversed(numbers)],
        ]

        answers = at_once(
            registry,
            [_batch(registry, laptop, b) for laptop, b in zip(laptops, batches, strict=True)],
        )

        assert [status for status, _ in answers] == [200, 200], answers
        outcomes: dict[str, list[str]] = {}
        for batch, (_, body) in zip(batches, answers, strict=True):
            for document, result in zip(batch, body["results"], strict=True):
                outcomes.setdefault(document["number"], []).append(result["outcome"])
        assert sorted(sorted(o) for o in outcomes.values()) == [["accepted", "rejected"]] * len(
            numbers
        )


def test_one_number_sent_at_once_from_two_communities_goes_to_one_application(
    registry: RunningRegistry,
) -> None:
    laptops = [registry.enrol() for _ in range(2)]
    for _ in range(ROUNDS):
        number = next_number("RACE")
        calls = [
            _batch(registry, laptop, [_document(laptop.community, number=number)])
            for laptop in laptops
        ]

        answers = at_once(registry, calls)

        assert [status for status, _ in answers] == [200, 200], answers
        outcomes = sorted(body["results"][0]["outcome"] for _, body in answers)
        assert outcomes == ["accepted", "rejected"], answers


# --- the back office ------------------------------------------------------------------


def _decide(registry: RunningRegistry, number: str, decision: str, reason: str = "") -> Any:
    return _call(
        registry.url,
        "POST",
        f"/v1/backoffice/applications/{number}/decision",
        json={"decision": decision, "reason": reason or None},
        headers=registry.admin_headers,
    )


def test_two_decisions_at_once_on_one_application_one_wins(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """Two back-office specialists decide one application at the same moment: one
    decision is recorded, the other is refused and says why; the workstation learns one."""
    for _ in range(ROUNDS):
        document = _document(client.device.community)
        client.send(document)

        answers = at_once(
            registry,
            [
                _decide(registry, document["number"], "grant"),
                _decide(registry, document["number"], "refuse", "Неповний пакет документів"),
            ],
        )

        assert sorted(status for status, _ in answers) == [200, 409], answers
        refused = next(body for status, body in answers if status == 409)
        assert refused["error"] == "decision.not_allowed", refused
        won = next(body for status, body in answers if status == 200)
        shown = requests.get(
            f"{registry.url}/v1/backoffice/applications/{document['number']}",
            headers=registry.admin_headers,
            timeout=15,
        ).json()
        assert shown["status"] == won["status"]
        assert len(shown["decisions"]) == 1


def test_the_same_decision_twice_at_once_is_recorded_once(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """A double click on "grant": one decision, one change in the workstation's feed."""
    for _ in range(ROUNDS):
        document = _document(client.device.community)
        client.send(document)

        answers = at_once(
            registry, [_decide(registry, document["number"], "grant") for _ in range(2)]
        )

        assert sorted(status for status, _ in answers) == [200, 409], answers
        feed = client.changes(limit=1000)
        granted = [
            c
            for c in feed["changes"]
            if c.get("number") == document["number"] and c.get("status") == "granted"
        ]
        assert len(granted) == 1


# --- attachments -------------------------------------------------------------------


def test_one_scan_uploaded_twice_at_once_is_stored_once(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """Two connections (or two laptops) upload the same new scan at the same moment:
    both are told it is complete, and an application naming it is accepted."""
    for round_ in range(ROUNDS):
        scan = b"%PDF-1.4 race " + secrets.token_bytes(16) + bytes([round_]) * 200_000
        sha = hashlib.sha256(scan).hexdigest()
        put = _call(
            registry.url,
            "PUT",
            f"/v1/blobs/{sha}",
            params={"offset": 0, "size": len(scan)},
            data=scan,
            headers={**client.device.headers, "Content-Type": "application/octet-stream"},
        )

        answers = at_once(registry, [put, put])

        assert [status for status, _ in answers] == [200, 200], answers
        assert [body["complete"] for _, body in answers] == [True, True]
        document = make_document(client.device.community, attachments=[scan], workstation="RACE")
        [result] = client.send(document)
        assert result["outcome"] == "accepted", result
