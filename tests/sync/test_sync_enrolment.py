"""Enrolment against a real registry process on 127.0.0.1: codes, tokens, communities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontdesk.errors import InvalidInput, KeyringUnavailable
from frontdesk.model import Status
from frontdesk.profile import Profile
from sync.errors import EnrolmentRefused, NeedsEnrolment, SyncError
from sync.workstation import TOKEN, connect, enrol
from tests.conftest import run_cli
from tests.factories import application
from tests.registry_process import RunningRegistry
from tests.sync.conftest import (
    Workstation,
    assert_exactly_once,
    enrolled,
)

_CYRILLIC_TWINS = str.maketrans("abcehkmptxy", "авсенкмртху")


def test_401_stops_and_reenrolment_recovers(workstation: Workstation) -> None:
    ids = workstation.capture_examples()
    workstation.profile.secrets.set(TOKEN, "revoked-or-forged-token")
    with pytest.raises(NeedsEnrolment) as caught:
        workstation.engine().sync_once()
    assert "повторна реєстрація" in caught.value.message("uk")
    assert workstation.profile.outbox.status().to_dict()["pending"] == len(ids)
    # (the token was revoked by the admin; a forged one proves no right to the code)
    registry = workstation.registry
    [device] = json.loads(
        registry.cli("device", "list", "--community", workstation.community, "--json").stdout
    )
    registry.cli("device", "revoke", device["id"])
    code = registry.enrolment_code(workstation.community)
    enrol(workstation.profile, registry.url, code)
    workstation.engine().sync_once()
    assert_exactly_once(workstation, ids)


def test_the_command_lines_sync_loop_says_a_refused_token_once(workstation: Workstation) -> None:
    """`frontdesk sync` (the loop a scheduler runs) printed the refusal twice: once for
    the round that met it, once again as it stopped."""
    from tests.conftest import run_cli

    workstation.profile.secrets.set(TOKEN, "revoked-or-forged-token")
    told = run_cli(
        "--data-dir", str(workstation.profile.root), "sync", "--interval", "0.2", timeout=60
    )
    assert told.returncode == 4, told.stderr
    assert told.stderr.count("повторна реєстрація") == 1, told.stderr


def test_a_second_laptop_with_the_same_workstation_code_is_not_enrolled(
    tmp_path: Path, workstation: Workstation
) -> None:
    """Two laptops of one community set up as ZT01 both printed ZT01-…-000001: the
    registry renumbered almost every receipt. The second is refused in words that tell
    the IT person what to do; the first goes on numbering as before."""
    registry, community = workstation.registry, workstation.community
    [device] = json.loads(registry.cli("device", "list", "--community", community, "--json").stdout)
    second = Profile.create(tmp_path / "second", workstation="ZT01", community=community)
    try:
        code = registry.enrolment_code(community)
        with pytest.raises(EnrolmentRefused) as refused:
            enrol(second, registry.url, code)
        said = refused.value.message("uk")
        assert "ZT01 уже використовує інший ноутбук" in said
        assert f"frontdesk-registry device revoke {device['id']}" in said
        assert "Код реєстрації не використано" in said
        assert second.outbox.status().registry is None  # nothing enrolled: it sends nothing

        saved = [
            workstation.profile.applications.save(application(surname=n), "o").application
            for n in ("Бондар", "Гнатюк")
        ]
        report = workstation.engine().sync_once()
        assert report.push.renumbered == []
        assert [workstation.profile.applications.get(a.id).number for a in saved] == [
            a.number for a in saved
        ]

        # The laptop replaced for real: the admin revokes the old one, the same code works.
        registry.cli("device", "revoke", device["id"])
        enrol(second, registry.url, code)
        assert second.outbox.status().registry == registry.url
    finally:
        second.close()


def test_a_revoked_workstation_sends_nothing_more_until_enrolled_again(
    workstation: Workstation,
) -> None:
    """The laptop was lost: the admin revokes its token, the replacement enrols anew."""
    ids = workstation.capture_examples()
    workstation.engine().sync_once()
    registry = workstation.registry
    [device] = json.loads(
        registry.cli("device", "list", "--community", workstation.community, "--json").stdout
    )
    assert (device["workstation"], device["revoked_at"]) == ("ZT01", None)
    assert "token" not in json.dumps(device)  # never shown, not even hashed

    revoked = registry.cli("device", "revoke", device["id"])
    assert "revoked" in revoked.stdout
    late = workstation.profile.applications.save(application(surname="Бондар"), "o").application
    with pytest.raises(NeedsEnrolment):
        workstation.engine().sync_once()
    assert_exactly_once(workstation, ids)  # what it delivered before stays, and nothing more
    assert workstation.profile.outbox.status().to_dict()["pending"] == 1  # kept for later

    enrol(workstation.profile, registry.url, registry.enrolment_code(workstation.community))
    workstation.engine().sync_once()
    assert_exactly_once(workstation, [*ids, late.id])
    listed = json.loads(registry.cli("device", "list", "--json").stdout)
    mine = [d for d in listed if d["community"] == workstation.community]
    assert [d["revoked_at"] is None for d in mine] == [False, True]  # oldest first
    again = registry.cli("device", "revoke", device["id"])  # a second time: no change
    assert device["id"] in again.stdout
    unknown = registry.cli("device", "revoke", "no-such-device", check=False)
    assert unknown.returncode == 1 and "no-such-device" in unknown.stderr


def test_enrolling_clears_the_last_problem_but_claims_no_sync(workstation: Workstation) -> None:
    outbox = workstation.profile.outbox
    assert outbox.status().last_success is None  # enrolled, nothing sent or pulled yet
    outbox.record_error("sync.offline")
    code = workstation.registry.enrolment_code(workstation.community)
    enrol(workstation.profile, workstation.registry.url, code)  # enrolled again
    assert outbox.status().last_error is None and outbox.status().last_success is None
    workstation.engine().sync_once()
    assert outbox.status().last_success is not None


def test_enrolment_code_of_another_community_is_refused(
    tmp_path: Path, registry: RunningRegistry, workstation: Workstation
) -> None:
    other = registry.add_community()
    code = registry.enrolment_code(other)
    with pytest.raises(EnrolmentRefused) as wrong:
        enrol(workstation.profile, registry.url, code)
    assert "код не використано" in wrong.value.message("uk")
    # The code is still good for a workstation of its community, and none was made for
    # this one there (which would have kept its code from its own community).
    there = Profile.create(tmp_path / "there", workstation="KH07", community=other)
    try:
        enrol(there, registry.url, code)
    finally:
        there.close()
    listed = registry.cli("device", "list", "--community", other, "--json").stdout
    assert [d["workstation"] for d in json.loads(listed)] == ["KH07"]
    enrol(workstation.profile, registry.url, registry.enrolment_code(workstation.community))
    with pytest.raises(EnrolmentRefused) as refused:
        enrol(workstation.profile, registry.url, "not-a-code")
    said = refused.value.message("uk")  # the registry's reason, in the worker's words
    assert "вже використано" in said and "expired" not in said
    with pytest.raises(InvalidInput):
        enrol(workstation.profile, "ftp://example", "x")
    # Plain http only to a registry on this computer: the token and the applications would
    # cross the network in clear (nothing is sent: the address is refused first).
    for elsewhere in ("http://registry.example.gov.ua", "http://127.attacker.example"):
        with pytest.raises(InvalidInput) as clear:
            enrol(workstation.profile, elsewhere, "x")
        assert "https://" in clear.value.message("uk")


@pytest.mark.parametrize(
    "typed",
    [
        "registry.example.gov.ua:8O43",  # the letter O for a zero in the port
        "https://registry .example.gov.ua",  # a space
        "https://registry.example.gov.ua:99999",
        "https://[fe80::1",  # an unclosed bracket (it crashed: an error inside the program)
    ],
)
def test_a_registry_address_typed_wrong_is_said_to_be_wrong_not_unanswered(
    workstation: Workstation, typed: str
) -> None:
    """A typo in the address was reported as "the registry did not answer, try again when
    there is a connection": the worker would try for ever."""
    profile = workstation.profile
    before = profile.outbox.setting("sync.registry")
    with pytest.raises(InvalidInput) as wrong:
        enrol(profile, typed, "ABCD-EFGH-JKLM")
    said = wrong.value.message("uk")
    assert "це не адреса" in said and "порту" in said
    assert "не відповів" not in said
    assert profile.outbox.setting("sync.registry") == before


