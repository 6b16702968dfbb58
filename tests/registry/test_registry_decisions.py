"""The back office's decisions on a returned case: a return made in error is cancelled,
and a decision is never made unread on a correction that arrived after the last one."""

from __future__ import annotations

import json

from tests.registry.registry_cases import returned_and_corrected
from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import make_document, revised
from tests.registry_process import RunningRegistry


def test_a_return_made_in_error_is_cancelled_and_the_case_decided_as_it_is(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """The officer returned the wrong application for correction: she cancels the return,
    with the reason, and the case waits among the accepted ones again."""
    document = make_document(client.device.community)
    client.send(document)
    number = document["number"]
    registry.cli("decide", number, "return", "--reason", "Додайте довідку", "--by", "Іваненко")
    cursor = client.changes()["cursor"]

    reopened = registry.cli(
        "decide", number, "reopen", "--reason", "Повернуто помилково", "--by", "Іваненко"
    )

    assert "decision cancelled, accepted again (revision 1)" in reopened.stdout
    [change] = client.changes(cursor)["changes"]
    assert (change["status"], change["reason"]) == ("reopened", "Повернуто помилково")
    shown = json.loads(registry.cli("show", number, "--json").stdout)
    assert (shown["status"], shown["revision"]) == ("accepted", 1)
    assert [(d["decision"], d["reason"], d["decided_by"]) for d in shown["decisions"]] == [
        ("return", "Додайте довідку", "Іваненко"),
        ("reopen", "Повернуто помилково", "Іваненко"),
    ]
    # No correction is awaited now: a late one is a conflict; the case is decided as it is.
    [late] = client.send(revised(document))
    assert (late["outcome"], late["code"]) == ("conflict", "revision.unexpected")
    registry.cli("decide", number, "grant", "--by", "Іваненко")
    assert json.loads(registry.cli("show", number, "--json").stdout)["status"] == "granted"


def test_a_refusal_without_a_revision_is_not_made_on_a_correction_that_just_arrived(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """The officer opens the list of returned cases and refuses one: "the correction was not
    brought". It came a moment ago (revision 2): the refusal is not made on it unread, and
    she is told which revision is there now and how to decide on it."""
    case = returned_and_corrected(client, registry)
    number, cursor = case.number, case.cursor

    refused = registry.cli(
        "decide", number, "refuse", "--reason", "Виправлення не подано вчасно", check=False
    )
    in_ukrainian = registry.cli(
        "decide", number, "refuse", "--reason", "Не подано", check=False, lang="uk"
    )
    over_http = client.decide(number, "refuse", "Виправлення не подано вчасно")

    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    [line] = refused.stderr.splitlines()
    assert "revision 2" in line and "nothing was decided" in line and "--revision 2" in line
    [line_uk] = in_ukrainian.stderr.splitlines()
    assert "редакцію 2" in line_uk and "рішення не ухвалено" in line_uk
    assert "--revision 2" in line_uk
    assert over_http.status_code == 409
    assert (over_http.json()["error"], over_http.json()["latest_revision"]) == (
        "decision.revision_required",
        2,
    )
    shown = json.loads(registry.cli("show", number, "--json").stdout)
    assert (shown["status"], shown["revision"]) == ("accepted", 2)
    assert [d["decision"] for d in shown["decisions"]] == ["return"]
    assert client.changes(cursor)["changes"] == []  # the laptop hears of no refusal
    # Named, the revision is decided; and from then on, as any case, without naming it.
    registry.cli("decide", number, "return", "--reason", "Ще паспорт", "--revision", "2")
    assert "refused" in registry.cli("decide", number, "refuse", "--reason", "Ні").stdout
