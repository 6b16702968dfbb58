"""Intake over HTTP: exactly-once, per-item results, revisions — on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from typing import Any

import requests

from frontdesk.document import content_hash
from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import (
    item,
    make_document,
    next_number,
    revised,
)
from tests.registry_process import RunningRegistry


def _revision(client: RegistryClient, document: dict[str, Any], revision: int | None = None):
    return client.get(f"/v1/applications/{document['id']}/revisions/{revision or 1}")


def test_a_new_application_is_accepted_and_acknowledged(client: RegistryClient) -> None:
    document = make_document(client.device.community)

    [result] = client.send(document)

    assert result["outcome"] == "accepted"
    assert (result["id"], result["revision"]) == (document["id"], 1)
    ack = result["ack"]
    assert ack["number"] == document["number"]
    assert ack["revision"] == 1
    assert ack["status"] == "accepted"
    assert ack["received_at"]
    stored = _revision(client, document)
    assert stored.status_code == 200
    held = stored.json()
    assert content_hash(held.pop("document")) == content_hash(document)  # as delivered
    assert held == {
        "id": document["id"],
        "revision": 1,
        "content_hash": content_hash(document),  # of the content as sent
        "status": "accepted",
        "ack": ack,
    }


def test_resending_the_same_revision_is_a_duplicate_with_the_same_ack(
    client: RegistryClient,
) -> None:
    document = make_document(client.device.community)
    [first] = client.send(document)

    # What the workstation changes after sending is not part of the revision's identity.
    resent = {**document, "status": "sent", "updated_at": "2026-01-11T09:00:00+02:00"}
    [again] = client.send(resent)

    assert again["outcome"] == "duplicate"
    assert again["ack"] == first["ack"]
    assert client.shown(document["number"])["revisions"] == [
        {
            "revision": 1,
            "content_hash": first["content_hash"],
            "status": "accepted",
            "received_at": first["ack"]["received_at"],
        }
    ]


def test_the_same_revision_with_other_content_is_a_conflict(client: RegistryClient) -> None:
    document = make_document(client.device.community)
    [first] = client.send(document)

    changed = {**document, "applicant": {**document["applicant"], "phone": "+380501112233"}}
    [result] = client.send(changed)

    assert result["outcome"] == "conflict"
    assert result["code"] == "revision.conflict"
    assert "ack" not in result
    stored = _revision(client, document).json()
    assert stored["content_hash"] == first["content_hash"]  # never silently overwritten


def test_one_bad_item_is_rejected_and_the_rest_of_the_batch_accepted(
    client: RegistryClient,
) -> None:
    community = client.device.community
    good_1, good_2 = make_document(community), make_document(community)
    bad_rnokpp = make_document(community)
    bad_rnokpp["applicant"]["rnokpp"] = bad_rnokpp["applicant"]["rnokpp"][:-1] + (
        "0" if bad_rnokpp["applicant"]["rnokpp"][-1] != "0" else "1"
    )
    malformed = make_document(community)
    del malformed["services"]  # the schema requires it
    unknown_service = make_document(community)
    unknown_service["services"] = [{"code": "999"}]

    response = client.post(
        "/v1/applications/batch",
        json={
            "items": [
                item(good_1),
                item(bad_rnokpp),
                {"document": "not a document"},
                {"document": malformed},
                item(unknown_service),
                item(good_2),
            ]
        },
    )

    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["outcome"] for r in results] == [
        "accepted",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
        "accepted",
    ]
    problems = results[1]["problems"]
    assert ("applicant.rnokpp", "rnokpp.checksum", "error") in {
        (p["field"], p["code"], p["severity"]) for p in problems
    }
    assert all(p["severity"] == "error" and p["message"] and p["message_en"] for p in problems)
    assert results[1]["id"] == bad_rnokpp["id"]
    assert any(p["code"] == "schema" for p in results[3]["problems"])
    [unknown] = results[4]["problems"]
    assert (unknown["field"], unknown["code"]) == ("services[0].code", "services.unknown")
    assert "999" in unknown["message_en"]
    assert _revision(client, bad_rnokpp).status_code == 404
    assert _revision(client, good_1).status_code == 200
    assert _revision(client, good_2).status_code == 200


def test_warnings_do_not_reject(client: RegistryClient) -> None:
    document = make_document(client.device.community)
    document["documents"] = []  # the checklist is incomplete: a warning, not an error

    [result] = client.send(document)

    assert result["outcome"] == "accepted"


def test_a_returned_application_accepts_its_next_revision_and_keeps_both(
    client: RegistryClient,
) -> None:
    first = make_document(client.device.community)
    client.send(first)
    assert client.decide(first["number"], "return", "Додайте довідку").status_code == 200

    second = revised(first, payment={"method": "post"})
    [result] = client.send(second)

    assert result["outcome"] == "accepted"
    assert result["ack"]["revision"] == 2
    assert _revision(client, first, 1).json()["status"] == "returned"
    assert _revision(client, first, 2).json()["status"] == "accepted"
    shown = client.shown(first["number"])
    assert [r["revision"] for r in shown["revisions"]] == [1, 2]
    assert shown["document"]["payment"] == {"method": "post"}
    assert shown["status"] == "accepted"


def test_a_later_revision_without_a_return_is_a_conflict(client: RegistryClient) -> None:
    first = make_document(client.device.community)
    client.send(first)
    unknown = make_document(client.device.community, revision=2)

    [not_returned, skipped, never_sent] = client.send(
        revised(first), {**revised(first), "revision": 3}, unknown
    )

    for result in (not_returned, skipped, never_sent):
        assert result["outcome"] == "conflict"
        assert result["code"] == "revision.unexpected"
    assert not_returned["latest_revision"] == 1
    assert _revision(client, first, 2).status_code == 404


def test_a_number_belongs_to_one_application(client: RegistryClient) -> None:
    first = make_document(client.device.community)
    series = first["number"].rsplit("-", 1)[0]
    later = make_document(client.device.community, number=f"{series}-900000")
    other = make_document(client.device.community, number="XX99-2026-999999")
    client.send(first, later, other)

    [result] = client.send(make_document(client.device.community, number=first["number"]))

    assert result["outcome"] == "rejected"
    assert result["problems"][0]["code"] == "number.taken"
    # The highest number of that series the registry holds: the workstation numbers on.
    assert result["last_number"] == later["number"]


def test_a_taken_number_names_nothing_of_another_community(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    first = make_document(client.device.community)
    client.send(first)
    stranger = registry.enrol()  # another community

    result = registry.deliver(stranger, make_document(stranger.community, number=first["number"]))

    assert result["problems"][0]["code"] == "number.taken"
    assert result["last_number"] is None


def test_a_laptop_cannot_number_in_the_series_of_another_communitys_workstation(
    registry: RunningRegistry,
) -> None:
    """One workstation code belongs to one community (enrolment sees to it): a laptop of
    another one numbering with it took that laptop's numbers, which it then found taken."""
    station = "N" + secrets.token_hex(3).upper()
    owner = registry.enrol(workstation=station)
    stranger = registry.enrol()  # another community, a code of its own
    number = next_number(station)

    squatted = registry.deliver(stranger, make_document(stranger.community, number=number))
    mine = registry.deliver(owner, make_document(owner.community, number=number))

    assert squatted["outcome"] == "rejected", squatted
    assert squatted["code"] == "number.elsewhere"
    assert squatted["problems"][0]["field"] == "number"
    assert mine["outcome"] == "accepted", mine
    # Its own community's other workstations still number with it (a case moved by export).
    colleague = registry.enrol(owner.community)
    moved = make_document(owner.community, number=next_number(station))
    assert registry.deliver(colleague, moved)["outcome"] == "accepted"


