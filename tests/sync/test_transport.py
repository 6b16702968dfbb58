"""The transport sends the device token and nothing else it might find on the laptop."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from sync.errors import ProtocolError, RegistryRedirected, ResponseTooLarge, WebPageAnswered
from sync.transport import MAX_RESPONSE_BYTES, Transport
from tests.http_server import JsonHandler, serving

MIB = 1024 * 1024


@pytest.fixture
def seen_headers() -> Iterator[tuple[str, list[dict[str, str]]]]:
    """A real HTTP server on 127.0.0.1 that answers {} and records each request's headers."""
    seen: list[dict[str, str]] = []

    class Handler(JsonHandler):
        def answer(self, method: str) -> tuple[int, dict[str, object]]:
            return 200, {}

    Handler.seen = seen
    with serving(Handler) as url:
        yield url, seen


def test_netrc_credentials_for_the_registry_host_are_never_sent(
    seen_headers: tuple[str, list[dict[str, str]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, seen = seen_headers
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))

    Transport(url).request("GET", "/before-enrolment")
    Transport(url, token="device-token").request("GET", "/enrolled")

    assert "Authorization" not in seen[0]
    assert seen[1]["Authorization"] == "Bearer device-token"


@pytest.fixture
def elsewhere() -> Iterator[tuple[str, list[bytes]]]:
    """A plain-HTTP server on 127.0.0.1 that keeps every body sent to it."""
    bodies: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def _keep(self) -> None:
            bodies.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        do_GET = do_POST = do_PUT = _keep

        def log_message(self, *_args: object) -> None:
            pass

    with serving(Handler) as url:
        yield url, bodies


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_never_followed_and_the_worker_is_told_where_it_pointed(
    elsewhere: tuple[str, list[bytes]], status: int
) -> None:
    """(a 307/308 sent the batch — residents' names, РНОКПП — again to the address in its
    Location: an http:// one, another host; https:// only was checked at enrolment)"""
    target, bodies = elsewhere

    class Redirecting(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(status)
            self.send_header("Location", f"{target}/v1/applications/batch?from=registry")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    with serving(Redirecting) as url:
        transport = Transport(url, token="device-token")
        with pytest.raises(RegistryRedirected) as raised:
            transport.request(
                "POST",
                "/v1/applications/batch",
                data='{"items": [{"document": {"surname": "Шевченко"}}]}'.encode(),
                content_type="application/json",
            )

    assert bodies == []
    message = raised.value.message("uk")
    assert target in message and "from=registry" not in message
    assert "переспрямовує" in message


def test_an_answer_larger_than_the_client_reads_is_refused_unread_even_compressed() -> None:
    """(a registry answering gigabytes — or 100 KB of gzip inflating to 100 MB — was read
    whole into the laptop's memory)"""
    inflated = b'{"entries": [], "pad": "' + b" " * (MAX_RESPONSE_BYTES + MIB) + b'"}'
    bomb = gzip.compress(inflated, compresslevel=9)
    assert len(bomb) < MIB

    class Bomb(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            self.wfile.write(bomb)

        def log_message(self, *_args: object) -> None:
            pass

    with serving(Bomb) as url, pytest.raises(ResponseTooLarge) as raised:
        Transport(url, token="device-token").request("GET", "/v1/changes")

    assert "не прочитано" in raised.value.message("uk")


@pytest.mark.parametrize(
    ("location", "told"),
    [
        ("https://evil\x1bP0;title\x07.example/v1/changes", "https://evilP0;title.example"),
        ("https://evil\x1b]0;title\x07.example/v1/changes", ""),  # (not a URL at all)
    ],
)
def test_where_a_redirect_pointed_is_told_as_plain_text(location: str, told: str) -> None:
    """(the Location's host went into the message `frontdesk status` prints as it was)"""

    class Redirecting(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(308)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    with serving(Redirecting) as url, pytest.raises(ProtocolError) as raised:
        Transport(url).request("GET", "/v1/changes")

    message = raised.value.message("uk")
    assert f"({told})" in message if told else not isinstance(raised.value, RegistryRedirected)
    assert "\x1b" not in message and "\x07" not in message


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html><html><body>Sign in to CafeNet</body></html>",
        b"\xef\xbb\xbf\r\n  <HTML><head><title>Wi-Fi</title></head></HTML>",
    ],
)
def test_a_web_page_answering_in_place_of_the_registry_is_said_to_be_one(page: bytes) -> None:
    """(a café's or hotel's Wi-Fi answers every address with its sign-in page: the worker
    was sent to the administrator, "an answer this program does not understand")"""

    class SignInPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_args: object) -> None:
            pass

    with serving(SignInPage) as url, pytest.raises(WebPageAnswered) as raised:
        Transport(url).request("GET", "/v1/changes")
    message = raised.value.message("uk")
    assert "вебсторінка" in message and "адміністратора" not in message
