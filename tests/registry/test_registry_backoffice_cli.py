"""The back office's ``frontdesk-registry`` at work: database URLs as administrators
write them, output piped into other programs, decisions on a case that moved on."""

from __future__ import annotations

import getpass
import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.registry.registry_cases import returned_and_corrected
from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import make_document
from tests.registry_process import PostgresCluster, RunningRegistry

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "registry.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        cwd=cwd,
        env={
            **{k: v for k, v in os.environ.items() if k != "FRONTDESK_REGISTRY_DATABASE"},
            "PYTHONPATH": str(ROOT),
            "FRONTDESK_LANG": "en",
        },
    )


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("registry.db", "Not a database URL"),
        ("mysql://registry@127.0.0.1/registry", "SQLite or PostgreSQL, not 'mysql'"),
        ("postgresql+psycopg2://registry:s3cret@127.0.0.1/registry", "is not installed"),
    ],
)
@pytest.mark.parametrize("command", [["list"], ["serve", "--port", "0"]])
def test_a_database_url_the_registry_cannot_use_is_one_line(
    url: str, said: str, command: list[str], tmp_path: Path
) -> None:
    done = _cli("--database", url, *command, cwd=tmp_path)

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("error: ") and said in line
    assert "postgresql+psycopg://" in line  # what to write instead
    assert "s3cret" not in line


