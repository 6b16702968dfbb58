"""The registry's endpoints and payloads (docs/protocol.md), over a :class:`Transport`."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from frontdesk.store.from_registry import REOPENED
from frontdesk.text import clean_reason, clean_text
from sync.errors import (
    AttachmentRefused,
    BatchTooLarge,
    CursorNotKnown,
    EnrolmentRefused,
    EnrolmentWebPage,
    NotARegistry,
    ProtocolError,
    WebPageAnswered,
    WorkstationInUse,
    WorkstationTaken,
)
from sync.transport import Transport

CHUNK = 256 * 1024  # a slow link loses at most this much of a scan when it drops
# A proxy on the way that refuses large requests (its own "413" page, not the registry's
# answer) gets pieces a quarter the size, down to this; then the scan cannot pass it.
MIN_CHUNK = 16 * 1024
MAX_SAID = 500  # characters of a registry's own message shown to the worker


@dataclass(frozen=True)
class Enrolment:
    token: str
    device_id: str
    community: str
    community_name: str


@dataclass(frozen=True)
class ItemResult:
    id: str
    revision: int
    outcome: str  # accepted, duplicate, conflict, rejected, missing_blobs
    ack: dict[str, Any] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    error: str = ""
    last_number: str = ""  # number.taken: the highest number the registry holds in the series

    @property
    def delivered(self) -> bool:
        return self.outcome in ("accepted", "duplicate")


@dataclass(frozen=True)
class ChangePage:
    changes: list[dict[str, Any]]
    cursor: str
    more: bool
    now: str | None = None  # the registry's time (None from a registry that does not say)


# Why the registry refuses an enrolment, in the worker's words (by its error code; a code
# this version does not know is shown as the registry words it).
_ENROLMENT_REFUSALS_UK = {
    "enrolment.invalid": "такого коду немає, його вже використано або строк його дії минув — "
    "попросіть новий",
    "workstation.invalid": "неправильний код робочого місця",
}


# What any route of the registry (or another server) answers for a path it does not have:
# the address given is not the registry's (e.g. its API's ".../v1" typed after it).
_NO_SUCH_PATH = frozenset({"not_found", "method_not_allowed", "http_error"})


class RegistryClient:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.chunk = CHUNK  # smaller once a proxy refused a piece this large (upload_blob)

    def enrol(
        self,
        code: str,
        workstation: str,
        own_community: str = "",
        held_token: str = "",
        secret: str = "",
    ) -> Enrolment:
        """``held_token``: this laptop's token for this registry, when it has one (enrolling
        again): the registry then lets it take its own workstation code over. ``secret``:
        the laptop's enrolment secret, by which the registry knows it asking again after
        the answer was lost (a registry before it ignores it)."""
        request: dict[str, str] = {
            "code": code.strip(),
            "workstation": workstation,
            # The community too: a code issued for another one is refused and stays unused.
            "community": own_community,
        }
        if held_token:
            request["token"] = held_token
        if secret:
            request["secret"] = secret
        try:
            answer = self.transport.request(
                "POST", "/v1/enrol", json=request, expect=(200, 400, 403, 404, 409, 422)
            )
        except WebPageAnswered as exc:  # the network's sign-in page, not another server
            raise EnrolmentWebPage(exc.detail) from exc
        except ProtocolError as exc:  # no JSON, an unexpected status: no registry's answer
            status = re.search(r"HTTP (\d+)", exc.detail)
            raise NotARegistry(
                exc.detail,
                url=self.transport.base_url,
                status=status.group(1) if status else "?",
            ) from exc
        if answer.status != 200:
            body = answer.body if isinstance(answer.body, dict) else {}
            if body.get("error") in _NO_SUCH_PATH or not isinstance(body.get("error"), str):
                # Not the registry's refusal (it always names one): another server at that
                # address, or a wrong path (a 404 "Not Found" read as "the code was refused"
                # sent people to ask for new codes).
                raise NotARegistry(
                    f"HTTP {answer.status}", url=self.transport.base_url, status=str(answer.status)
                )
            # The words of whatever answers at the address typed: one line of text at most
            # (an escape sequence would drive the terminal of `frontdesk enrol`).
            said = clean_text(str(body.get("message") or body.get("error") or answer.status))
            said = said[:MAX_SAID]
            if body.get("error") == "enrolment.other_community":
                raise EnrolmentRefused(
                    why=f"the code was issued for community {body.get('community')}, and this "
                    f"workstation is in {own_community}; the code is still unused",
                    why_uk=f"код видано для громади {body.get('community')}, а це робоче місце — "
                    f"{own_community}; код не використано",
                )
            if body.get("error") == "workstation.in_use":
                device = str(body.get("device_id") or "?")
                since = str(body.get("enrolled_at") or "")[:16].replace("T", " ")
                raise WorkstationInUse(
                    why=said,
                    why_uk=f"код робочого місця {workstation} уже використовує інший ноутбук, "
                    f"під'єднаний до реєстру (пристрій {device}, зареєстровано {since} UTC). "
                    "Два ноутбуки з одним кодом видавали б однакові номери заяв. Якщо це "
                    "ноутбук на заміну, адміністратор реєстру має спершу відкликати старий: "
                    f"frontdesk-registry device revoke {device}; якщо це інший ноутбук, "
                    "дайте йому власний код: frontdesk set-workstation КОД. Код реєстрації "
                    "не використано",
                )
            if body.get("error") == "workstation.taken":
                # Its applications there are numbered with this code (or a laptop there
                # holds it): revoking that laptop does not free it. Application numbers are
                # unique registry-wide, so this laptop needs a code of its own.
                raise WorkstationTaken(
                    why=f"workstation code {workstation} is already used in another "
                    "community (a laptop there holds it, or applications there are numbered "
                    "with it, even if that laptop is revoked). Choose another workstation "
                    "code for this laptop: frontdesk set-workstation CODE, then enrol again; "
                    "the enrolment code is still unused",
                    why_uk=f"код робочого місця {workstation} уже використано в іншій громаді "
                    "(його має ноутбук тієї громади або ним пронумеровано її заяви, навіть "
                    "якщо той ноутбук відкликано). Виберіть цьому ноутбуку інший код робочого "
                    "місця: frontdesk set-workstation КОД, тоді зареєструйте знову; код "
                    "реєстрації не використано",
                )
            raise EnrolmentRefused(
                why=said, why_uk=_ENROLMENT_REFUSALS_UK.get(str(body.get("error")), said)
            )
        body = _dict(answer.body)
        community = _dict(body.get("community"))
        return Enrolment(
            token=str(body["token"]),
            device_id=str(body.get("device_id", "")),
            community=str(community.get("code", "")),
            community_name=str(community.get("name", "")),
        )

    # --- attachments -------------------------------------------------------------------

    def blob_received(self, sha256: str) -> tuple[int, bool]:
        """How many bytes of a blob the registry holds, and whether it is complete."""
        body = _dict(self.transport.request("GET", f"/v1/blobs/{sha256}").body)
        return int(body.get("received") or 0), bool(body.get("complete"))

    def upload_blob(
        self,
        sha256: str,
        data: bytes,
        *,
        on_chunk: Callable[[int, int], None] | None = None,
    ) -> int:
        """Upload what the registry lacks of a blob, in chunks; returns bytes sent.

        Resumes from what the registry reports; never re-sends a complete blob.
        """
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ProtocolError(f"local attachment {sha256} is damaged")
        received, complete = self.blob_received(sha256)
        sent = 0
        while not complete:
            chunk = data[received : received + self.chunk]
            answer = self.transport.request(
                "PUT",
                f"/v1/blobs/{sha256}",
                data=chunk,
                params={"offset": received, "size": len(data)},
                expect=(200, 409, 413, 422),
            )
            if answer.status == 413 and answer.body is None:  # a proxy's page: its limit
                if self.chunk <= MIN_CHUNK:
                    raise ProtocolError(f"a proxy refuses pieces of {self.chunk} bytes")
                self.chunk = max(MIN_CHUNK, self.chunk // 4)
                continue
            body = _dict(answer.body)
            if answer.status == 409:  # our offset was stale: continue from theirs
                received = int(body.get("received") or 0)
                continue
            if answer.status in (413, 422):
                raise AttachmentRefused(str(body.get("error") or answer.status), sha256)
            sent += len(chunk)
            received = int(body.get("received") or received + len(chunk))
            complete = bool(body.get("complete"))
            if on_chunk:
                on_chunk(received, len(data))
            if not complete and not chunk:
                raise ProtocolError(f"blob {sha256} incomplete after all bytes were sent")
        return sent

    # --- applications ------------------------------------------------------------------

    def push(self, documents: list[tuple[dict[str, Any], str]]) -> list[ItemResult]:
        """Send ``(document, content_hash)`` pairs as one batch; one result per item, in order."""
        return self.push_encoded(encode_batch(documents), len(documents))

    def push_encoded(self, body: bytes, count: int) -> list[ItemResult]:
        """Send a batch made by :func:`encode_batch` of ``count`` items; results in order."""
        answer = self.transport.request(
            "POST",
            "/v1/applications/batch",
            data=body,
            content_type="application/json",
            expect=(200, 413),
        )
        if answer.status == 413:  # (the registry's limit, or a proxy's): nothing was taken
            raise BatchTooLarge(f"HTTP 413 for {count} application(s), {len(body)} bytes", count)
        results = _dict(answer.body).get("results")
        if not isinstance(results, list) or len(results) != count:
            raise ProtocolError("batch answer does not match the batch")
        return [_item_result(r) for r in results]

    def revision_document(self, application_id: str, revision: int) -> dict[str, Any] | None:
        """The document of one revision as the registry holds it, or None."""
        held = self.revision(application_id, revision)
        document = held.get("document") if held else None
        return document if isinstance(document, dict) else None

    def revision(self, application_id: str, revision: int) -> dict[str, Any] | None:
        """What the registry holds of one revision, or None if it has none."""
        answer = self.transport.request(
            "GET",
            f"/v1/applications/{application_id}/revisions/{revision}",
            expect=(200, 404),
        )
        if answer.status != 200:
            return None
        held = _dict(answer.body)
        # What the registry holds, said as it says it: an answer of another shape (a
        # middlebox's JSON, a registry of another version) is not "it holds this revision",
        # which would mark the application sent while it never arrived.
        if not isinstance(held.get("content_hash"), str) or held.get("revision") != revision:
            raise ProtocolError("the answer for a revision is not the registry's")
        return held

    def changes(self, cursor: str | None, limit: int = 500) -> ChangePage:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        answer = self.transport.request("GET", "/v1/changes", params=params, expect=(200, 400))
        body = _dict(answer.body)
        if answer.status == 400:
            if body.get("error") == "cursor.invalid":
                raise CursorNotKnown(str(body.get("message") or ""))
            raise ProtocolError(f"the change feed refused the request: {body.get('error')}")
        changes = body.get("changes")
        if not isinstance(changes, list) or "cursor" not in body:
            raise ProtocolError("malformed change feed page")
        now = body.get("now")
        return ChangePage(
            [_with_clean_reason(c) for c in changes if _known_change(c)],
            str(body["cursor"]),
            bool(body.get("more")),
            now if isinstance(now, str) else None,
        )


def encode_batch(documents: list[tuple[dict[str, Any], str]]) -> bytes:
    """The body of ``POST /v1/applications/batch``: UTF-8 JSON, Cyrillic unescaped."""
    return encode_batch_texts(
        [(json.dumps(d, ensure_ascii=False, separators=(",", ":")), h) for d, h in documents]
    )


def encode_batch_texts(documents: list[tuple[str, str]]) -> bytes:
    """The same body from documents that are JSON text already (the outbox keeps them so)."""
    items = ",".join(
        f'{{"document":{text},"content_hash":{json.dumps(digest)}}}' for text, digest in documents
    )
    return f'{{"items":[{items}]}}'.encode()


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProtocolError(f"expected a JSON object, got {type(value).__name__}")
    return value


FEED_STATUSES = frozenset({"accepted", "granted", "refused", "returned", REOPENED})


def _known_change(change: Any) -> bool:
    """A change this client can apply; others (a newer registry's kinds) are skipped.

    A status change missing what it needs is the registry's bug: said loudly.
    """
    if not isinstance(change, dict):
        raise ProtocolError("a change feed entry is not an object")
    kind = change.get("kind")
    if kind == "catalog":
        return isinstance(change.get("catalog"), dict)
    if kind != "status":
        return False
    try:
        valid = bool(change["application_id"]) and int(change["revision"]) >= 1
    except (KeyError, TypeError, ValueError) as exc:
        raise ProtocolError(f"malformed status change: {exc}") from exc
    status = change.get("status")
    if not isinstance(status, str):
        raise ProtocolError(f"malformed status change: status is {type(status).__name__}")
    return valid and status in FEED_STATUSES


# The exchange format's limit ("status_reason" in resources/schema/application.schema.json).
MAX_REASON = 2000


def _with_clean_reason(change: dict[str, Any]) -> dict[str, Any]:
    """``change`` with its reason as the exchange format allows it: text, no control
    characters, at most MAX_REASON characters (a longer one made the application's
    exported line one `frontdesk import` refuses). Whatever the registry sent."""
    reason = change.get("reason")
    if reason is None or change.get("kind") != "status":
        return change
    if not isinstance(reason, str):
        raise ProtocolError(f"malformed status change: reason is {type(reason).__name__}")
    return {**change, "reason": clean_reason(reason)[:MAX_REASON].rstrip()}


def _item_result(raw: Any) -> ItemResult:
    """One item's result; one of another shape is the registry's answer not understood (a
    :class:`ProtocolError`), never a fault of this program."""
    body = _dict(raw)
    revision, ack = body.get("revision") or 0, body.get("ack") or {}
    problems, missing = body.get("problems") or [], body.get("missing") or []
    if not isinstance(revision, int) or isinstance(revision, bool) or not isinstance(ack, dict):
        raise ProtocolError("malformed item result: revision or ack")
    if not isinstance(problems, list) or not isinstance(missing, list):
        raise ProtocolError("malformed item result: problems or missing")
    return ItemResult(
        id=str(body.get("id", "")),
        revision=revision,
        outcome=str(body.get("outcome", "")),
        ack=ack,
        problems=problems,
        missing=[str(m) for m in missing],
        error=str(body.get("error") or body.get("code") or ""),
        last_number=str(body.get("last_number") or ""),
    )
