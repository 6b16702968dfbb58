"""Wiring the engine to a profile: registry address, token from the keyring, enrolment."""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import secrets
import ssl
import urllib.parse
from pathlib import Path

from frontdesk.errors import CannotRead, InvalidInput, KeyringUnavailable
from frontdesk.identifiers import compact_code
from frontdesk.profile import Profile
from frontdesk.secrets import DEVICE_TOKEN, ENROLMENT_SECRET
from frontdesk.store.decision_time import REGISTRY_TIME_KEY, registry_time
from frontdesk.store.outbox import CA_BUNDLE_KEY, REGISTRY_KEY
from sync.engine import PIPELINE_DEPTH, Progress, SyncEngine
from sync.errors import (
    EnrolmentProxyRefused,
    EnrolmentRefused,
    EnrolmentUnanswered,
    NotEnrolled,
    Offline,
    ProxyRefused,
    ServerTrouble,
)
from sync.protocol import Enrolment, RegistryClient
from sync.transport import Transport

TOKEN = DEVICE_TOKEN
# A letter of an enrolment code that is no Latin one, once look-alikes are read as Latin:
# typed with the Ukrainian layout on, the registry only said "no such code, ask for a new
# one", and the new one, typed the same way, failed again.
_NOT_LATIN_RE = re.compile(r"[^\W\d_A-Z]")
log = logging.getLogger(__name__)


def _on_this_computer(url: str) -> bool:
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name ("127.example.org" is one): it may be anywhere
        return False


def registry_address(typed: str) -> str:
    """The registry's address as typed, written one way: ``https://`` when no scheme is
    typed (the administrator's letter gives "registry.oblast.gov.ua"), the scheme and the
    host in small letters (a browser's address bar or caps lock gives "HTTPS://…"), no
    slash at the end. An address with a scheme other than http(s) is left for the check
    that refuses it."""
    url = typed.strip().rstrip("/")
    if url and "://" not in url:
        url = "https://" + url
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:  # ("https://[fe80::1": left for the check that refuses it)
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    netloc = parts.netloc.rpartition("@")
    host = netloc[0] + netloc[1] + netloc[2].lower()
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), host, parts.path, parts.query, parts.fragment)
    ).rstrip("/")


