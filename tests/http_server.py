"""A plain HTTP server on 127.0.0.1 with a handler of the test's: something that answers
at an address the way a registry never would (a redirect, a huge body, markup)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve with ``handler`` until the block ends; yields the server's http:// URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class JsonHandler(BaseHTTPRequestHandler):
    """Answers every request with ``self.answer(method)``: a status and a JSON object (the
    request's body read first, its headers kept in ``seen``). Subclass and override."""

    seen: list[dict[str, str]]

    def answer(self, method: str) -> tuple[int, dict[str, object]]:
        raise NotImplementedError

    def _reply(self, method: str) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if hasattr(self, "seen"):
            self.seen.append(dict(self.headers))
        status, answer = self.answer(method)
        body = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._reply("GET")

    def do_POST(self) -> None:
        self._reply("POST")

    def log_message(self, *_args: object) -> None:
        pass


def refusing_enrolment(message: str) -> type[JsonHandler]:
    """Something at the address typed that refuses an enrolment in words of its own."""

    class Refusing(JsonHandler):
        def answer(self, method: str) -> tuple[int, dict[str, object]]:
            return 403, {"error": "enrolment.strange", "message": message}

    return Refusing