@pytest.mark.postgres
def test_a_postgres_url_as_psql_writes_it_is_postgresql(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> None:
    """``postgres://`` is what psql and hosting providers give: it is PostgreSQL."""
    url = postgres_cluster.create_database().replace("postgresql+psycopg://", "postgres://")
    added = _cli("--database", url, "community", "add", "UA18040000000000001", "--name", "Т")
    listed = _cli("--database", url, "community", "list")

    assert added.returncode == 0, added.stderr
    assert listed.stdout.startswith("UA18040000000000001\tТ")


@pytest.mark.postgres
def test_a_value_the_database_does_not_take_is_a_422_and_one_line_not_a_500_or_a_traceback(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> None:
    """Whatever the registry's own checks let through that PostgreSQL refuses (a DataError:
    here a name longer than a narrower column of a hand-altered database) was a 500 and a
    traceback from the command line: it is the request's value, so 422 request.invalid,
    and one line naming what the database said."""
    url = postgres_cluster.create_database()
    engine = sa.create_engine(url)
    with RunningRegistry(tmp_path / "registry", database_url=url) as registry:
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("ALTER TABLE communities ALTER COLUMN name TYPE varchar(8)"))
        finally:
            engine.dispose()
        over_http = requests.post(
            f"{registry.url}/v1/admin/communities",
            json={"code": "UA18040000000000001", "name": "Іршанська громада"},
            headers=registry.admin_headers,
            timeout=10,
        )
        by_hand = registry.cli(
            "community", "add", "UA18040000000000002", "--name", "Іршанська громада", check=False
        )
        log = registry.log()

    assert (over_http.status_code, over_http.json()["error"]) == (422, "request.invalid")
    assert "unexpected error" not in log and "Іршанська" not in log
    assert by_hand.returncode == 1 and "Traceback" not in by_hand.stderr
    [line] = by_hand.stderr.splitlines()
    assert line.startswith("error: the database does not take this value: ")
    assert "too long" in line


def test_output_piped_into_head_ends_without_an_error(registry: RunningRegistry) -> None:
    """`frontdesk-registry community list | head -1`: head closes the pipe early."""
    registry.add_community()
    command = [sys.executable, "-m", "registry.cli", "--database", registry.database_url]
    with subprocess.Popen(
        [*command, "community", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=registry.env({"PYTHONPATH": str(ROOT)}),
        cwd=registry.workdir,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # as head does once it has its lines (here: before any)
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0
    assert stderr == ""


def test_a_refusal_for_a_correction_not_brought_does_not_land_on_the_correction(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """The officer looked at revision 1, returned weeks ago, and refuses it: "the correction
    was not brought". The resident brought it this morning (revision 2 arrived): the
    refusal, meant for revision 1, must not close the corrected case unread."""
    case = returned_and_corrected(client, registry)
    number, cursor = case.number, case.cursor

    over_http = client.decide(number, "refuse", "Виправлення не подано вчасно", revision=1)
    assert over_http.status_code == 409
    assert over_http.json()["error"] == "decision.stale"
    assert over_http.json()["latest_revision"] == 2
    refused = registry.cli(
        "decide", number, "refuse", "--reason", "Виправлення не подано вчасно",
        "--revision", "1", check=False,
    )  # fmt: skip
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    [line] = refused.stderr.splitlines()
    assert "revision 2" in line and "nothing was decided" in line
    shown = json.loads(registry.cli("show", number, "--json").stdout)
    assert (shown["status"], shown["revision"]) == ("accepted", 2)
    assert [d["decision"] for d in shown["decisions"]] == ["return"]
    assert client.changes(cursor)["changes"] == []  # the laptop hears of no refusal
    # Looked at again, revision 2 is decided.
    granted = registry.cli("decide", number, "grant", "--revision", "2")
    assert "granted (revision 2)" in granted.stdout


def test_show_says_who_decided(client: RegistryClient, registry: RunningRegistry) -> None:
    """Several officers decide through one admin token and one server account: the
    application's record names each decision's officer."""
    first, second, third = (make_document(client.device.community) for _ in range(3))
    client.send(first, second, third)

    returned = registry.cli(
        "decide", first["number"], "return", "--reason", "Додайте довідку",
        "--by", "  Петренко  Олена ",
    )  # fmt: skip
    over_http = client.decide(second["number"], "grant", decided_by="o.petrenko")
    anonymous = client.decide(third["number"], "grant")
    registry.cli("decide", first["number"], "refuse", "--reason", "Не подано")

    assert "decided by Петренко Олена" in returned.stdout
    assert over_http.json()["decided_by"] == "o.petrenko"
    assert anonymous.json()["decided_by"] == "api"
    shown = json.loads(registry.cli("show", first["number"], "--json").stdout)
    account = f"cli:{getpass.getuser()}"
    assert [(d["decision"], d["decided_by"]) for d in shown["decisions"]] == [
        ("return", "Петренко Олена"),
        ("refuse", account),
    ]
    text = registry.cli("show", first["number"]).stdout
    assert "return rev 1 by Петренко Олена: Додайте довідку" in text
    assert f"refuse rev 1 by {account}: Не подано" in text
    second_shown = json.loads(registry.cli("show", second["number"], "--json").stdout)
    assert second_shown["decisions"][0]["decided_by"] == "o.petrenko"


def test_the_back_office_reads_ukrainian_by_default(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """The officer's day in the registry's own words: the list, an application, a decision,
    a mistake; English only when FRONTDESK_LANG=en asks for it."""
    first, second = (make_document(client.device.community) for _ in range(2))
    client.send(first, second)
    community = client.device.community

    listed = registry.cli("list", "--community", community, lang="uk")
    assert [line.split("\t")[1:3] for line in listed.stdout.splitlines()] == [
        ["прийнято до розгляду", "ред. 1"],
        ["прийнято до розгляду", "ред. 1"],
    ]
    assert listed.stderr.strip() == "2 заяви"
    returned = registry.cli(
        "decide", first["number"], "return", "--reason", "Додайте довідку", "--by", "Олена",
        lang="uk",
    )  # fmt: skip
    assert returned.stdout.strip() == (
        f"{first['number']}: повернуто на доопрацювання (редакція 1); рішення ухвалено — Олена"
    )
    shown = registry.cli("show", first["number"], lang="uk").stdout
    assert f"{first['number']}  повернуто на доопрацювання" in shown
    assert "  заявник:    " in shown and "  редакція 1: повернуто на доопрацювання" in shown
    assert "повернуто на доопрацювання, ред. 1; ухвалено — Олена: Додайте довідку" in shown
    again = registry.cli("decide", first["number"], "grant", check=False, lang="uk")
    assert again.returncode == 1 and "Traceback" not in again.stderr
    [line] = again.stderr.splitlines()
    assert line.startswith(f"помилка: Заява {first['number']}: повернуто на доопрацювання (")
    unknown = registry.cli("show", "ZZ99-2026-999999", check=False, lang="uk")
    assert unknown.stderr.strip() == "помилка: Немає заяви ZZ99-2026-999999"
    no_reason = registry.cli("decide", second["number"], "refuse", check=False, lang="uk")
    assert no_reason.stderr.strip() == "помилка: для рішення refuse потрібна причина (--reason)"
    helped = registry.cli("decide", "--help", lang="uk").stdout
    assert helped.startswith("використання: frontdesk-registry") and "обов'язкова" in helped
    english = registry.cli("show", "ZZ99-2026-999999", check=False, lang="en")
    assert english.stderr.strip() == "error: No application ZZ99-2026-999999"


def test_deciding_what_a_colleague_decided_names_her_and_when(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """Two officers take the same application from the list: the second learns who was
    first (or that her own retry, after a lost answer, went through)."""
    document = make_document(client.device.community)
    client.send(document)
    first = client.decide(document["number"], "grant", decided_by="Петренко Олена").json()

    again = registry.cli("decide", document["number"], "grant", "--by", "Іван", check=False)
    over_http = client.decide(document["number"], "grant", decided_by="o.petrenko")

    assert again.returncode == 1
    [line] = again.stderr.splitlines()
    assert f"is granted (grant by Петренко Олена, {first['decided_at']})" in line
    assert over_http.status_code == 409
    body = over_http.json()
    assert (body["error"], body["status"]) == ("decision.not_allowed", "granted")
    assert (body["decided_by"], body["decided_at"]) == ("Петренко Олена", first["decided_at"])


def test_a_lost_laptop_is_revoked_by_the_workstation_code_the_community_reports(
    registry: RunningRegistry,
) -> None:
    """The community phones: "our ZT.. laptop was stolen". That code is what they know."""
    workstation = "R" + secrets.token_hex(3).upper()
    lost = registry.enrol(workstation=workstation)

    revoked = registry.cli("device", "revoke", f" {workstation.lower()} ")
    unknown = registry.cli("device", "revoke", workstation, check=False)  # revoked already
    polled = requests.get(
        f"{registry.url}/v1/changes", headers=lost.headers, timeout=15, verify=registry.verify
    )

    assert revoked.stdout.startswith(f"{lost.device_id} ({workstation}, {lost.community})")
    assert polled.status_code == 401
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == f"error: No active device holds workstation code {workstation}"
    listed = registry.cli("device", "list", "--community", lost.community, "--json").stdout
    assert [d["revoked_at"] is not None for d in json.loads(listed)] == [True]


def test_the_back_office_gets_the_scans_it_decides_on(
    client: RegistryClient, registry: RunningRegistry, tmp_path: Path
) -> None:
    """The income certificate is a scan: the officer reads it before granting. The registry
    kept it, but no command or call gave it back."""
    scan, photo = b"%PDF-1.4 income certificate", b"\xff\xd8\xff passport photo"
    document = make_document(client.device.community, attachments=[scan, photo])
    document["attachments"][1]["filename"] = "..\\Паспорт: стор. 1.jpg"
    document["attachments"][1]["media_type"] = "image/jpeg"
    client.upload(scan)
    client.upload(photo)
    [result] = client.send(document)
    assert result["outcome"] == "accepted", result
    number = document["number"]

    saved = registry.cli(
        "attachments", number, "--output", str(tmp_path / "scans"),
        "--blobs", str(registry.blobs_dir),
    )  # fmt: skip
    again = registry.cli(
        "attachments", number, "--output", str(tmp_path / "scans"),
        "--blobs", str(registry.blobs_dir), check=False,
    )  # fmt: skip
    sha = document["attachments"][1]["sha256"]
    url = f"{registry.url}/v1/backoffice/applications/{number}/attachments"
    fetched = requests.get(f"{url}/{sha}", headers=registry.admin_headers, timeout=15)
    other = requests.get(f"{url}/{'0' * 64}", headers=registry.admin_headers, timeout=15)
    anonymous = requests.get(f"{url}/{sha}", timeout=15)

    files = sorted((tmp_path / "scans").iterdir())
    assert [f.name for f in files] == [
        f"{number}-1-scan-0.pdf",
        f"{number}-2-Паспорт_ стор. 1.jpg",
    ]
    assert [f.read_bytes() for f in files] == [scan, photo]
    assert saved.stdout.splitlines() == [str(f) for f in files]
    assert "2 attachment(s)" in saved.stderr
    assert again.returncode == 1 and "Traceback" not in again.stderr  # nothing overwritten
    assert (fetched.status_code, fetched.content) == (200, photo)
    assert fetched.headers["content-type"] == "image/jpeg"
    assert (other.status_code, other.json()["error"]) == (404, "attachment.unknown")
    assert anonymous.status_code == 401


def test_show_prints_what_was_applied_for(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    """The officer decides on the household, the address, the account: `show` printed the
    applicant's name and the service code only, the rest was in `--json` alone."""
    document = make_document(client.device.community)
    client.send(document)

    lines = registry.cli("show", document["number"]).stdout.splitlines()

    start = lines.index("  application (revision 1):")
    end = next(i for i, line in enumerate(lines) if line.startswith("  revision 1: "))
    shown = lines[start + 1 : end]
    applicant = document["applicant"]
    for expected in (
        f'    applicant.rnokpp: "{applicant["rnokpp"]}"',
        f'    applicant.document.series: "{applicant["document"]["series"]}"',
        '    household[0].relationship: "applicant"',
        f'    payment.iban: "{document["payment"]["iban"]}"',
        '    registered_address.street: "Київська"',
        "    documents[1].provided: true",
    ):
        assert expected in shown, expected
    assert not any(line.startswith(("    number:", "    revision:", "    : ")) for line in shown)


def test_replacing_an_admin_token_set_in_the_environment_is_refused_not_pretended(
    registry: RunningRegistry,
) -> None:
    """The token leaked; the admin runs `admin-token --new`. With the token set in
    FRONTDESK_REGISTRY_ADMIN_TOKEN it printed that same token, exit 0: the leaked token
    kept working and the admin believed it replaced."""
    replaced = registry.cli("admin-token", "--new", check=False)
    still = requests.get(
        f"{registry.url}/v1/admin/communities", headers=registry.admin_headers, timeout=15
    )

    assert replaced.returncode == 1
    assert registry.admin_token not in replaced.stdout
    [line] = replaced.stderr.splitlines()
    assert "FRONTDESK_REGISTRY_ADMIN_TOKEN" in line and "restart" in line
    assert still.status_code == 200  # nothing changed, as the message says


def test_ctrl_c_ends_a_command_with_one_line(tmp_path: Path) -> None:
    """Ctrl+C while `decide` waits for a database the server holds locked: one line, no
    traceback, exit 130."""
    database = tmp_path / "locked.db"
    made = _cli("--database", f"sqlite:///{database}", "community", "add",
                "UA18040000000000001", "--name", "Т")  # fmt: skip
    assert made.returncode == 0, made.stderr
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as a long write of the server's
    try:
        command = [sys.executable, "-m", "registry.cli", "--database", f"sqlite:///{database}"]
        with subprocess.Popen(
            [*command, "decide", "ZT01-2026-000001", "grant"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=tmp_path,
        ) as process:
            time.sleep(2.0)  # started, and waiting for the lock (15 s at most)
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=30)
    finally:
        holder.close()
    assert process.returncode == 130
    assert stderr.decode().strip().splitlines()[-1] == "перервано"  # (Ukrainian: the default)
    assert "Traceback" not in stderr.decode()