def _an_address(url: str) -> bool:
    """Whether ``url`` (http or https) names a host and, if any, a port: "8O43" typed for
    8043, a space inside, an unclosed "[" are not (requests took them for a failed
    connection, or failed itself)."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018  (raises for a port that is not a number in range)
    except ValueError:
        return False
    host = parts.hostname or ""
    return bool(host) and not any(c.isspace() or ord(c) < 32 for c in parts.netloc)


def _enrolment_secret(profile: Profile, url: str) -> str:
    """The secret this laptop enrols at ``url`` with: the one kept from an attempt whose
    answer may have been lost, else a new one, kept before anything is sent.

    In the keyring only (never a file or the log), with the address it is for: like the
    token, it is never shown to another registry (with the code sent beside it, it would
    let that one take this laptop's device at the right address). Writing it first also
    finds out a keyring that cannot keep the token before the one-time code is spent.
    """
    try:
        kept = json.loads(profile.secrets.get(ENROLMENT_SECRET) or "{}")
    except ValueError:
        kept = None
    if isinstance(kept, dict) and kept.get("registry") == url:
        secret = kept.get("secret")
        if isinstance(secret, str) and len(secret) >= 32:
            return secret
    secret = secrets.token_urlsafe(32)
    value = json.dumps({"registry": url, "secret": secret})
    profile.secrets.set(ENROLMENT_SECRET, value)
    if profile.secrets.get(ENROLMENT_SECRET) != value:
        raise KeyringUnavailable("the keyring did not keep the enrolment secret")
    return secret


ENROLLED = "enrolled"  # the access log's word for it (detail: the registry's address)
ENROLMENT_KEY = "sync.enrolment"  # a new random mark at each enrolment (not a secret)


def _checked_ca_bundle(given: str) -> str:
    """The CA certificates file given at enrolment, as an absolute path (every later sync,
    the app's from the Start menu too, runs in another folder than the command did), once
    it is found to hold PEM certificates; :class:`InvalidInput` before anything is sent."""
    path = Path(given).expanduser().absolute()
    if not path.is_file():
        raise InvalidInput(what_code="registry.ca_bundle_missing", path=str(path))
    try:
        ssl.create_default_context().load_verify_locations(cafile=str(path))
    except ssl.SSLError as exc:  # (Windows exports DER by default: no PEM in it)
        raise InvalidInput(what_code="registry.ca_bundle_not_pem", path=str(path)) from exc
    except OSError as exc:
        raise CannotRead(exc, path) from exc
    return str(path)


def enrol(
    profile: Profile,
    registry_url: str,
    code: str,
    ca_bundle: str | None = None,
    *,
    who: str | None = None,
) -> Enrolment:
    """Exchange a one-time code for a device token; keep it in the keyring. ``who``: the
    operator (or the computer's account) who enrolled it, for the access log (the first
    run's enrolment, before there is an operator, has none).

    The code must belong to this profile's community; otherwise nothing changes. Safe to
    run again when the answer did not arrive (a dropped link, a timeout): the registry
    knows this laptop by its enrolment secret and gives the device it made a new token,
    with the same code or a new one.
    """
    url = registry_address(registry_url)
    if not url.startswith(("http://", "https://")):
        raise InvalidInput(what_code="registry.url_scheme", url=repr(url))
    if not _an_address(url):  # (a typo: said so, not "no connection" for ever)
        raise InvalidInput(what_code="registry.url_form", url=repr(url))
    if url.startswith("http://") and not _on_this_computer(url):
        # The device token and every application would cross the network in clear.
        raise InvalidInput(what_code="registry.url_insecure", url=repr(url))
    code = compact_code(code)  # (Cyrillic С typed for C: the registry knew no such code)
    if _NOT_LATIN_RE.search(code):
        raise InvalidInput(what_code="registry.code_not_latin")
    previous = profile.outbox.setting(REGISTRY_KEY)
    if ca_bundle:
        ca_bundle = _checked_ca_bundle(ca_bundle)
    elif previous == url:
        # The same registry: its CA as before (enrolling again from Settings, which has no
        # field for it, failed the certificate check of a region's own CA).
        ca_bundle = profile.outbox.setting(CA_BUNDLE_KEY)
    secret = _enrolment_secret(profile, url)
    # This laptop enrolling again with the registry it holds a token for shows that token:
    # the registry lets the laptop holding a workstation code take it over, and refuses the
    # code to any other (two laptops with one code would issue the same numbers). The token
    # is never shown to another registry.
    held = (profile.secrets.get(TOKEN) or "") if previous == url else ""
    transport = Transport(
        url,
        ca_bundle=ca_bundle,
        clock=profile.applications.now,
        registry_now=registry_time(profile.db) if previous == url else None,
    )
    try:
        enrolment = RegistryClient(transport).enrol(
            code, profile.workstation, profile.community, held, secret
        )
    except (Offline, ServerTrouble) as exc:
        # (a gateway's 502/504 too: the registry behind it may have enrolled the laptop)
        raise EnrolmentUnanswered(exc.detail) from exc
    except ProxyRefused as exc:  # (the registry was never reached)
        raise EnrolmentProxyRefused(exc.detail) from exc
    finally:
        transport.close()
    if enrolment.community != profile.community:
        raise EnrolmentRefused(
            why=f"the code was issued for community {enrolment.community}, and this "
            f"workstation is in {profile.community}",
            why_uk=f"код видано для громади {enrolment.community}, а це робоче місце — "
            f"{profile.community}",
        )
    profile.secrets.set(TOKEN, enrolment.token)
    profile.outbox.set_setting(REGISTRY_KEY, url)
    profile.outbox.set_setting(CA_BUNDLE_KEY, ca_bundle)
    # A new mark for each enrolment: a sync running with the old registry and token (the
    # app's, open meanwhile) sees it before its next round and connects anew.
    profile.outbox.set_setting(ENROLMENT_KEY, secrets.token_hex(8))
    # The feed is read whole after every enrolment (the same registry may have been set
    # up anew): what it does not name of what this laptop delivered is sent again.
    profile.outbox.read_feed_from_start()
    if previous != url:  # another registry: its own clock
        profile.outbox.set_setting(REGISTRY_TIME_KEY, None)
    profile.outbox.clear_error()  # the old problem is gone; no sync has run yet
    if who is not None:  # (from now on every application here goes to that registry)
        profile.applications.note_access(who, ENROLLED, url)
    # Enrolled: the token proves who this laptop is from now on (enrolling again shows
    # it). The secret, kept, would be a second key to the device (with any new code of
    # the community it gets the device a new token); the next enrolment makes a new one.
    try:
        profile.secrets.delete(ENROLMENT_SECRET)
    except KeyringUnavailable as exc:  # kept: it only lets this laptop enrol as itself
        log.info("the enrolment secret stays in the keyring: %s", exc)
    return enrolment


def connect(
    profile: Profile, *, depth: int = PIPELINE_DEPTH, progress: Progress | None = None
) -> tuple[SyncEngine, Transport]:
    """An engine for this profile, with ``depth`` batches on the wire at once (and its
    ``progress`` report); raises :class:`NotEnrolled` when it has no registry."""
    url = profile.outbox.setting(REGISTRY_KEY)
    token = profile.secrets.get(TOKEN)
    if not url or not token:
        raise NotEnrolled()
    transport = Transport(
        url,
        token=token,
        ca_bundle=profile.outbox.setting(CA_BUNDLE_KEY),
        clock=profile.applications.now,
        registry_now=registry_time(profile.db),
    )
    engine = SyncEngine(
        profile.outbox,
        profile.applications,
        RegistryClient(transport),
        depth=depth,
        progress=progress,
    )
    return engine, transport
