"""The back office's list of what waits: oldest first, a corrected case in its place,
paged by position (not offset) while it is being decided, and filters that refuse what
would list nothing by mistake (a status no application has, an unknown community)."""

from __future__ import annotations

import json
from typing import Any

import requests

from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import make_document, revised
from tests.registry_process import RunningRegistry


def _waiting(registry: RunningRegistry, community: str, **params: Any) -> requests.Response:
    return requests.get(
        f"{registry.url}/v1/backoffice/applications",
        params={"community": community, **params},
        headers=registry.admin_headers,
        timeout=15,
    )


def test_paging_through_what_waits_while_deciding_it_lists_every_application(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """An officer's program lists 2 waiting applications, decides them, asks for the next
    2: with an offset of 2 it got the 5th and 6th, and the 3rd and 4th were never shown.
    After the page's ``next``, it gets the 3rd and 4th."""
    documents = [make_document(client.device.community) for _ in range(6)]
    client.send(*documents)
    community = client.device.community
    seen: list[str] = []
    after = None
    for _ in range(len(documents)):  # bounded: at most one page per application
        params = {"status": "accepted", "limit": 2, **({"after": after} if after else {})}
        page = _waiting(registry, community, **params).json()
        if not page["items"]:
            break
        for item in page["items"]:
            seen.append(item["number"])
            assert client.decide(item["number"], "grant").status_code == 200
        after = page["next"]

    assert seen == [d["number"] for d in documents]
    bad = _waiting(registry, community, after="not-a-position")
    assert (bad.status_code, bad.json()["error"]) == (422, "after.invalid")


def test_a_status_filter_that_is_not_a_status_is_refused_not_an_empty_list(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    document = make_document(client.device.community)
    client.send(document)
    community = client.device.community

    typed = _waiting(registry, community, status="Accepted ")
    wrong = _waiting(registry, community, status="waiting")

    assert [i["number"] for i in typed.json()["items"]] == [document["number"]]
    assert wrong.status_code == 422
    assert wrong.json()["error"] == "status.invalid"
    assert "accepted" in wrong.json()["message"]


def test_a_status_no_application_in_the_registry_has_is_refused_not_an_empty_list(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """draft, ready and sent are the workstation's statuses: an application the registry
    holds has none of them, and a filter by one listed nothing, as if nothing waited."""
    client.send(make_document(client.device.community))
    community = client.device.community

    for status in ("sent", "draft", "Ready"):
        refused = _waiting(registry, community, status=status)
        assert (refused.status_code, refused.json()["error"]) == (422, "status.invalid"), status
        assert refused.json()["message"] == (
            f"No status {status!r}: accepted, granted, refused, returned"
        )
    for status in ("accepted", "granted", "refused", "returned"):
        assert _waiting(registry, community, status=status).status_code == 200, status


def test_list_limit_shows_the_oldest_and_how_many_there_are(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    documents = [make_document(client.device.community) for _ in range(3)]
    client.send(*documents)

    done = registry.cli("list", "--community", client.device.community, "--limit", "2")
    as_json = registry.cli("list", "--community", client.device.community, "--limit", "2", "--json")

    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == [
        d["number"] for d in documents[:2]
    ]
    assert done.stderr.strip() == "2 of 3 application(s)"
    assert [i["number"] for i in json.loads(as_json.stdout)] == [d["number"] for d in documents[:2]]


def test_a_corrected_case_keeps_its_place_in_the_queue(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """Returned, corrected by the resident and sent again, a case went to the end of the
    list ("oldest first" read when the latest revision came), behind everything received
    since: the resident who did as asked waited longest."""
    first, second, third = (make_document(client.device.community) for _ in range(3))
    client.send(first)
    registry.cli("decide", first["number"], "return", "--reason", "Додайте довідку")
    client.send(second, third)
    client.send(revised(first))
    community = client.device.community
    listed = registry.cli("list", "--community", community, "--status", "accepted")
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [
        first["number"], second["number"], third["number"],
    ]  # fmt: skip
    page = _waiting(registry, community, limit=1).json()
    assert [i["number"] for i in page["items"]] == [first["number"]]
    rest = _waiting(registry, community, after=page["next"]).json()
    assert [i["number"] for i in rest["items"]] == [second["number"], third["number"]]


def test_listing_a_community_the_registry_does_not_know_says_so(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """A mistyped code listed "0 application(s)": nothing waits there, the officer read."""
    typo = client.device.community[:-1] + str((int(client.device.community[-1]) + 1) % 10)

    done = registry.cli("list", "--community", typo, "--status", "accepted", check=False)
    over_http = _waiting(registry, typo)
    known_but_empty = registry.cli("list", "--community", client.device.community)

    assert done.returncode == 1
    assert done.stderr.strip() == f"error: No community {typo}"
    assert (over_http.status_code, over_http.json()["error"]) == (404, "community.unknown")
    assert known_but_empty.stderr.strip() == "0 application(s)"