def test_missing_attachments_first_then_accepted_after_upload(client: RegistryClient) -> None:
    scan, photo = b"%PDF-1.4 scan " * 1000, b"\x89PNG photo" * 500
    document = make_document(client.device.community, attachments=[scan, photo])
    client.upload(photo)

    [result] = client.send(document)

    assert result["outcome"] == "missing_blobs"
    assert result["missing"] == [hashlib.sha256(scan).hexdigest()]
    assert _revision(client, document).status_code == 404  # nothing stored

    client.upload(scan)
    [result] = client.send(document)

    assert result["outcome"] == "accepted"
    attachments = client.shown(document["number"])["attachments"]
    assert sorted((a["sha256"], a["size"], a["complete"]) for a in attachments) == sorted(
        [
            (hashlib.sha256(scan).hexdigest(), len(scan), True),
            (hashlib.sha256(photo).hexdigest(), len(photo), True),
        ]
    )


def test_concurrent_retries_of_one_batch_store_each_revision_once(
    client: RegistryClient,
) -> None:
    documents = [make_document(client.device.community) for _ in range(5)]
    body = {"items": [item(d) for d in documents]}
    outcomes: list[list[str]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def send() -> None:
        try:
            with requests.Session() as session:
                start.wait(timeout=10)
                response = session.post(
                    f"{client.registry.url}/v1/applications/batch",
                    json=body,
                    headers=client.device.headers,
                    timeout=60,
                )
                assert response.status_code == 200, response.text
                outcomes.append([r["outcome"] for r in response.json()["results"]])
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not errors, errors
    assert len(outcomes) == 4
    for i in range(len(documents)):
        column = sorted(outcome[i] for outcome in outcomes)
        assert column == ["accepted", "duplicate", "duplicate", "duplicate"]
    listed = requests.get(
        f"{client.registry.url}/v1/backoffice/applications",
        params={"community": client.device.community},
        headers=client.registry.admin_headers,
        timeout=15,
    ).json()
    assert listed["total"] == 5


def test_batch_size_is_limited(client: RegistryClient) -> None:
    empty = client.post("/v1/applications/batch", json={"items": []})
    assert empty.status_code == 422
    assert empty.json()["error"] == "batch.empty"
    document = make_document(client.device.community)
    too_many = client.post("/v1/applications/batch", json={"items": [{"document": document}] * 501})
    assert too_many.status_code == 413
    assert too_many.json()["error"] == "batch.too_large"


def test_a_batch_body_of_the_wrong_shape_is_refused_whole(client: RegistryClient) -> None:
    document = make_document(client.device.community)
    bodies: list[bytes] = [
        b"{not json",
        b"[]",
        b'{"items": {}}',
        json.dumps({"items": [document]}).encode(),  # an item that is not {"document": ...}
        json.dumps({"items": [{"document": document, "content_hash": 5}]}).encode(),
    ]
    for body in bodies:
        response = client.post(
            "/v1/applications/batch", data=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422, body
        assert response.json()["error"] == "request.invalid"
        assert response.json()["message"]
    assert _revision(client, document).status_code == 404  # nothing stored


def test_unknown_revision_is_404(client: RegistryClient) -> None:
    response = client.get(f"/v1/applications/{make_document('UA1')['id']}/revisions/1")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert response.json()["message"]


def test_numbers_too_large_for_the_database_are_refused_item_by_item(
    client: RegistryClient,
) -> None:
    """(from a client other than FrontDesk) a revision past 64 bits was stored for the good
    item but answered with a 500, again on every retry."""
    community = client.device.community
    good, huge = make_document(community), make_document(community)
    huge["revision"] = 2**64
    response = client.post("/v1/applications/batch", json={"items": [item(good), item(huge)]})
    assert response.status_code == 200, response.text
    assert [r["outcome"] for r in response.json()["results"]] == ["accepted", "rejected"]
    far = client.get(f"/v1/applications/{good['id']}/revisions/99999999999999999999")
    assert far.status_code in (404, 422)
