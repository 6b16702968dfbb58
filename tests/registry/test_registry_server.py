"""The server process itself: it says when it listens, stops cleanly, keeps data across restarts."""

from __future__ import annotations

import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from registry.db import create_engine
from tests.registry.registry_samples import make_document
from tests.registry_process import PostgresCluster, RunningRegistry


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_announces_itself_and_stops_cleanly(
    fresh_registry: RunningRegistry, sig: int
) -> None:
    assert f"listening on http://127.0.0.1:{fresh_registry.port}" in fresh_registry.log()

    status = fresh_registry.stop(sig=sig)

    assert status == 0, fresh_registry.log()
    assert "Traceback" not in fresh_registry.log()


def test_data_survives_a_restart_on_the_same_port(fresh_registry: RunningRegistry) -> None:
    device = fresh_registry.enrol()
    document = make_document(device.community)
    assert fresh_registry.deliver(device, document)["outcome"] == "accepted"

    fresh_registry.stop()
    fresh_registry.start()
    revision = requests.get(
        f"{fresh_registry.url}/v1/applications/{document['id']}/revisions/1",
        headers=device.headers,
        timeout=15,
    )

    assert revision.status_code == 200
    assert revision.json()["ack"]["number"] == document["number"]


def test_the_admin_token_is_printed_once_kept_only_as_a_hash_and_replaced_on_demand(
    tmp_path: Path,
) -> None:
    """(the back office's token was kept readable in the registry's database: a copy of it,
    or of its backups, was full access to every community's applications)"""
    unset = {"FRONTDESK_REGISTRY_ADMIN_TOKEN": None}
    with RunningRegistry(tmp_path / "registry", env=unset) as registry:

        def answers(token: str) -> int:
            return requests.get(
                f"{registry.url}/v1/admin/devices",
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            ).status_code

        assert answers("anything") == 401  # none made yet: nothing opens the door
        made = registry.cli("admin-token", env=unset)
        first = made.stdout.strip()
        assert first and "cannot show it again" in made.stderr
        assert answers(first) == 200
        again = registry.cli("admin-token", env=unset, check=False)
        assert again.returncode == 1 and "--new" in again.stderr
        assert answers(first) == 200  # (refusing changed nothing)
        stored = (registry.workdir / "registry.db").read_bytes()
        assert first.encode() not in stored
        replaced = registry.cli("admin-token", "--new", env=unset).stdout.strip()
        assert replaced != first
        assert (answers(first), answers(replaced)) == (401, 200)


def test_an_admin_token_kept_readable_by_an_earlier_version_goes_on_working_as_a_hash(
    tmp_path: Path,
) -> None:
    unset = {"FRONTDESK_REGISTRY_ADMIN_TOKEN": None}
    with RunningRegistry(tmp_path / "registry", env=unset) as registry:
        engine = sa.create_engine(registry.database_url)
        with engine.begin() as conn:  # as an earlier version stored it
            conn.execute(
                sa.text(
                    "INSERT INTO admin_tokens (id, token, created_at) "
                    "VALUES (1, 'readable-old-token', '2026-01-01T00:00:00Z')"
                )
            )
        answer = requests.get(
            f"{registry.url}/v1/admin/devices",
            headers={"Authorization": "Bearer readable-old-token"},
            timeout=10,
        )
        assert answer.status_code == 200
        with engine.begin() as conn:
            [stored] = conn.execute(sa.text("SELECT token FROM admin_tokens")).scalars()
        engine.dispose()
        assert stored.startswith("sha256:") and "readable-old-token" not in stored


def test_openapi_is_served(fresh_registry: RunningRegistry) -> None:
    spec = requests.get(f"{fresh_registry.url}/openapi.json", timeout=10).json()
    docs = requests.get(f"{fresh_registry.url}/docs", timeout=10)

    assert {
        "/v1/enrol",
        "/v1/blobs/{sha256}",
        "/v1/applications/batch",
        "/v1/applications/{app_id}/revisions/{revision}",
        "/v1/changes",
        "/v1/backoffice/applications",
        "/v1/backoffice/applications/{number}",
        "/v1/backoffice/applications/{number}/decision",
        "/v1/admin/communities",
        "/v1/admin/enrolment-codes",
    } <= set(spec["paths"])
    assert docs.status_code == 200


def test_errors_have_the_protocol_shape(fresh_registry: RunningRegistry) -> None:
    missing = requests.get(f"{fresh_registry.url}/v1/nowhere", timeout=10)
    malformed = requests.post(
        f"{fresh_registry.url}/v1/enrol",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )

    assert missing.status_code == 404
    assert set(missing.json()) >= {"error", "message"}
    assert malformed.status_code == 422
    assert malformed.json()["error"] == "request.invalid"


def test_a_database_error_logged_by_the_registry_names_no_resident() -> None:
    """The registry logs a database error's message (503 "unavailable"): SQLAlchemy puts
    the statement's bound values in it unless told not to."""
    engine = create_engine("sqlite://")
    with pytest.raises(sa.exc.OperationalError) as caught, engine.connect() as conn:
        conn.execute(sa.text("INSERT INTO missing VALUES (:name)"), {"name": "Коваленко"})
    assert "INSERT INTO missing" in str(caught.value)
    assert "Коваленко" not in str(caught.value)


@pytest.mark.postgres
def test_a_table_locked_for_maintenance_is_answered_busy_not_as_an_internal_error(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> None:
    """While VACUUM FULL (or ALTER TABLE) held the applications table, the back office's
    requests waited on it, each holding a database connection; from the 16th on they
    waited for a connection, and after 30 s were answered 500 «Internal error in the
    registry», with a traceback in the log. Each is now answered 503 "busy" (and when to
    try again) once it has waited 10 s for the lock."""
    import psycopg

    url = postgres_cluster.create_database()
    with RunningRegistry(tmp_path / "registry", database_url=url) as registry:
        listing = f"{registry.url}/v1/backoffice/applications"
        assert requests.get(listing, headers=registry.admin_headers, timeout=15).ok
        with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=10) as maintenance:
            maintenance.execute("LOCK TABLE applications IN ACCESS EXCLUSIVE MODE")

            def ask(_: int) -> requests.Response:
                return requests.get(listing, headers=registry.admin_headers, timeout=45)

            with ThreadPoolExecutor(24) as back_office:
                answers = list(back_office.map(ask, range(24)))
            maintenance.rollback()
        said = {(a.status_code, a.headers.get("Retry-After"), a.json()["error"]) for a in answers}
        assert said == {(503, "5", "unavailable")}
        assert requests.get(listing, headers=registry.admin_headers, timeout=15).ok
        assert "Traceback" not in registry.log()
