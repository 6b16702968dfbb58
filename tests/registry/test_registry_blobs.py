"""Attachments: resumable, verified, content-addressed, stored once."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from tests.registry.registry_client import RegistryClient
from tests.registry_process import RunningRegistry

OCTETS = {"Content-Type": "application/octet-stream"}


def _put(client: RegistryClient, sha: str, data: bytes, offset: int, size: int):
    return client.put(
        f"/v1/blobs/{sha}", params={"offset": offset, "size": size}, data=data, headers=OCTETS
    )


def _stored(registry: RunningRegistry, sha: str) -> Path:
    return registry.blobs_dir / sha[:2] / sha


def _partial(registry: RunningRegistry, sha: str) -> Path:
    return registry.blobs_dir / "partial" / sha


def test_an_interrupted_upload_resumes_from_what_the_registry_holds(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    data = os.urandom(300_000)
    sha, half = hashlib.sha256(data).hexdigest(), 150_000
    assert client.get(f"/v1/blobs/{sha}").json() == {
        "sha256": sha,
        "size": None,
        "received": 0,
        "complete": False,
    }

    first = _put(client, sha, data[:half], 0, len(data))
    assert first.status_code == 200, first.text
    assert first.json()["received"] == half
    status = client.get(f"/v1/blobs/{sha}").json()
    assert (status["size"], status["received"], status["complete"]) == (len(data), half, False)

    wrong = _put(client, sha, data, 0, len(data))  # the client forgot what it sent
    assert wrong.status_code == 409
    assert wrong.json()["error"] == "blob.offset"
    assert wrong.json()["received"] == half

    rest = _put(client, sha, data[half:], half, len(data))
    assert rest.status_code == 200, rest.text
    assert rest.json() == {
        "sha256": sha,
        "size": len(data),
        "received": len(data),
        "complete": True,
    }
    assert client.get(f"/v1/blobs/{sha}").json()["complete"] is True
    assert _stored(registry, sha).read_bytes() == data
    assert not _partial(registry, sha).exists()


def test_bytes_that_do_not_match_the_hash_are_discarded(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    data = os.urandom(10_000)
    sha = hashlib.sha256(b"something else" + data).hexdigest()
    assert _put(client, sha, data[:4000], 0, len(data)).status_code == 200
    assert _partial(registry, sha).exists()

    response = _put(client, sha, data[4000:], 4000, len(data))

    assert response.status_code == 422
    assert response.json()["error"] == "blob.hash"
    assert client.get(f"/v1/blobs/{sha}").json()["received"] == 0
    assert not _partial(registry, sha).exists()
    assert not _stored(registry, sha).exists()


def test_a_complete_blob_is_never_stored_twice(
    client: RegistryClient, registry: RunningRegistry
) -> None:
    data = os.urandom(5000)
    sha = hashlib.sha256(data).hexdigest()
    client.upload(data)
    stored = _stored(registry, sha)
    before = stored.stat()

    again = _put(client, sha, data, 0, len(data))

    assert again.status_code == 200
    assert again.json()["complete"] is True
    after = stored.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not _partial(registry, sha).exists()


def test_an_empty_attachment_completes(client: RegistryClient) -> None:
    sha = hashlib.sha256(b"").hexdigest()

    response = _put(client, sha, b"", 0, 0)

    assert response.status_code == 200
    assert response.json()["complete"] is True


def test_upload_limits_and_bad_names(client: RegistryClient) -> None:
    sha = hashlib.sha256(b"x").hexdigest()
    too_big = _put(client, sha, b"x", 0, 50 * 1024 * 1024 + 1)
    assert too_big.status_code == 413
    assert too_big.json()["error"] == "blob.too_large"

    overflow = _put(client, hashlib.sha256(b"abc").hexdigest(), b"abcdef", 0, 3)
    assert overflow.status_code == 422
    assert overflow.json()["error"] == "blob.overflow"

    bad_name = client.get("/v1/blobs/not-a-hash")
    assert bad_name.status_code == 400
    assert bad_name.json()["error"] == "blob.sha256"
