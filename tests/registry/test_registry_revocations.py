"""A device revoked stays revoked when the registry's database is restored from an older
copy: the revocation is kept in the attachments folder too, and the server revokes it
again when it starts (registry.revocations)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import requests

from frontdesk.document import content_hash
from frontdesk.text import local_time
from tests.registry.registry_samples import make_document
from tests.registry_process import Enrolment, RunningRegistry


def _sends(registry: RunningRegistry, device: Enrolment) -> int:
    """The status of one delivery as this device (200 while its token works)."""
    document = make_document(device.community)
    response = requests.post(
        f"{registry.url}/v1/applications/batch",
        json={"items": [{"document": document, "content_hash": content_hash(document)}]},
        headers=device.headers,
        timeout=15,
    )
    return response.status_code


def _restore(registry: RunningRegistry, copy_name: str) -> None:
    registry.stop()
    shutil.copyfile(registry.workdir / copy_name, registry.workdir / "registry.db")
    for stale in ("registry.db-wal", "registry.db-shm"):
        (registry.workdir / stale).unlink(missing_ok=True)
    registry.start()


def test_a_stolen_laptop_revoked_after_the_copy_stays_revoked_when_the_copy_is_restored(
    fresh_registry: RunningRegistry,
) -> None:
    """Before: the restored copy still held both devices as active, and the stolen laptops'
    old tokens sent again; only the docs said to revoke them once more."""
    stolen = fresh_registry.enrol()
    lost = fresh_registry.enrol()
    kept = fresh_registry.enrol()
    assert _sends(fresh_registry, stolen) == 200
    fresh_registry.stop()
    shutil.copyfile(fresh_registry.workdir / "registry.db", fresh_registry.workdir / "copy.db")
    fresh_registry.start()

    fresh_registry.cli("device", "revoke", stolen.device_id)  # the command line
    response = requests.post(  # the admin API
        f"{fresh_registry.url}/v1/admin/devices/{lost.device_id}/revoke",
        headers=fresh_registry.admin_headers,
        timeout=10,
    )
    assert response.status_code == 200
    assert (_sends(fresh_registry, stolen), _sends(fresh_registry, lost)) == (401, 401)

    with (fresh_registry.blobs_dir / "revoked-devices.jsonl").open("a") as log:
        log.write('{"id": "cut short by a power cut')  # (the lines before it stand)
    _restore(fresh_registry, "copy.db")

    assert (_sends(fresh_registry, stolen), _sends(fresh_registry, lost)) == (401, 401)
    assert _sends(fresh_registry, kept) == 200  # (the others work as before)
    said = fresh_registry.log()
    assert f"revoked device {stolen.device_id}" in said
    assert f"revoked device {lost.device_id}" in said
    listed = fresh_registry.cli("device", "list").stdout
    assert listed.count("revoked") == 2


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_a_revoke_with_no_attachments_folder_says_it_is_kept_in_the_database_only(
    fresh_registry: RunningRegistry, lang: str
) -> None:
    device = fresh_registry.enrol()
    done = fresh_registry.cli(
        "device", "revoke", device.device_id, "--blobs", "elsewhere", lang=lang
    )
    assert _sends(fresh_registry, device) == 401
    expected = "revoke the device again" if lang == "en" else "відкличте пристрій знову"
    assert expected in done.stderr
    assert not (fresh_registry.workdir / "elsewhere").exists()


def test_the_device_list_says_when_in_kyiv_time(fresh_registry: RunningRegistry) -> None:
    """(it printed the stored UTC stamps, "2026-11-25T03:15:23Z", two or three hours off
    the IT person's clock)"""
    device = fresh_registry.enrol()
    fresh_registry.cli("device", "revoke", device.device_id)

    [stored] = json.loads(fresh_registry.cli("device", "list", "--json").stdout)
    listed = fresh_registry.cli("device", "list", lang="uk").stdout

    enrolled, revoked = local_time(stored["enrolled_at"]), local_time(stored["revoked_at"])
    assert re.fullmatch(r"\d\d\.\d\d\.20\d\d \d\d:\d\d", enrolled) and revoked
    assert f"зареєстровано {enrolled}\tвідкликано {revoked}" in listed
    assert stored["enrolled_at"] not in listed