def test_communities_are_isolated(
    tmp_path: Path, registry: RunningRegistry, workstation: Workstation
) -> None:
    other = enrolled(tmp_path, registry, "other", code="KH07")
    try:
        mine = workstation.profile.applications.save(application(), "oksana").application
        theirs = other.profile.applications.save(application(surname="Бондар"), "o").application
        workstation.engine().sync_once()
        other.engine().sync_once()
        registry.cli("decide", mine.number, "grant")
        assert other.engine().sync_once().pull.applied == []
        assert [c["application_id"] for c in workstation.engine().sync_once().pull.applied] == [
            mine.id
        ]
        assert other.profile.applications.get(theirs.id).status is Status.ACCEPTED
        assert_exactly_once(workstation, [mine.id])
        assert_exactly_once(other, [theirs.id])
    finally:
        other.close()


def test_a_workstation_code_belongs_to_one_community(
    tmp_path: Path, registry: RunningRegistry, workstation: Workstation
) -> None:
    from frontdesk.profile import Profile

    other_community = registry.add_community()
    community = registry.add_community()
    twin = Profile.create(tmp_path / "twin", workstation="ZT01", community=other_community)
    try:
        with pytest.raises(EnrolmentRefused) as caught:
            enrol(twin, registry.url, registry.enrolment_code(other_community))
        assert "another community" in caught.value.message("en")
        # The first laptop is revoked before it delivered anything: it numbered nothing
        # at the registry, so its code is free for the other community.
        listed = registry.cli("device", "list", "--community", workstation.community, "--json")
        [device] = json.loads(listed.stdout)
        registry.cli("device", "revoke", device["id"])
        enrol(twin, registry.url, registry.enrolment_code(other_community))
        # Once applications numbered ZT01-… came from the twin's community, no laptop of
        # another community may take the code, revoked or not.
        twin.applications.save(application(), "o")
        engine, transport = connect(twin)
        try:
            assert engine.sync_once().push.delivered == 1
        finally:
            transport.close()
        listed = registry.cli("device", "list", "--community", other_community, "--json")
        [twin_device] = json.loads(listed.stdout)
        registry.cli("device", "revoke", twin_device["id"])
        # A laptop moved from the twin's community, set up again with its old code:
        moved = Profile.create(tmp_path / "moved", workstation="ZT01", community=community)
        code = registry.enrolment_code(community)
        with pytest.raises(EnrolmentRefused) as taken:
            enrol(moved, registry.url, code)
        # The device there is revoked: not said to be "registered", and the way forward
        # (this laptop's own code) is named, in both languages.
        uk, en = taken.value.message("uk"), taken.value.message("en")
        assert "зареєстровано в іншій громаді" not in uk
        assert "frontdesk set-workstation КОД" in uk and "код реєстрації не використано" in uk
        assert "frontdesk set-workstation CODE" in en and "still unused" in en
        # ...and it leads there: with a code of its own, the same enrolment code works.
        moved.change_workstation("ZT02", "test")
        enrol(moved, registry.url, code)
        moved.close()
    finally:
        twin.close()


