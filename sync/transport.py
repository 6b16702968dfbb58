"""HTTP transport: one requests session, timeouts, TLS, auth header, Retry-After.

Knows nothing of endpoints or payloads (that is :mod:`sync.protocol`); turns
every failure into a typed :mod:`sync.errors` exception.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import ssl
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import requests
import urllib3.exceptions

from frontdesk import __version__
from frontdesk.store.decision_time import laptop_behind
from frontdesk.text import clean_text, local_time
from sync.errors import (
    CaBundleMissing,
    CertificateExpired,
    CertificateNotYetValid,
    CertificateProblem,
    ClockBehind,
    NeedsEnrolment,
    Offline,
    ProtocolError,
    ProxyRefused,
    RegistryRedirected,
    ResponseTooLarge,
    ServerTrouble,
    WebPageAnswered,
)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0
MAX_RETRY_AFTER = 30.0  # wait in place at most this long; longer waits go to the engine's backoff
RETRIES_IN_PLACE = 2
# The most of an answer read (decompressed): a feed page of 500 decisions, or a catalogue,
# is well under a megabyte. A registry answering more (broken, or not ours any more) must
# not fill this laptop's memory — nor a small gzip body that inflates to gigabytes.
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
_READ_CHUNK = 64 * 1024
MAX_ORIGIN = 200  # characters of where a redirect pointed, as the worker is told
# OpenSSL's verify results for a certificate outside its validity dates (X509_V_ERR_*):
# by this laptop's clock, which is often wrong (a dead CMOS battery boots it in 2001).
CERT_NOT_YET_VALID = 9
CERT_HAS_EXPIRED = 10


@dataclass
class Response:
    status: int
    body: Any


class _Bearer(requests.auth.AuthBase):
    """The device token, when there is one. Given explicitly, it also keeps requests from
    reading ~/.netrc on every request (a file lookup per batch, and someone else's
    credentials for the registry's host are never ours to send)."""

    def __init__(self, token: str | None) -> None:
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if self.token:
            request.headers["Authorization"] = f"Bearer {self.token}"
        return request


class Transport:
    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        ca_bundle: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        registry_now: dt.datetime | None = None,
    ) -> None:
        """``ca_bundle``: the CA certificates the registry's certificate is checked
        against (the profile's, from enrolment); None: the system's. ``clock`` (this
        laptop's) and ``registry_now`` (the registry's time at the last sync, which the
        profile keeps) only word a certificate refused for its dates."""
        self.base_url = base_url.rstrip("/")
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = f"FrontDesk/{__version__}"
        # Given with every request, not set on the session: requests lets REQUESTS_CA_BUNDLE
        # or CURL_CA_BUNDLE (set on the laptop for some other program) replace a session's
        # ``verify``, never a request's (psf/requests#5209). With no bundle of the profile's,
        # True: verification on, with the system's CAs (or those variables', if set). The
        # environment still gives the proxies (trust_env stays on).
        self._verify: str | bool = ca_bundle or True
        self._sleep = sleep
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._registry_now = registry_now
        self.token = token

    def close(self) -> None:
        self._session.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        params: dict[str, Any] | None = None,
        expect: tuple[int, ...] = (200,),
        content_type: str = "application/octet-stream",
    ) -> Response:
        """Send a request; answers in ``expect`` are returned, the rest raise.

        429 and 503 with a short Retry-After are retried here a couple of times;
        401 raises :class:`NeedsEnrolment`; other 5xx and network failures raise
        :class:`ServerTrouble` / :class:`Offline` for the engine's backoff.
        """
        headers = {}
        if data is not None:
            headers["Content-Type"] = content_type
        for attempt in range(RETRIES_IN_PLACE + 1):
            try:
                answer = self._session.request(
                    method,
                    self.base_url + path,
                    json=json,
                    data=data,
                    params=params,
                    headers=headers,
                    auth=_Bearer(self.token),
                    timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                    verify=self._verify,
                    # Never followed: a 307/308 would send the body (residents' data) again
                    # to wherever the answer points, an http:// address or another host.
                    allow_redirects=False,
                    stream=True,  # read below, up to MAX_RESPONSE_BYTES
                )
                content = _read(answer)
            except requests.exceptions.SSLError as exc:
                problem = self._certificate_problem(exc)
                problem.nothing_sent = _never_connected(exc)
                raise problem from exc
            except requests.exceptions.ProxyError as exc:
                if _never_connected(exc):  # no proxy there (another network): no connection
                    unreachable = Offline(type(exc).__name__)
                    unreachable.nothing_sent = True
                    raise unreachable from exc
                refused = ProxyRefused(type(exc).__name__)  # (its 407 to the tunnel, say)
                refused.nothing_sent = True  # (the registry was never reached)
                raise refused from exc
            except requests.exceptions.RequestException as exc:
                offline = Offline(type(exc).__name__)
                offline.nothing_sent = _never_connected(exc)
                raise offline from exc
            except ValueError as exc:  # requests reading an answer's Location that is no URL
                raise ProtocolError(f"unreadable answer: {type(exc).__name__}") from exc
            except OSError as exc:  # requests: the CA bundle's file is not there
                if isinstance(self._verify, str) and not os.path.isfile(self._verify):
                    missing = CaBundleMissing(type(exc).__name__, path=self._verify)
                    missing.nothing_sent = True
                    raise missing from exc
                raise
            status = answer.status_code
            if status in expect and status >= 400 and not _is_json(content):
                # A refusal the caller expects, as a page (a proxy's "413 Request Entity
                # Too Large"): not the registry's words, nor a sign-in page; the caller
                # tells the two apart by the body, which is None.
                return Response(status, None)
            if status in expect:
                return Response(status, _body(status, content))
            detail = _detail(status, content)
            if answer.is_redirect:
                raise RegistryRedirected(detail, target=_origin(answer))
            if status == 401:
                raise NeedsEnrolment(detail)
            if status == 407:  # a proxy in the way of an http:// address wants a sign-in
                refused = ProxyRefused(detail)
                refused.nothing_sent = True
                raise refused
            if status in (429, 502, 503, 504) or status >= 500:
                retry_after = _retry_after(answer)
                short = retry_after is not None and retry_after <= MAX_RETRY_AFTER
                if status in (429, 503) and short and attempt < RETRIES_IN_PLACE:
                    self._sleep(retry_after or 0.0)
                    continue
                raise ServerTrouble(detail, retry_after)
            # Anything else unexpected (a middlebox's 403, …) is not an answer of the
            # registry's: never read it as one.
            raise ProtocolError(detail)
        raise ServerTrouble("retries exhausted")  # pragma: no cover - loop always returns

    def _certificate_problem(self, exc: requests.exceptions.SSLError) -> CertificateProblem:
        """The TLS failure as the worker should hear it: a certificate outside its dates
        by this laptop's clock names the clock, and the date the laptop has."""
        code = _verify_code(exc)
        if code not in (CERT_NOT_YET_VALID, CERT_HAS_EXPIRED):
            return CertificateProblem(str(exc))
        laptop_now = self._clock()
        laptop_time = local_time(laptop_now.isoformat())
        if code == CERT_HAS_EXPIRED:
            # Really expired, or this clock is ahead: nothing here tells which.
            return CertificateExpired(str(exc), laptop_time=laptop_time)
        registry_now = self._registry_now
        if registry_now is not None and laptop_behind(registry_now, laptop_now):
            return ClockBehind(
                str(exc),
                laptop_time=laptop_time,
                registry_time=local_time(registry_now.isoformat()),
            )
        return CertificateNotYetValid(str(exc), laptop_time=laptop_time)


