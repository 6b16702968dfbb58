"""Sync over real TLS: a registry process serving HTTPS on 127.0.0.1 with a certificate of
a CA made in the test, given to the workstation at enrolment (``--ca-bundle``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.errors import Offline
from sync.transport import Transport
from tests.certificates import CertificateAuthority
from tests.factories import application
from tests.registry_process import HOST, RunningRegistry, free_port
from tests.sync.conftest import Workstation, assert_exactly_once, enrolled


@pytest.fixture
def ca(tmp_path: Path) -> CertificateAuthority:
    return CertificateAuthority(tmp_path / "ca")


@pytest.fixture
def tls_registry(tmp_path: Path, ca: CertificateAuthority) -> Iterator[RunningRegistry]:
    """The registry over HTTPS, with a certificate valid now."""
    served = ca.issue()
    with RunningRegistry(
        tmp_path / "registry",
        certfile=served.certfile,
        keyfile=served.keyfile,
        ca_bundle=ca.bundle,
    ) as running:
        yield running


def enrolled_with_ca(
    tmp_path: Path, registry: RunningRegistry, ca: CertificateAuthority
) -> Workstation:
    station = enrolled(tmp_path, registry, ca_bundle=str(ca.bundle))
    assert registry.url.startswith("https://")
    return station


# --- the profile's CA bundle, whatever the environment says -------------------------------


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_the_profiles_ca_bundle_is_used_whatever_the_environment_names(
    tmp_path: Path,
    tls_registry: RunningRegistry,
    ca: CertificateAuthority,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    """Another program on the laptop set REQUESTS_CA_BUNDLE (or curl's variable) to its
    own CAs: the registry's CA, given at enrolment, is still the one checked against."""
    other = CertificateAuthority(tmp_path / "someone-elses-ca", "Another program's CA")
    monkeypatch.setenv(variable, str(other.bundle))
    station = enrolled_with_ca(tmp_path, tls_registry, ca)
    try:
        saved = station.profile.applications.save(application(), "oksana").application
        report = station.engine().sync_once()
        assert report.push.delivered == 1
        assert station.profile.outbox.status().last_error is None
        assert_exactly_once(station, [saved.id])
    finally:
        station.close()


def test_proxies_still_come_from_the_environment(
    tmp_path: Path, ca: CertificateAuthority, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Giving ``verify`` with each request leaves the rest of the environment's settings:
    a proxy set for HTTPS is used (here one that is not listening: no connection)."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", f"http://{HOST}:{free_port()}")
    transport = Transport(f"https://{HOST}:{free_port()}", ca_bundle=str(ca.bundle))
    try:
        with pytest.raises(Offline) as raised:
            transport.request("GET", "/v1/health")
    finally:
        transport.close()
    assert raised.value.detail == "ProxyError"
