"""What the registry refuses before it reads or passes it on: bodies too large (memory
exhaustion), numbers past what its database takes."""

from __future__ import annotations

import hashlib
import json
import select
import socket

import pytest
import requests

from registry.limits import MAX_BLOB_REQUEST_BYTES, MAX_REQUEST_BYTES
from tests.registry_process import HOST, RunningRegistry

MIB = 1024 * 1024


def _raw_request(
    registry: RunningRegistry, head: str, chunks: int, chunk: bytes
) -> tuple[int, dict[str, object]]:
    """Send ``head`` then up to ``chunks`` times ``chunk``, stopping as soon as the
    registry answers or stops reading; its status and JSON body. Raises on a 10 s silence."""
    with socket.create_connection((HOST, registry.port), timeout=10) as sock:
        sock.sendall(head.encode())
        for _ in range(chunks):
            if select.select([sock], [], [], 0.05)[0]:
                break  # an answer (or the connection closed)
            try:
                sock.sendall(chunk)
            except OSError:  # closed, or no longer read: the answer is waiting
                break
        answer = b""
        try:
            while not _whole(answer) and (more := sock.recv(65536)):
                answer += more
        except ConnectionResetError:  # (closed with our body unread, after its answer)
            pass
    top, _, body = answer.partition(b"\r\n\r\n")
    return int(top.split()[1]), json.loads(body or b"{}")


def _whole(answer: bytes) -> bool:
    top, found, body = answer.partition(b"\r\n\r\n")
    lengths = [
        int(line.split(b":")[1])
        for line in top.lower().split(b"\r\n")
        if line.startswith(b"content-length:")
    ]
    return bool(found) and len(body) >= (lengths[0] if lengths else 0)


@pytest.mark.parametrize(
    "path",
    ["/v1/applications/batch", "/v1/enrol"],
    ids=["batch", "enrol"],
)
def test_a_huge_declared_body_without_a_valid_token_is_refused_unread(
    fresh_registry: RunningRegistry, path: str
) -> None:
    """(a body of any size was read into memory before the token was even looked at)"""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer guessed\r\n"
        f"Content-Type: application/json\r\nContent-Length: {8 * 1024 * MIB}\r\n\r\n"
    )

    status, body = _raw_request(fresh_registry, head, 64, b" " * MIB)

    assert status == 413
    assert body["error"] == "request.too_large"
    assert fresh_registry.running


def test_a_chunked_body_is_cut_off_past_the_limit(fresh_registry: RunningRegistry) -> None:
    head = (
        f"POST /v1/applications/batch HTTP/1.1\r\nHost: {HOST}\r\n"
        "Authorization: Bearer guessed\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = f"{MIB:x}\r\n".encode() + b" " * MIB + b"\r\n"
    chunks = MAX_REQUEST_BYTES // MIB + 16  # past the limit, never endless

    status, body = _raw_request(fresh_registry, head, chunks, chunk)

    assert status == 413
    assert body["error"] == "request.too_large"
    assert "Traceback" not in fresh_registry.log()


def test_a_whole_attachment_in_one_put_is_still_taken(fresh_registry: RunningRegistry) -> None:
    """The attachment route's own limit is the attachment's (50 MB), not the JSON one's."""
    assert MAX_BLOB_REQUEST_BYTES > MAX_REQUEST_BYTES
    device = fresh_registry.enrol()
    data = b"x" * (MAX_REQUEST_BYTES + 1)
    sha = hashlib.sha256(data).hexdigest()
    answer = requests.put(
        f"{fresh_registry.url}/v1/blobs/{sha}",
        params={"offset": 0, "size": len(data)},
        data=data,
        headers={**device.headers, "Content-Type": "application/octet-stream"},
        timeout=60,
    )

    assert answer.status_code == 200, answer.text
    assert answer.json()["complete"] is True


@pytest.mark.parametrize("offset", [str(2**31), "9" * 30])
def test_an_offset_past_what_the_database_takes_is_refused_not_an_internal_error(
    fresh_registry: RunningRegistry, offset: str
) -> None:
    """(the back office's listing passed it on to SQLite: OverflowError, a 500 and a
    traceback in the registry's log)"""
    answer = requests.get(
        f"{fresh_registry.url}/v1/backoffice/applications",
        params={"offset": offset},
        headers=fresh_registry.admin_headers,
        timeout=10,
    )

    assert answer.status_code == 422
    assert answer.json()["error"] == "request.invalid"
    assert "Traceback" not in fresh_registry.log()