def test_a_keyring_that_cannot_keep_the_token_leaves_the_code_unspent(
    registry: RunningRegistry, workstation: Workstation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring locked mid-session: enrolment says so before it spends the one-time
    code, and the same code works once the keyring does."""
    code = registry.enrolment_code(workstation.community)
    secrets = workstation.profile.secrets
    with monkeypatch.context() as locked:

        def refuse(_what: str, _value: str) -> None:
            raise KeyringUnavailable("locked")

        locked.setattr(secrets, "set", refuse)
        with pytest.raises(KeyringUnavailable):
            enrol(workstation.profile, registry.url, code)
    enrol(workstation.profile, registry.url, code)  # not used up
    workstation.profile.applications.save(application(), "o")
    assert workstation.engine().sync_once().push.delivered == 1


def test_an_enrolment_code_typed_with_cyrillic_look_alikes_enrols(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    """A code typed in the Ukrainian layout («С» on the C key) was "no such code, used or
    expired — ask for a new one", and the new one, typed the same way, failed again."""
    community = registry.add_community()
    for _ in range(50):  # a code with a letter that has a Cyrillic twin (nearly every one)
        code = registry.enrolment_code(community)
        typed = code.lower().translate(_CYRILLIC_TWINS)
        if typed != code.lower():
            break
    with Profile.create(tmp_path / "ws", workstation="ZT01", community=community) as profile:
        with pytest.raises(InvalidInput) as refused:
            enrol(profile, registry.url, "ЯЧСМ-" + code[5:])  # the Z, X, C, V keys
        assert "у ньому є літери кирилиці — наберіть його латиницею" in (
            refused.value.message("uk")
        )
        assert typed != code.lower()
        assert enrol(profile, registry.url, typed).community == community


def test_an_address_where_no_registry_answers_is_not_called_a_refused_code(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    """The registry's API address (".../v1") or another web server said "the enrolment
    code was refused: Not Found", and people asked for new codes."""
    import http.server
    import threading

    class Site(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>Not here</body></html>")

        def log_message(self, *_args: object) -> None:
            pass

    site = http.server.HTTPServer(("127.0.0.1", 0), Site)
    serving = threading.Thread(target=site.serve_forever, daemon=True)
    serving.start()
    community = registry.add_community()
    code = registry.enrolment_code(community)
    try:
        with Profile.create(tmp_path / "ws", workstation="ZT01", community=community) as profile:
            for url in (registry.url + "/v1", f"http://127.0.0.1:{site.server_port}"):
                with pytest.raises(SyncError) as caught:
                    enrol(profile, url, code)
                said = caught.value.message("uk")
                assert said.startswith(f"За адресою {url} немає реєстру FrontDesk (HTTP 404)")
                assert "код реєстрації не використано" in said
            assert enrol(profile, registry.url, code).community == community
    finally:
        site.shutdown()
        site.server_close()
        serving.join(timeout=10)


def test_enrolling_at_the_command_line_takes_an_operators_sign_in_once_there_are_operators(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    """Once enrolled, every application here, those delivered already too, goes to that
    registry: enrolling at another address without signing in would hand them all to
    whoever runs it, as ``export`` does not. The IT person's set-up (no operator yet)
    enrols without; then it is in the access log as the computer's account."""
    community = registry.add_community()
    root = tmp_path / "ws"
    with Profile.create(root, workstation="ZT01", community=community) as profile:
        profile.operators.add("olena", "Весна-2025-ранок", by="set-up")
    code = registry.enrolment_code(community)
    command = ("--data-dir", str(root), "enrol", "--registry", registry.url, "--code", code)

    refused = run_cli(*command, input_text="")
    assert refused.returncode == 2 and "потребує входу оператора" in refused.stderr
    wrong = run_cli(*command, "--operator", "olena", input_text="не той пароль\n")
    assert wrong.returncode != 0
    with Profile.open(root) as profile:
        assert profile.secrets.get(TOKEN) is None  # nothing enrolled, the code unspent

    done = run_cli(*command, "--operator", "olena", input_text="Весна-2025-ранок\n")
    assert done.returncode == 0, done.stderr
    with Profile.open(root) as profile:
        assert profile.secrets.get(TOKEN)
        logged = profile.db.query(
            "SELECT operator, detail FROM audit WHERE action = 'enrolled' ORDER BY seq"
        )
    assert logged == [{"operator": "olena", "detail": registry.url}]


def test_the_it_persons_enrolment_before_any_operator_is_in_the_access_log(
    tmp_path: Path, registry: RunningRegistry
) -> None:
    community = registry.add_community()
    root = tmp_path / "ws"
    Profile.create(root, workstation="ZT01", community=community).close()
    code = registry.enrolment_code(community)
    done = run_cli("--data-dir", str(root), "enrol", "--registry", registry.url, "--code", code)
    assert done.returncode == 0, done.stderr
    with Profile.open(root) as profile:
        [(who, detail)] = profile.db.execute(
            "SELECT operator, detail FROM audit WHERE action = 'enrolled'"
        ).fetchall()
    assert who.startswith("cli:") and detail == registry.url
