"""What stands between a village office and the registry, on 127.0.0.1: an HTTP middlebox
(a proxy with a body-size limit, a network's sign-in page, a misrouted server answering
JSON of its own) in front of a real registry process.

Each request is forwarded unless ``answer`` (method, path, body) gives the answer itself:
(status, content type, body). ``reshape`` (method, path, the registry's body) may change
what the registry answered before it goes back.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from tests.registry_process import HOST

Answer = tuple[int, str, bytes]
NGINX_413 = (
    b"<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n"
    b"<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
PORTAL_PAGE = b"<!DOCTYPE html><html><head><title>Wi-Fi</title></head><body>Sign in</body></html>"


class Middlebox:
    def __init__(
        self,
        upstream_port: int,
        answer: Callable[[str, str, bytes], Answer | None] = lambda *_: None,
        reshape: Callable[[str, str, bytes], bytes] | None = None,
    ) -> None:
        self.upstream_port = upstream_port
        self.answer = answer
        self.reshape = reshape
        self.seen: list[tuple[str, str, int]] = []  # method, path, request body size
        box = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # (quiet)
                pass

            def _any(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(size) if size else b""
                box.seen.append((self.command, self.path, len(body)))
                given = box.answer(self.command, self.path, body)
                if given is None:
                    given = box._forward(self.command, self.path, dict(self.headers), body)
                status, kind, content = given
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = _any

        self._server = ThreadingHTTPServer((HOST, 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def _forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        upstream = http.client.HTTPConnection(HOST, self.upstream_port, timeout=30)
        try:
            kept = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection")}
            upstream.request(method, path, body=body or None, headers=kept)
            response = upstream.getresponse()
            content = response.read()
            if self.reshape is not None:
                content = self.reshape(method, path, content)
            return response.status, response.getheader("Content-Type") or "", content
        finally:
            upstream.close()

    def __enter__(self) -> Middlebox:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
