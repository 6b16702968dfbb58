"""An attachments folder belongs to one registry database: none other sweeps its scans.

`serve` or `blobs sweep` run in the wrong folder without ``--database`` (docs/operations.md
writes `--blobs /srv/registry/blobs` and no database) opened, or made, another
`registry.db`: to it every scan of the real registry was a file with no record, and every
one older than the grace period was removed, accepted applications' scans too.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import make_document
from tests.registry_process import HOST, RunningRegistry

FORTY_DAYS = 40 * 86400
MARKER = ".registry-id"  # in the attachments folder: the id of its database (as the guide says)


def _accepted_scan(registry: RunningRegistry) -> Path:
    """An accepted application's scan in the registry's folder, last written 40 days ago."""
    client = RegistryClient(registry, registry.enrol())
    try:
        scan = os.urandom(5000)
        client.upload(scan)
        document = make_document(client.device.community, attachments=[scan])
        assert client.send(document)[0]["outcome"] == "accepted"
    finally:
        client.close()
    sha = hashlib.sha256(scan).hexdigest()
    stored = registry.blobs_dir / sha[:2] / sha
    long_ago = time.time() - FORTY_DAYS
    os.utime(stored, (long_ago, long_ago))
    return stored


def _registry_command(
    registry: RunningRegistry, folder: Path, *args: str, lang: str = "en"
) -> subprocess.CompletedProcess[str]:
    """``frontdesk-registry ARGS`` run in ``folder`` without --database, as a person may."""
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "registry.cli", *args],
        cwd=folder,
        env=registry.env({"FRONTDESK_LANG": lang}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def _serve(
    registry: RunningRegistry, folder: Path, *args: str, database: str | None = None
) -> tuple[int | None, str]:
    """`serve` started in ``folder`` (with ``--database``, if given); its exit status and
    output, or None if it was still serving after 15 s (then stopped)."""
    folder.mkdir(parents=True, exist_ok=True)
    given = ["--database", database] if database else []
    command = [sys.executable, "-m", "registry.cli", *given, "serve", "--host", HOST, "--port", "0"]
    with subprocess.Popen(
        [*command, *args],
        cwd=folder,
        env=registry.env({"FRONTDESK_LANG": "en"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    ) as process:
        try:
            output, _ = process.communicate(timeout=15)
            return process.returncode, output
        except subprocess.TimeoutExpired:
            process.terminate()
            output, _ = process.communicate(timeout=15)
            return None, output


def test_serve_started_in_the_wrong_folder_refuses_to_make_a_database_and_keeps_every_scan(
    fresh_registry: RunningRegistry, tmp_path: Path
) -> None:
    stored = _accepted_scan(fresh_registry)
    fresh_registry.stop()
    home = tmp_path / "home"

    status, said = _serve(fresh_registry, home, "--blobs", str(fresh_registry.blobs_dir))

    assert status == 1, said
    assert "--database" in said and str(fresh_registry.blobs_dir) in said, said
    assert not (home / "registry.db").exists()
    assert stored.exists()
    fresh_registry.start()  # the registry itself starts as before
    assert stored.exists()


def test_serve_restarted_elsewhere_without_blobs_refuses_a_folder_without_the_scans(
    fresh_registry: RunningRegistry, tmp_path: Path
) -> None:
    """`serve --database …` restarted from another folder, --blobs forgotten, started on a
    new, empty `blobs` there: the back office's `attachments` (and the API) failed for
    scans `show` called complete, scans uploaded meanwhile landed in the stray folder, and
    laptops never sent again what the registry said it had."""
    stored = _accepted_scan(fresh_registry)
    fresh_registry.stop()
    elsewhere = tmp_path / "elsewhere"

    status, said = _serve(fresh_registry, elsewhere, database=fresh_registry.database_url)

    assert status == 1, said
    assert "Traceback" not in said
    assert str(elsewhere / "blobs") in said and "--blobs" in said, said
    assert not (elsewhere / "blobs").exists()  # no stray folder made
    # A stray folder an earlier start made and marked as this database's is refused too,
    # by serve and by every command given it (here in Ukrainian, as the back office reads).
    stray = elsewhere / "blobs"
    stray.mkdir()
    (stray / MARKER).write_bytes((fresh_registry.blobs_dir / MARKER).read_bytes())
    again, said_again = _serve(fresh_registry, elsewhere, database=fresh_registry.database_url)
    assert again == 1 and str(stray) in said_again, said_again
    swept = _registry_command(
        fresh_registry,
        elsewhere,
        "--database",
        fresh_registry.database_url,
        "blobs",
        "sweep",
        "--blobs",
        str(stray),
        lang="uk",
    )
    assert swept.returncode == 1, swept.stdout
    assert f"Тека вкладень {stray} не містить жодної зі скан-копій" in swept.stderr
    assert "--blobs" in swept.stderr
    fresh_registry.start()  # with its own folder it serves as before
    assert stored.exists()


def test_a_sweep_with_another_database_removes_nothing_and_names_both(
    fresh_registry: RunningRegistry, tmp_path: Path
) -> None:
    stored = _accepted_scan(fresh_registry)
    fresh_registry.stop()
    home = tmp_path / "home"  # where `community add` once made a registry.db by mistake
    made = _registry_command(
        fresh_registry, home, "community", "add", "UA18040530000045696", "--name", "Громада"
    )
    assert made.returncode == 0, made.stderr
    assert f"made a new registry database: {home / 'registry.db'}" in made.stderr

    dry = _registry_command(
        fresh_registry,
        home,
        "blobs",
        "sweep",
        "--blobs",
        str(fresh_registry.blobs_dir),
        "--dry-run",
    )
    swept = _registry_command(
        fresh_registry, home, "blobs", "sweep", "--blobs", str(fresh_registry.blobs_dir)
    )

    for done in (dry, swept):
        assert done.returncode == 1, done.stdout
        assert "belongs to another registry database" in done.stderr, done.stderr
        assert str(fresh_registry.workdir / "registry.db") in done.stderr
        assert str(home / "registry.db") in done.stderr
        assert "--database" in done.stderr
    assert stored.exists()
    uk = _registry_command(
        fresh_registry,
        home,
        "blobs",
        "sweep",
        "--blobs",
        str(fresh_registry.blobs_dir),
        lang="uk",
    )
    assert uk.returncode == 1
    assert "належить іншій базі даних реєстру" in uk.stderr, uk.stderr
    # With the registry's own database the sweep runs, and keeps the accepted scan.
    own = fresh_registry.cli("blobs", "sweep", "--blobs", str(fresh_registry.blobs_dir))
    assert "removed: 0 attachment file(s)" in own.stdout, own.stdout
    assert stored.exists()


def test_a_folder_from_before_markers_is_adopted_by_its_database_and_refused_to_another(
    fresh_registry: RunningRegistry, tmp_path: Path
) -> None:
    stored = _accepted_scan(fresh_registry)
    fresh_registry.stop()
    marker = fresh_registry.blobs_dir / MARKER
    marker.unlink()  # a registry from before the folder named its database
    other = f"sqlite:///{tmp_path / 'other.db'}"
    added = fresh_registry.cli(
        "--database", other, "community", "add", "UA18040530000045696", "--name", "Громада"
    )
    assert added.returncode == 0
    blobs = str(fresh_registry.blobs_dir)

    knows_none = _registry_command(
        fresh_registry, tmp_path, "--database", other, "blobs", "sweep", "--blobs", blobs
    )
    assert knows_none.returncode == 1, knows_none.stdout
    assert "knows none of them" in knows_none.stderr, knows_none.stderr
    assert stored.exists() and not marker.exists()

    fresh_registry.start()  # its own database knows the scan: the folder is its, and marked
    assert marker.exists(), fresh_registry.log()
    assert stored.exists()
    fresh_registry.stop()
    again = _registry_command(
        fresh_registry, tmp_path, "--database", other, "blobs", "sweep", "--blobs", blobs
    )
    assert again.returncode == 1
    assert "belongs to another registry database" in again.stderr, again.stderr
    assert stored.exists()


def test_a_copy_of_the_database_from_before_ids_restored_serves_its_own_scans(
    fresh_registry: RunningRegistry, tmp_path: Path
) -> None:
    """Yesterday's nightly copy (a release without database ids) restored after today's
    upgrade marked the folder: opened, the copy got a new id, and serve refused its own
    folder as another database's, naming the same file twice."""
    stored = _accepted_scan(fresh_registry)
    fresh_registry.stop()
    marker = fresh_registry.blobs_dir / MARKER
    before = marker.read_text(encoding="utf-8").split("\n")[0]
    database = fresh_registry.workdir / "registry.db"
    copy = sqlite3.connect(database)  # (as yesterday's release left it: no id)
    with copy:
        copy.execute("DROP TABLE registry_identity")
    copy.close()

    fresh_registry.start()  # serves: the copy knows the folder's scans

    assert stored.exists()
    now = marker.read_text(encoding="utf-8").split("\n")[0]
    assert now != before  # the marker names the restored copy's new id
    fresh_registry.stop()
    swept = fresh_registry.cli("blobs", "sweep", "--blobs", str(fresh_registry.blobs_dir))
    assert swept.returncode == 0 and stored.exists()


def test_a_certificate_file_that_is_not_there_is_named(
    fresh_registry: RunningRegistry, tmp_path: Path
) -> None:
    missing = tmp_path / "registry.pem"

    status, said = _serve(
        fresh_registry,
        fresh_registry.workdir,
        "--blobs",
        str(fresh_registry.blobs_dir),
        "--ssl-certfile",
        str(missing),
    )

    assert status == 1, said
    assert f"error: {missing}: No such file or directory" in said, said


def test_a_key_file_that_is_not_there_is_named(
    fresh_registry: RunningRegistry, tmp_path: Path
) -> None:
    certificate = tmp_path / "registry.pem"
    certificate.write_text("not a certificate", encoding="utf-8")
    missing = tmp_path / "registry.key"

    status, said = _serve(
        fresh_registry,
        fresh_registry.workdir,
        "--blobs",
        str(fresh_registry.blobs_dir),
        "--ssl-certfile",
        str(certificate),
        "--ssl-keyfile",
        str(missing),
    )

    assert status == 1, said
    assert str(missing) in said, said