def _never_connected(exc: requests.exceptions.RequestException) -> bool:
    """Whether the request never left: no connection was made (refused, no route, no
    name, a connect timeout) or the registry's certificate was refused in the handshake.
    Anything later (a reset, a read timeout) may have reached the registry."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    return any(
        isinstance(cause, (urllib3.exceptions.NewConnectionError, ssl.SSLCertVerificationError))
        for cause in _causes(exc)
    )


def _verify_code(exc: BaseException) -> int | None:
    """OpenSSL's verify result behind a TLS failure (requests wraps urllib3's error,
    which wraps :class:`ssl.SSLCertVerificationError`); None when there is none."""
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return cause.verify_code
    return None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it was raised from or wraps, each once."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        todo.extend(e for e in [*linked, *current.args] if isinstance(e, BaseException))


def _read(answer: requests.Response) -> bytes:
    """The answer's body, decompressed; :class:`ResponseTooLarge` past MAX_RESPONSE_BYTES
    (the rest is never read: the connection is dropped)."""
    with answer:
        content = bytearray()
        for chunk in answer.iter_content(_READ_CHUNK):
            content += chunk
            if len(content) > MAX_RESPONSE_BYTES:
                raise ResponseTooLarge(
                    f"HTTP {answer.status_code}: more than {MAX_RESPONSE_BYTES} bytes",
                    megabytes=str(MAX_RESPONSE_BYTES // (1024 * 1024)),
                )
        return bytes(content)


def _json(content: bytes) -> Any:
    """``content`` parsed (ValueError when it is not JSON)."""
    return json.loads(content)


def _is_json(content: bytes) -> bool:
    try:
        _json(content)
    except ValueError:
        return False
    return True


# An HTML page (after a BOM or blank lines): never the registry's answer, which is JSON.
_WEB_PAGE = re.compile(rb"^(\xef\xbb\xbf)?\s*<(!doctype\s+html|html|head|body|meta|title)\b", re.I)


def _body(status: int, content: bytes) -> Any:
    if not content:
        return None
    try:
        return _json(content)
    except ValueError as exc:
        if _WEB_PAGE.match(content[:1024]):
            raise WebPageAnswered(f"HTTP {status}: a web page") from exc
        raise ProtocolError(f"HTTP {status}: not JSON") from exc


def _detail(status: int, content: bytes) -> str:
    try:
        body = _json(content)
    except ValueError:
        return f"HTTP {status}"
    if isinstance(body, dict):
        return f"HTTP {status} {body.get('error', '')}".strip()
    return f"HTTP {status}"


def _origin(answer: requests.Response) -> str:
    """Where a redirect points: scheme and host only (a path or query may carry anything)."""
    target = urllib.parse.urljoin(answer.url, answer.headers.get("Location", ""))
    parts = urllib.parse.urlsplit(target)  # (one that is no URL failed in requests)
    origin = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}" if parts.netloc else "?"
    return clean_text(origin)[:MAX_ORIGIN]  # (shown, and printed by `frontdesk status`)


def _retry_after(answer: requests.Response) -> float | None:
    value = answer.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: treat as unknown, the engine's backoff decides
