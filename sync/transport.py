"""HTTP transport: one requests session, timeouts, TLS, auth header, Retry-After.

Knows nothing of endpoints or payloads (that is :mod:`sync.protocol`); turns
every failure into a typed :mod:`sync.errors` exception.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from frontdesk import __version__
from sync.errors import CertificateProblem, NeedsEnrolment, Offline, ProtocolError, ServerTrouble

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0
MAX_RETRY_AFTER = 30.0  # wait in place at most this long; longer waits go to the engine's backoff
RETRIES_IN_PLACE = 2


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
    ) -> None:
        """``ca_bundle``: the CA certificates the registry's certificate is checked
        against (the profile's, from enrolment); None: the system's."""
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
                )
            except requests.exceptions.SSLError as exc:
                raise CertificateProblem(str(exc)) from exc
            except requests.exceptions.RequestException as exc:
                raise Offline(type(exc).__name__) from exc
            if answer.status_code in expect:
                return Response(answer.status_code, _body(answer))
            if answer.status_code == 401:
                raise NeedsEnrolment(_detail(answer))
            if answer.status_code in (429, 502, 503, 504) or answer.status_code >= 500:
                retry_after = _retry_after(answer)
                short = retry_after is not None and retry_after <= MAX_RETRY_AFTER
                if answer.status_code in (429, 503) and short and attempt < RETRIES_IN_PLACE:
                    self._sleep(retry_after or 0.0)
                    continue
                raise ServerTrouble(_detail(answer), retry_after)
            # Anything else unexpected (a proxy's 407, a middlebox's 403, …) is not an
            # answer of the registry's: never read it as one.
            raise ProtocolError(_detail(answer))
        raise ServerTrouble("retries exhausted")  # pragma: no cover - loop always returns


def _body(answer: requests.Response) -> Any:
    if not answer.content:
        return None
    try:
        return answer.json()
    except ValueError as exc:
        raise ProtocolError(f"HTTP {answer.status_code}: not JSON") from exc


def _detail(answer: requests.Response) -> str:
    try:
        body = answer.json()
    except ValueError:
        return f"HTTP {answer.status_code}"
    if isinstance(body, dict):
        return f"HTTP {answer.status_code} {body.get('error', '')}".strip()
    return f"HTTP {answer.status_code}"


def _retry_after(answer: requests.Response) -> float | None:
    value = answer.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: treat as unknown, the engine's backoff decides
