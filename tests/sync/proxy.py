"""A small TCP proxy on 127.0.0.1 that can drop responses after the registry answered.

Used to prove that a lost acknowledgement never leads to a duplicate: the
registry commits a batch, the proxy swallows its answer and closes the
connection, and the client must find out by asking the registry.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType

from tests.registry_process import HOST, free_port

TRIGGER = b"POST /v1/applications/batch"


class DroppingProxy:
    """Forwards to the registry; loses the answers of the first ``drops`` batches after
    the first ``passes`` (whose answers arrive), and answers the first ``unavailable``
    requests itself with 503 and ``Retry-After``. With ``cut``, (a piece of a request,
    how many pass): the link drops at the next request that holds it. ``trigger`` names
    the requests whose answers may be lost (batches unless told: ``b"POST /v1/enrol"``)."""

    def __init__(
        self,
        upstream_port: int,
        drops: int = 0,
        unavailable: int = 0,
        retry_after: int = 1,
        status: bytes = b"503 Service Unavailable",
        passes: int = 0,
        cut: tuple[bytes, int] | None = None,
        trigger: bytes = TRIGGER,
    ) -> None:
        self.port = free_port()
        self.trigger = trigger
        self.upstream_port = upstream_port
        self.drops_left = drops
        self.passes_left = passes
        self.cut = cut
        self.cut_seen = 0
        self.dropped = 0
        self.unavailable_left = unavailable
        self.retry_after = retry_after
        self.status = status
        self.refused = 0
        self._lock = threading.Lock()
        self._server = socket.create_server((HOST, self.port))
        self._server.settimeout(0.2)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> DroppingProxy:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._server.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, client: socket.socket) -> None:
        with self._lock:
            busy = self.unavailable_left > 0
            if busy:
                self.unavailable_left -= 1
                self.refused += 1
        if busy:
            client.settimeout(30)
            with contextlib.suppress(OSError):
                client.recv(65536)
                body = b'{"error": "unavailable", "message": "busy"}'
                client.sendall(
                    b"HTTP/1.1 "
                    + self.status
                    + b"\r\nContent-Type: application/json\r\n"
                    + f"Retry-After: {self.retry_after}\r\nContent-Length: {len(body)}\r\n".encode()
                    + b"Connection: close\r\n\r\n"
                    + body
                )
            client.close()
            return
        upstream = socket.create_connection((HOST, self.upstream_port), timeout=30)
        client.settimeout(30)
        drop = threading.Event()

        def client_to_upstream() -> None:
            try:
                while chunk := client.recv(65536):
                    if self.cut is not None and self.cut[0] in chunk:
                        with self._lock:
                            self.cut_seen += 1
                            dropped = self.cut_seen > self.cut[1]
                        if dropped:  # the link goes: nothing more either way
                            for sock in (client, upstream):
                                with contextlib.suppress(OSError):
                                    sock.shutdown(socket.SHUT_RDWR)
                            return
                    if self.trigger in chunk:
                        with self._lock:
                            if self.passes_left > 0:
                                self.passes_left -= 1
                            elif self.drops_left > 0:
                                self.drops_left -= 1
                                drop.set()
                    upstream.sendall(chunk)
            except OSError:
                pass

        sender = threading.Thread(target=client_to_upstream, daemon=True)
        sender.start()
        try:
            while chunk := upstream.recv(65536):
                if drop.is_set():
                    # The registry has answered, so it has committed: lose the answer.
                    with self._lock:
                        self.dropped += 1
                    break
                client.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            sender.join(timeout=5)
