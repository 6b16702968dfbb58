"""Enrolment whose answer was lost: the registry made the device and spent the code, the
laptop never got the token. The laptop's enrolment secret lets it, and only it, in again."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import requests
import sqlalchemy as sa

from tests.registry_process import RunningRegistry


class Laptop:
    """A workstation enrolling by hand (raw HTTP): ``secret`` None is a laptop of a version
    before enrolment secrets."""

    def __init__(self, registry: RunningRegistry, community: str, station: str) -> None:
        self.registry = registry
        self.community = community
        self.station = station
        self.secret: str | None = secrets.token_urlsafe(32)

    def enrol(self, code: str, token: str = "") -> requests.Response:
        body = {"code": code, "workstation": self.station, "community": self.community}
        if token:
            body["token"] = token
        if self.secret is not None:
            body["secret"] = self.secret
        return requests.post(f"{self.registry.url}/v1/enrol", json=body, timeout=15)

    def lost(self, code: str) -> dict[str, Any]:
        """Enrol; the answer is "lost" (returned to the test, never used by the laptop)."""
        answer = self.enrol(code)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body


def new_laptop(registry: RunningRegistry, community: str | None = None) -> Laptop:
    station = "L" + secrets.token_hex(3).upper()  # (the registry is shared: a code of its own)
    return Laptop(registry, community or registry.add_community(), station)


def works(registry: RunningRegistry, token: str) -> bool:
    headers = {"Authorization": f"Bearer {token}"}
    status = requests.get(f"{registry.url}/v1/changes", headers=headers, timeout=10).status_code
    assert status in (200, 401)
    return status == 200


def active_devices(registry: RunningRegistry, community: str) -> list[str]:
    listed = requests.get(
        f"{registry.url}/v1/admin/devices",
        params={"community": community},
        headers=registry.admin_headers,
        timeout=10,
    )
    assert listed.status_code == 200, listed.text
    return [d["id"] for d in listed.json()["items"] if d["revoked_at"] is None]


def test_the_same_code_again_gets_the_device_a_new_token(registry: RunningRegistry) -> None:
    laptop = new_laptop(registry)
    code = registry.enrolment_code(laptop.community)
    lost = laptop.lost(code)

    again = laptop.enrol(code.lower())  # (typed again, as people type it)

    assert again.status_code == 200, again.text
    body = again.json()
    assert body["device_id"] == lost["device_id"]
    assert body["community"] == lost["community"]
    assert works(registry, body["token"])
    assert not works(registry, lost["token"])  # never received: it stops working
    assert active_devices(registry, laptop.community) == [lost["device_id"]]
    third = laptop.enrol(code)  # that answer lost too: asked a third time
    assert third.status_code == 200 and third.json()["device_id"] == lost["device_id"]
    assert works(registry, third.json()["token"]) and not works(registry, body["token"])


def test_a_new_code_for_the_same_workstation_gets_the_device_a_new_token(
    registry: RunningRegistry,
) -> None:
    laptop = new_laptop(registry)
    lost = laptop.lost(registry.enrolment_code(laptop.community))
    code = registry.enrolment_code(laptop.community)

    again = laptop.enrol(code)

    assert again.status_code == 200, again.text
    assert again.json()["device_id"] == lost["device_id"]
    assert works(registry, again.json()["token"]) and not works(registry, lost["token"])
    assert active_devices(registry, laptop.community) == [lost["device_id"]]
    other = new_laptop(registry, laptop.community)  # the new code was spent on it
    spent = other.enrol(code)
    assert spent.status_code == 403 and spent.json()["error"] == "enrolment.invalid"


def test_another_laptop_is_refused_as_before(registry: RunningRegistry) -> None:
    """Another secret (a second laptop set up with the same workstation code) or none (a
    laptop of an older version) proves nothing."""
    laptop = new_laptop(registry)
    code = registry.enrolment_code(laptop.community)
    lost = laptop.lost(code)
    for secret in (secrets.token_urlsafe(32), None):
        other = Laptop(registry, laptop.community, laptop.station)
        other.secret = secret
        spent = other.enrol(code)
        assert spent.status_code == 403 and spent.json()["error"] == "enrolment.invalid"
        fresh = registry.enrolment_code(laptop.community)
        refused = other.enrol(fresh)
        assert refused.status_code == 409, refused.text
        said = refused.json()
        assert (said["error"], said["device_id"]) == ("workstation.in_use", lost["device_id"])
        assert other.enrol(fresh, token=lost["token"][:-1] + "x").status_code == 409
        assert laptop.enrol(fresh).status_code == 200  # the code refused was left unused
    assert active_devices(registry, laptop.community) == [lost["device_id"]]


def test_the_secret_of_one_workstation_code_gets_no_other(registry: RunningRegistry) -> None:
    laptop = new_laptop(registry)
    code = registry.enrolment_code(laptop.community)
    laptop.lost(code)
    renamed = Laptop(registry, laptop.community, laptop.station[:-1] + "Z")
    renamed.secret = laptop.secret
    assert renamed.enrol(code).status_code == 403
    elsewhere = Laptop(registry, registry.add_community(), laptop.station)
    elsewhere.secret = laptop.secret
    assert elsewhere.enrol(code).status_code == 403


def test_a_laptop_of_an_older_version_is_answered_as_before(registry: RunningRegistry) -> None:
    laptop = new_laptop(registry)
    laptop.secret = None
    code = registry.enrolment_code(laptop.community)
    first = laptop.lost(code)

    spent = laptop.enrol(code)
    fresh = registry.enrolment_code(laptop.community)
    in_use = laptop.enrol(fresh)

    assert spent.status_code == 403 and spent.json()["error"] == "enrolment.invalid"
    assert in_use.status_code == 409 and in_use.json()["error"] == "workstation.in_use"
    again = laptop.enrol(fresh, token=first["token"])  # the holder's take-over, unchanged
    assert again.status_code == 200, again.text
    assert again.json()["device_id"] != first["device_id"]
    assert not works(registry, first["token"]) and works(registry, again.json()["token"])


def test_a_revoked_device_is_not_given_back(registry: RunningRegistry) -> None:
    """The admin revoked the device (the laptop was stolen mid-enrolment, say): its secret
    gets nothing; a new code makes a new device, as for any laptop."""
    laptop = new_laptop(registry)
    code = registry.enrolment_code(laptop.community)
    lost = laptop.lost(code)
    registry.cli("device", "revoke", lost["device_id"])

    spent = laptop.enrol(code)
    fresh = laptop.enrol(registry.enrolment_code(laptop.community))

    assert spent.status_code == 403 and spent.json()["error"] == "enrolment.invalid"
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["device_id"] != lost["device_id"]
    assert active_devices(registry, laptop.community) == [fresh.json()["device_id"]]


def test_an_expired_code_is_refused_even_to_its_laptop(registry: RunningRegistry) -> None:
    laptop = new_laptop(registry)
    code = registry.enrolment_code(laptop.community)
    laptop.lost(code)
    code_hash = hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    _database(
        registry,
        "UPDATE enrolment_codes SET expires_at = '2000-01-01T00:00:00.000000+00:00' "
        f"WHERE code_hash = '{code_hash}'",
    )

    answer = laptop.enrol(code)

    assert answer.status_code == 403 and answer.json()["error"] == "enrolment.invalid"
    assert laptop.enrol(registry.enrolment_code(laptop.community)).status_code == 200


def test_only_the_secrets_hash_is_kept(registry: RunningRegistry) -> None:
    laptop = new_laptop(registry)
    lost = laptop.lost(registry.enrolment_code(laptop.community))
    assert laptop.secret
    [stored] = _query(
        registry,
        f"SELECT enrolment_secret_hash FROM devices WHERE id = '{lost['device_id']}'",
    )
    assert stored == hashlib.sha256(laptop.secret.encode()).hexdigest()
    assert laptop.secret not in registry.log()


def test_a_short_secret_is_refused(registry: RunningRegistry) -> None:
    laptop = new_laptop(registry)
    laptop.secret = "1234"
    answer = laptop.enrol(registry.enrolment_code(laptop.community))
    assert answer.status_code == 422 and answer.json()["error"] == "enrolment.secret"
    assert active_devices(registry, laptop.community) == []


def test_a_database_of_an_older_registry_gets_the_column(own_registry: RunningRegistry) -> None:
    """Upgrading the registry in place: its devices table is given the secret's column at
    start-up; the devices enrolled before keep working."""
    registry = own_registry
    before = registry.enrol()
    registry.stop()
    _database(registry, "ALTER TABLE devices DROP COLUMN enrolment_secret_hash")

    registry.start()

    assert works(registry, before.token)
    laptop = new_laptop(registry)
    code = registry.enrolment_code(laptop.community)
    lost = laptop.lost(code)
    assert laptop.enrol(code).json()["device_id"] == lost["device_id"]
    registry.stop()
    registry.start()  # (added once)
    assert works(registry, before.token)


def _database(registry: RunningRegistry, *statements: str) -> None:
    engine = sa.create_engine(registry.database_url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def _query(registry: RunningRegistry, statement: str) -> list[Any]:
    engine = sa.create_engine(registry.database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text(statement)).scalars())
    finally:
        engine.dispose()
