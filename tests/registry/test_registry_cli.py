"""The ``frontdesk-registry`` command line against the database a running registry uses."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from hashlib import sha256
from pathlib import Path

import pytest
import requests

from registry.db import Database, create_engine, enrolment_codes
from registry.enrolment import normalise_code
from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import make_document, revised
from tests.registry_process import RunningRegistry

ROOT = Path(__file__).resolve().parents[2]


def test_list_json_and_filters(client: RegistryClient, registry: RunningRegistry) -> None:
    community = client.device.community
    first, second = make_document(community), make_document(community)
    second["services"] = [{"code": "249"}]
    client.send(first, second)
    client.decide(first["number"], "grant")

    everything = json.loads(registry.cli("list", "--json", "--community", community).stdout)
    granted = json.loads(
        registry.cli("list", "--json", "--community", community, "--status", "granted").stdout
    )
    by_service = json.loads(
        registry.cli("list", "--json", "--community", community, "--service", "249").stdout
    )

    assert [
        (i["number"], i["id"], i["revision"], i["status"], i["community"]) for i in everything
    ] == [
        (first["number"], first["id"], 1, "granted", community),
        (second["number"], second["id"], 1, "accepted", community),
    ]
    assert [i["number"] for i in granted] == [first["number"]]
    assert [i["number"] for i in by_service] == [second["number"]]
    assert everything[0]["applicant_name"] == "Шевченко Оксана Петрівна"


def test_decide_reaches_the_workstation_and_show_tells_the_story(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    document = make_document(client.device.community)
    client.send(document)
    cursor = client.changes()["cursor"]

    decided = registry.cli("decide", document["number"], "return", "--reason", "Немає підпису")
    shown = json.loads(registry.cli("show", document["number"], "--json").stdout)
    text = registry.cli("show", document["number"]).stdout

    assert "returned" in decided.stdout
    [change] = client.changes(cursor)["changes"]
    assert (change["status"], change["reason"]) == ("returned", "Немає підпису")
    assert shown["status"] == "returned"
    assert shown["document"]["id"] == document["id"]
    assert shown["decisions"][0]["decision"] == "return"
    assert shown["decisions"][0]["reason"] == "Немає підпису"
    assert document["number"] in text and "Немає підпису" in text


def test_decide_refuses_without_a_reason_or_twice(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    document = make_document(client.device.community)
    client.send(document)

    no_reason = registry.cli("decide", document["number"], "refuse", check=False)
    unknown = registry.cli("decide", "ZZ99-2026-999999", "grant", check=False)
    registry.cli("decide", document["number"], "grant")
    twice = registry.cli("decide", document["number"], "grant", check=False)

    assert no_reason.returncode == 1
    assert "--reason" in no_reason.stderr
    assert unknown.returncode == 1
    assert "ZZ99-2026-999999" in unknown.stderr
    assert twice.returncode == 1
    assert "granted" in twice.stderr
    assert "Traceback" not in no_reason.stderr + unknown.stderr + twice.stderr


def test_a_returned_application_can_be_refused_but_not_granted_or_returned_again(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """The resident never brought the correction: the back office closes the case."""
    document = make_document(client.device.community)
    client.send(document)
    number = document["number"]
    registry.cli("decide", number, "return", "--reason", "Додайте довідку")
    cursor = client.changes()["cursor"]

    granted = registry.cli("decide", number, "grant", check=False)
    returned = registry.cli("decide", number, "return", "--reason", "ще раз", check=False)
    refused = registry.cli("decide", number, "refuse", "--reason", "Довідку не подано вчасно")

    assert (granted.returncode, returned.returncode) == (1, 1)
    assert "returned" in granted.stderr and "Traceback" not in granted.stderr + returned.stderr
    assert refused.returncode == 0 and "refused (revision 1)" in refused.stdout
    [change] = client.changes(cursor)["changes"]
    assert (change["status"], change["revision"], change["reason"]) == (
        "refused",
        1,
        "Довідку не подано вчасно",
    )
    shown = json.loads(registry.cli("show", number, "--json").stdout)
    assert shown["status"] == "refused"
    assert [d["decision"] for d in shown["decisions"]] == ["return", "refuse"]
    # Refused, the case takes no correction any more.
    corrected = {**document, "revision": 2}
    [result] = client.send(corrected)
    assert (result["outcome"], result["code"]) == ("conflict", "revision.unexpected")
    assert registry.cli("decide", number, "refuse", "--reason", "x", check=False).returncode == 1


def test_decide_and_show_take_a_number_as_people_write_it(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """Copied from a receipt or a letter: slashes, lower case, en dashes, "№", no zeros."""
    community = client.device.community
    first, other = make_document(community), make_document(community)
    number = first["number"]
    code, year, sequence = number.split("-")
    twin = make_document(community, number=f"ZX02-{year}-{sequence}")  # another workstation's
    client.send(first, other, twin)

    decided = registry.cli(
        "decide", f"{code}/{year}/{sequence}".lower(), "return", "--reason", "Паспорт\nДовідка"
    )
    shown = registry.cli("show", f"№ {code}–{year}–{int(sequence)}.")
    by_year = registry.cli("show", "/".join(other["number"].split("-")[1:]))
    cyrillic = registry.cli("show", number.replace("T", "Т"))  # (a Cyrillic Т)
    ambiguous = registry.cli("show", f"{year}-{sequence}", check=False)

    assert decided.stdout.startswith(f"{number}: returned")
    assert shown.stdout.startswith(number) and "Паспорт" in shown.stdout
    assert by_year.stdout.startswith(other["number"])
    assert cyrillic.stdout.startswith(number)
    assert ambiguous.returncode == 1
    assert number in ambiguous.stderr and f"ZX02-{year}-{sequence}" in ambiguous.stderr
    assert "Traceback" not in ambiguous.stderr


def test_show_indents_the_further_lines_of_a_reason(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """A reason typed as a list must not read as fields of the application."""
    document = make_document(client.device.community)
    client.send(document)
    reason = "Виправте:\nservices: 249 замість 250\n\napplicant: по батькові"
    registry.cli("decide", document["number"], "return", "--reason", reason)

    lines = registry.cli("show", document["number"]).stdout.splitlines()

    start = next(
        i
        for i, line in enumerate(lines)
        if " return rev 1 by " in line and line.endswith(": Виправте:")
    )
    assert lines[start + 1 : start + 4] == [
        "      services: 249 замість 250",
        "",
        "      applicant: по батькові",
    ]
    assert all(line == "" or line.startswith("  ") for line in lines[1:])


def test_show_tells_what_each_correction_changed(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """The back office checks the correction it asked for, and sees one that changed nothing."""
    first = make_document(client.device.community)
    number = first["number"]
    client.send(first)
    registry.cli("decide", number, "return", "--reason", "Новий телефон; виплата поштою")
    second = revised(
        first,
        applicant={**first["applicant"], "phone": "+380509998877"},
        payment={"method": "post"},
    )
    client.send(second)
    registry.cli("decide", number, "return", "--reason", "Додайте довідку", "--revision", "2")
    client.send(revised(second))  # sent again as it was

    shown = json.loads(registry.cli("show", number, "--json").stdout)
    text = registry.cli("show", number).stdout

    first_rev, second_rev, third_rev = shown["revisions"]
    assert "changes" not in first_rev
    assert second_rev["changes"] == [
        {"path": "applicant.phone", "old": "+380671234567", "new": "+380509998877"},
        {"path": "payment.iban", "old": first["payment"]["iban"], "new": None},
        {"path": "payment.method", "old": "bank", "new": "post"},
    ]
    assert third_rev["changes"] == []
    assert 'changed applicant.phone: "+380671234567" → "+380509998877"' in text
    assert 'changed payment.method: "bank" → "post"' in text
    assert "changed payment.iban: " in text and "→ (none)" in text
    assert "revision 3: accepted" in text and "nothing changed from revision 2" in text


def _hash(code: str) -> str:
    return sha256(normalise_code(code).encode()).hexdigest()


def test_community_and_enrolment_code_commands(registry: RunningRegistry) -> None:
    registry.cli("community", "add", "UA18040000000000001", "--name", "Іршанська громада")
    issued = registry.cli("enrolment-code", "UA18040000000000001")
    code = issued.stdout.strip()
    # Whoever hands it over reads what it is for and until when (stderr: stdout is the code).
    assert "UA18040000000000001 Іршанська громада, once, until " in issued.stderr
    assert re.search(r"until \d\d\.\d\d\.20\d\d \d\d:\d\d \(Kyiv time\)", issued.stderr)
    assert f"--code {code}" in issued.stderr
    expired = registry.cli("enrolment-code", "UA18040000000000001", "--days", "1").stdout.strip()
    database = Database(create_engine(registry.database_url))
    try:
        with database.write() as conn:  # a day later
            conn.execute(
                enrolment_codes.update()
                .where(enrolment_codes.c.code_hash == _hash(expired))
                .values(expires_at=enrolment_codes.c.created_at)
            )
    finally:
        database.close()
    unknown = registry.cli("enrolment-code", "UA99999999999999999", check=False)
    for days in ("0", "-1", "4000000", "сім"):  # an expired code, or a traceback: refused
        refused = registry.cli("enrolment-code", "UA18040000000000001", "--days", days, check=False)
        assert refused.returncode == 2 and "--days" in refused.stderr, days

    assert len(code.split()) == 1  # only the code: scripts read it
    enrolled = requests.post(f"{registry.url}/v1/enrol", json={"code": code}, timeout=10)
    assert enrolled.status_code == 200
    assert enrolled.json()["community"]["name"] == "Іршанська громада"
    late = requests.post(f"{registry.url}/v1/enrol", json={"code": expired}, timeout=10)
    assert late.status_code == 403
    assert unknown.returncode == 1


def test_publishing_a_catalogue_that_is_not_there_says_so(
    registry: RunningRegistry, tmp_path: Path
) -> None:
    missing = registry.cli("catalog", "publish", str(tmp_path / "catalog.json"), check=False)
    assert missing.returncode == 1
    assert "catalog.json" in missing.stderr and "Traceback" not in missing.stderr
    binary = tmp_path / "scan.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" * 100)
    unreadable = registry.cli("catalog", "publish", str(binary), check=False)
    assert unreadable.returncode == 1 and "Traceback" not in unreadable.stderr


def test_admin_token_is_the_configured_one(registry: RunningRegistry) -> None:
    assert registry.cli("admin-token").stdout.strip() == registry.admin_token


@pytest.mark.parametrize(
    "command", [[], ["serve"], ["community", "add"], ["list"], ["decide"], ["show"]]
)
def test_help_everywhere(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from registry.cli import main

    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])

    assert exited.value.code == 0
    assert "використання: frontdesk-registry" in capsys.readouterr().out  # (Ukrainian: the default)


def registry_cli(
    *args: str, cwd: Path = ROOT, lang: str = "en"
) -> subprocess.CompletedProcess[str]:
    """``frontdesk-registry ARGS`` run in ``cwd``, with no registry database set in the
    environment (only what the arguments say)."""
    return subprocess.run(
        [sys.executable, "-m", "registry.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
        env={
            **{k: v for k, v in os.environ.items() if k != "FRONTDESK_REGISTRY_DATABASE"},
            "PYTHONPATH": str(ROOT),
            "FRONTDESK_LANG": lang,
        },
    )


def test_the_registry_database_is_readable_by_its_own_account_only(tmp_path: Path) -> None:
    """It holds every community's applications and the back office's token."""
    database = tmp_path / "registry" / "registry.db"
    database.parent.mkdir()
    command = ["community", "add", "UA18040000000000001", "--name", "Іршанська громада"]
    made = registry_cli("--database", f"sqlite:///{database}", *command)
    assert made.returncode == 0, made.stderr
    assert database.stat().st_mode & 0o777 == 0o600


def test_a_command_run_away_from_the_registrys_database_says_so(tmp_path: Path) -> None:
    """(an administrator in the wrong folder) no empty registry is made, and "decide" does
    not answer "no such application" about an application that exists elsewhere."""
    for command in (["list"], ["decide", "ZT01-2026-000001", "grant"]):
        done = registry_cli(*command, cwd=tmp_path)
        assert done.returncode == 1
        assert "No registry database at registry.db" in done.stderr
    assert list(tmp_path.iterdir()) == []
    with_options = f"sqlite:///{tmp_path / 'registry.db'}?timeout=5"  # a URL with options
    for command in (["community", "add", "UA18040000000000001", "--name", "Т"], ["list"]):
        done = registry_cli("--database", with_options, *command)
        assert done.returncode == 0, done.stderr
