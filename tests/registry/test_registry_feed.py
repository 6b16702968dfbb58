"""The change feed: server cursor, each change once, only the device's community."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import requests

from frontdesk.catalog import ServiceCatalog
from registry.db import changes, create_engine, iso, utc_now
from registry.feed import decode_cursor, encode_cursor
from resources import resource
from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import make_document
from tests.registry_process import RunningRegistry


def test_a_decision_appears_once_and_the_cursor_moves_on(client: RegistryClient) -> None:
    document = make_document(client.device.community)
    client.send(document)
    start = client.changes()
    assert [(c["kind"], c["application_id"], c["status"]) for c in start["changes"]] == [
        ("status", document["id"], "accepted")
    ]
    assert start["more"] is False

    before = dt.datetime.now(dt.UTC)  # (the registry runs on this machine, by its clock)
    decided = client.decide(document["number"], "refuse", "Доходи перевищують межу")
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "refused"
    after = client.changes(start["cursor"])

    [change] = after["changes"]
    decided_at = change.pop("at")
    assert change == {
        "kind": "status",
        "application_id": document["id"],
        "number": document["number"],
        "revision": 1,
        "status": "refused",
        "reason": "Доходи перевищують межу",
    }
    # When the registry decided, and its time now, by its clock (RFC 3339, UTC).
    moment, now = dt.datetime.fromisoformat(decided_at), dt.datetime.fromisoformat(after["now"])
    assert moment.utcoffset() == now.utcoffset() == dt.timedelta(0)
    assert before <= moment <= now <= dt.datetime.now(dt.UTC)
    assert dt.datetime.fromisoformat(start["changes"][0]["at"]) <= before  # accepted earlier
    assert after["cursor"] != start["cursor"]
    again = client.changes(after["cursor"])
    assert dt.datetime.fromisoformat(again.pop("now")) >= now
    assert again == {"changes": [], "cursor": after["cursor"], "more": False}


def test_the_feed_pages_with_limit(client: RegistryClient) -> None:
    documents = [make_document(client.device.community) for _ in range(3)]
    client.send(*documents)

    first = client.changes(limit=2)
    second = client.changes(first["cursor"], limit=2)

    assert first["more"] is True
    assert second["more"] is False
    seen = [c["application_id"] for c in first["changes"] + second["changes"]]
    assert seen == [d["id"] for d in documents]


def test_a_decision_needs_a_reason_and_an_accepted_application(client: RegistryClient) -> None:
    document = make_document(client.device.community)
    client.send(document)

    no_reason = client.decide(document["number"], "return")
    assert no_reason.status_code == 422
    assert no_reason.json()["error"] == "decision.reason_required"
    # A reason longer than the document format holds would make the laptop's export of the
    # application unreadable by its own import: refused, and nothing decided.
    too_long = client.decide(document["number"], "return", "Уточніть адресу. " * 130)
    assert too_long.status_code == 422
    assert too_long.json()["error"] == "decision.reason_too_long"
    assert client.decide(document["number"], "grant").status_code == 200
    twice = client.decide(document["number"], "refuse", "Пізно")
    assert twice.status_code == 409
    assert twice.json()["error"] == "decision.not_allowed"
    assert client.decide("ZZ99-2026-999999", "grant").status_code == 404


def test_a_cursor_from_elsewhere_is_refused(client: RegistryClient) -> None:
    response = client.get("/v1/changes", params={"cursor": "42"})

    assert response.status_code == 400
    assert response.json()["error"] == "cursor.invalid"


def test_a_new_catalogue_reaches_every_community(fresh_registry: RunningRegistry) -> None:
    a, b = fresh_registry.enrol(), fresh_registry.enrol()
    catalog = json.loads(resource("catalog", "services.json").read_text(encoding="utf-8"))
    catalog["version"] = ServiceCatalog.bundled().version + 1

    published = requests.post(
        f"{fresh_registry.url}/v1/admin/catalog",
        json=catalog,
        headers=fresh_registry.admin_headers,
        timeout=15,
    )
    stale = requests.post(
        f"{fresh_registry.url}/v1/admin/catalog",
        json=catalog,
        headers=fresh_registry.admin_headers,
        timeout=15,
    )

    assert published.status_code == 200, published.text
    assert stale.status_code == 409
    for device in (a, b):
        changes = requests.get(
            f"{fresh_registry.url}/v1/changes", headers=device.headers, timeout=15
        ).json()["changes"]
        assert [(c["kind"], c["version"]) for c in changes] == [("catalog", catalog["version"])]
        assert changes[0]["catalog"]["services"] == catalog["services"]


def test_a_cursor_past_the_end_of_the_feed_is_refused(client: RegistryClient) -> None:
    """(the registry was restored from an older copy) a workstation whose cursor is past
    the end is told so, instead of getting "nothing new" for ever."""
    client.send(make_document(client.device.community))
    end = client.changes()["cursor"]
    assert client.changes(end)["changes"] == []
    response = client.get("/v1/changes", params={"cursor": encode_cursor(decode_cursor(end) + 5)})
    assert response.status_code == 400
    assert response.json()["error"] == "cursor.invalid"


def test_a_registry_restored_from_a_copy_refuses_a_cursor_its_numbers_now_name_otherwise(
    fresh_registry: RunningRegistry,
) -> None:
    """Restored from an older copy, the registry numbers new changes as it did the lost
    ones: a laptop's cursor into the lost part must be refused, not taken for a position
    among the new changes (every decision before it would never reach the laptop)."""
    database = fresh_registry.workdir / "registry.db"
    copy = fresh_registry.workdir / "copy.db"
    client = RegistryClient(fresh_registry, fresh_registry.enrol())
    try:
        first = make_document(client.device.community)
        client.send(first)
        fresh_registry.stop()
        shutil.copyfile(database, copy)  # the copy the registry is later restored from
        fresh_registry.start()
        client.send(*(make_document(client.device.community) for _ in range(2)))
        laptops = client.changes()["cursor"]  # after three changes
        fresh_registry.stop()
        shutil.copyfile(copy, database)
        for stale in ("registry.db-wal", "registry.db-shm"):
            (fresh_registry.workdir / stale).unlink(missing_ok=True)
        fresh_registry.start()
        assert client.decide(first["number"], "refuse", "Не та громада").status_code == 200
        client.send(make_document(client.device.community))  # numbered as the lost third
        refused = client.get("/v1/changes", params={"cursor": laptops})
        assert refused.status_code == 400
        assert refused.json()["error"] == "cursor.invalid"
        statuses = [c["status"] for c in client.changes()["changes"]]
        assert statuses == ["accepted", "refused", "accepted"]  # all there from the start
    finally:
        client.close()


def test_a_cursor_numbering_past_the_feeds_sequence_is_refused_not_a_500(
    client: RegistryClient,
) -> None:
    """A cursor's number beyond 2**63 - 1 (the sequence's BIGINT) could not even be bound
    to the query: 500, and the workstation retried it for ever. It is no cursor the
    registry issued: 400 cursor.invalid, and the workstation reads the feed again."""
    client.send(make_document(client.device.community))
    end = client.changes()["cursor"]
    for number in (2**63 - 1, 2**63, 2**64 + 1, 10**40):
        for cursor in (encode_cursor(number), encode_cursor(number, end[:12])):
            response = client.get("/v1/changes", params={"cursor": cursor})
            assert response.status_code == 400, (number, response.text)
            assert response.json()["error"] == "cursor.invalid"
    assert client.changes(end)["changes"] == []  # a cursor it issued still reads on


def test_after_an_upgrade_bundling_a_newer_catalogue_intake_and_laptops_use_the_newer_one(
    fresh_registry: RunningRegistry,
) -> None:
    """A catalogue published before an upgrade (version 3, without service 250) and the
    upgrade's bundled one (4): laptops use the newer, 4, so the registry checked intake
    with 3 and refused every application for 250 as an unknown service, for good."""
    device = fresh_registry.enrol()
    fresh_registry.stop()
    bundled = ServiceCatalog.bundled().version
    older = json.loads(resource("catalog", "services.json").read_text(encoding="utf-8"))
    older["version"] = bundled - 1
    older["services"] = [s for s in older["services"] if s["code"] != "250"]
    engine = create_engine(fresh_registry.database_url)
    try:
        with engine.begin() as conn:  # `catalog publish` of the release before
            conn.execute(
                changes.insert().values(
                    community=None, kind="catalog", payload=older, created_at=iso(utc_now())
                )
            )
    finally:
        engine.dispose()
    fresh_registry.start()  # the upgraded registry
    client = RegistryClient(fresh_registry, device)
    try:
        [sent] = client.send(make_document(device.community))  # service 250
        catalogues = [c["version"] for c in client.changes()["changes"] if c["kind"] == "catalog"]
    finally:
        client.close()
    same = fresh_registry.cli(
        "catalog", "publish", str(resource("catalog", "services.json")), check=False
    )

    assert sent["outcome"] == "accepted", sent
    assert catalogues == [bundled - 1, bundled]  # laptops of an older release get it too
    assert same.returncode == 1
    assert f"version {bundled} is not newer than {bundled}" in same.stderr, same.stderr
