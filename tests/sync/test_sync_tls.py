"""Sync over real TLS: a registry process serving HTTPS on 127.0.0.1 with a certificate of
a CA made in the test, given to the workstation at enrolment (``--ca-bundle``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from frontdesk.errors import InvalidInput
from frontdesk.profile import Profile
from frontdesk.store.decision_time import REGISTRY_TIME_KEY
from frontdesk.store.outbox import REGISTRY_KEY
from frontdesk.worktime import in_kyiv
from sync.errors import (
    CertificateExpired,
    CertificateNotYetValid,
    CertificateProblem,
    ClockBehind,
    Offline,
    ProxyRefused,
    SyncError,
)
from sync.transport import Transport
from sync.workstation import connect, enrol
from tests.certificates import CertificateAuthority
from tests.conftest import run_cli
from tests.factories import application
from tests.registry_process import HOST, RunningRegistry, free_port
from tests.sync.conftest import Workstation, assert_exactly_once, enrolled

NOW = dt.datetime.now(dt.UTC)


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


def one_sync_delivers(profile: Profile) -> bool:
    """An application saved now is delivered by one round, as the app's sync connects."""
    engine, transport = connect(profile)
    try:
        profile.applications.save(application(), "oksana")
        return engine.sync_once().push.delivered == 1
    finally:
        transport.close()


def serve_instead(
    registry: RunningRegistry, ca: CertificateAuthority, **validity: dt.datetime
) -> None:
    """The same registry (port, database) restarted with another certificate of ``ca``."""
    served = ca.issue(f"registry-{secrets.token_hex(4)}", **validity)
    registry.stop()
    registry.certfile, registry.keyfile = served.certfile, served.keyfile
    registry.start()


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


def test_a_ca_bundle_named_from_its_own_folder_is_found_by_every_later_sync(
    tmp_path: Path,
    tls_registry: RunningRegistry,
    ca: CertificateAuthority,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`enrol --ca-bundle region-ca.pem` typed in the certificates' folder was kept as
    typed: the app started from the Start menu (another folder) never synced again, and
    the command line said "could not read or write the file — system error: OSError"."""
    community = tls_registry.add_community()
    with Profile.create(tmp_path / "ws", workstation="ZT01", community=community) as profile:
        monkeypatch.chdir(ca.folder)
        enrol(profile, tls_registry.url, tls_registry.enrolment_code(community), "ca.pem")
        monkeypatch.chdir(tmp_path)
        assert one_sync_delivers(profile)


def test_enrolling_again_from_settings_keeps_the_registrys_ca(
    tmp_path: Path, tls_registry: RunningRegistry, ca: CertificateAuthority
) -> None:
    """Settings has no field for the CA bundle: enrolling again there (the registry said
    "unauthorized") failed the certificate check of a region's own CA."""
    station = enrolled_with_ca(tmp_path, tls_registry, ca)
    try:
        again = tls_registry.enrolment_code(station.community)
        enrol(station.profile, tls_registry.url, again)  # what ui/settings.py does
        station.profile.applications.save(application(), "oksana")
        assert station.engine().sync_once().push.delivered == 1
    finally:
        station.close()


def test_an_address_typed_without_https_or_in_capitals_is_the_registrys(
    tmp_path: Path, tls_registry: RunningRegistry, ca: CertificateAuthority
) -> None:
    """The administrator's letter gives "registry.oblast.gov.ua:8443", caps lock gives
    "HTTPS://…": both were refused as "https://… is needed", and the two spellings were two
    registries (enrolling again said the workstation code was taken)."""
    community = tls_registry.add_community()
    bare = tls_registry.url.removeprefix("https://")
    with Profile.create(tmp_path / "ws", workstation="ZT01", community=community) as profile:
        enrol(profile, bare + "/", tls_registry.enrolment_code(community), str(ca.bundle))
        assert profile.outbox.setting(REGISTRY_KEY) == tls_registry.url
        shouted = "HTTPS://" + bare.upper()
        enrol(profile, shouted, tls_registry.enrolment_code(community))  # the same registry
        assert profile.outbox.setting(REGISTRY_KEY) == tls_registry.url
        assert one_sync_delivers(profile)


def test_a_ca_bundle_that_is_not_there_or_not_pem_is_refused_before_the_code_is_spent(
    tmp_path: Path, tls_registry: RunningRegistry, ca: CertificateAuthority
) -> None:
    community = tls_registry.add_community()
    code = tls_registry.enrolment_code(community)
    der = ca.folder / "region-ca.cer"  # as Windows' certificate export writes it by default
    der.write_bytes(ca.certificate.public_bytes(serialization.Encoding.DER))
    with Profile.create(tmp_path / "ws", workstation="ZT01", community=community) as profile:
        with pytest.raises(InvalidInput) as missing:
            enrol(profile, tls_registry.url, code, str(ca.folder / "nowhere.pem"))
        assert f"файл сертифікатів {ca.folder / 'nowhere.pem'} не знайдено" in (
            missing.value.message("uk")
        )
        with pytest.raises(InvalidInput) as not_pem:
            enrol(profile, tls_registry.url, code, str(der))
        assert "немає сертифіката у форматі PEM" in not_pem.value.message("uk")
        assert "Base-64" in not_pem.value.message("uk")
        assert enrol(profile, tls_registry.url, code, str(ca.bundle)).community == community


def test_a_ca_bundle_gone_since_enrolment_is_said_so_in_the_status(
    tmp_path: Path, tls_registry: RunningRegistry, ca: CertificateAuthority
) -> None:
    station = enrolled_with_ca(tmp_path, tls_registry, ca)
    station.close()
    moved = ca.bundle.rename(ca.folder / "moved.pem")
    try:
        result = run_cli("--data-dir", str(tmp_path / "ws"), "sync", "--once")
        assert result.returncode == 1
        said = f"Файл сертифікатів реєстру {ca.bundle}, указаний під час реєстрації"
        assert said in result.stderr and "Traceback" not in result.stderr
        assert said in run_cli("--data-dir", str(tmp_path / "ws"), "status").stdout
    finally:
        moved.rename(ca.bundle)


def test_proxies_still_come_from_the_environment(
    tmp_path: Path, ca: CertificateAuthority, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Giving ``verify`` with each request leaves the rest of the environment's settings:
    a proxy set for HTTPS is used (here one that is not listening: no connection)."""
    raised = _through_proxy(monkeypatch, ca, free_port())
    assert isinstance(raised, Offline) and raised.detail == "ProxyError"


def _through_proxy(
    monkeypatch: pytest.MonkeyPatch, ca: CertificateAuthority, proxy_port: int
) -> SyncError:
    """What a request to an https:// registry raises through the proxy at ``proxy_port``
    (set as the environment sets it, as an office's IT person does)."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", f"http://{HOST}:{proxy_port}")
    transport = Transport(f"https://{HOST}:{free_port()}", ca_bundle=str(ca.bundle))
    try:
        with pytest.raises(SyncError) as raised:
            transport.request("GET", "/v1/health")
    finally:
        transport.close()
    return raised.value


def test_a_proxy_that_wants_a_sign_in_before_an_https_registry_is_said_to(
    tmp_path: Path, ca: CertificateAuthority, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(its «407 Proxy Authentication Required» to the tunnel was told as «Немає зв'язку з
    реєстром — … будуть надіслані автоматично»: nothing goes until someone sets it up)"""
    server = socket.create_server((HOST, 0))
    server.settimeout(10)

    def answer_407() -> None:
        with contextlib.suppress(OSError):
            client, _ = server.accept()
            with client:
                client.recv(65536)  # CONNECT 127.0.0.1:… HTTP/1.1
                client.sendall(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                    b'Proxy-Authenticate: Basic realm="office"\r\nContent-Length: 0\r\n\r\n'
                )

    proxy = threading.Thread(target=answer_407, daemon=True)
    proxy.start()
    try:
        raised = _through_proxy(monkeypatch, ca, server.getsockname()[1])
    finally:
        proxy.join(timeout=10)
        server.close()
    assert isinstance(raised, ProxyRefused) and raised.nothing_sent
    assert "Проксі-сервер цієї мережі не пропускає до реєстру" in raised.message("uk")


# --- a certificate refused for its dates: the laptop's clock -------------------------------


def _laptop_dates() -> set[str]:
    """Today's date as the worker's clock shows it (and tomorrow's: a test at midnight)."""
    now = in_kyiv(dt.datetime.now(dt.UTC))
    return {f"{day:%d.%m.%Y}" for day in (now, now + dt.timedelta(minutes=5))}


def test_a_certificate_not_valid_yet_tells_the_worker_to_check_the_date_and_time(
    tmp_path: Path, tls_registry: RunningRegistry, ca: CertificateAuthority
) -> None:
    """The laptop's clock behind (a dead CMOS battery), played by a certificate valid only
    from the day after tomorrow: `frontdesk sync` says to check the computer's date and
    time, and the date it has, in Ukrainian and in English; `frontdesk status` too."""
    station = enrolled_with_ca(tmp_path, tls_registry, ca)
    try:
        station.profile.applications.save(application(), "oksana")
        serve_instead(tls_registry, ca, not_before=NOW + dt.timedelta(days=2))
        data_dir = str(station.profile.root)

        told = run_cli("--data-dir", data_dir, "sync", "--once")
        assert told.returncode == 1
        assert "Перевірте дату й час комп'ютера" in told.stderr
        assert "схоже, годинник відстає" in told.stderr
        assert any(f"на ньому зараз {day}" in told.stderr for day in _laptop_dates())

        english = run_cli("--data-dir", data_dir, "sync", "--once", env={"FRONTDESK_LANG": "en"})
        assert english.returncode == 1
        assert "Check the computer's date and time" in english.stderr
        assert "the clock is probably behind" in english.stderr
        assert any(f"which says {day}" in english.stderr for day in _laptop_dates())

        status = run_cli("--data-dir", data_dir, "status")
        assert status.returncode == 0, status.stderr
        [line] = [x for x in status.stdout.splitlines() if x.startswith("Остання помилка")]
        assert "Перевірте дату й час комп'ютера" in line
        assert any(day in line for day in _laptop_dates())
        waiting = station.profile.outbox.status()
        assert waiting.pending + waiting.in_flight == 1  # kept, for when the clock is right
    finally:
        station.close()


def test_a_laptop_clock_behind_the_registrys_last_time_is_named_with_confidence(
    tmp_path: Path, tls_registry: RunningRegistry, ca: CertificateAuthority
) -> None:
    """The registry said at the last sync that it was three days later than the laptop
    now reads: the certificate not valid yet is this clock's fault, and the worker is told
    so, with both times."""
    station = enrolled_with_ca(tmp_path, tls_registry, ca)
    try:
        registry_then = NOW + dt.timedelta(days=3)
        station.profile.outbox.set_setting(REGISTRY_TIME_KEY, registry_then.isoformat())
        serve_instead(tls_registry, ca, not_before=NOW + dt.timedelta(days=2))
        with pytest.raises(ClockBehind) as raised:
            station.engine().sync_once()
        uk, en = raised.value.message("uk"), raised.value.message("en")
        assert uk.startswith("Годинник цього комп'ютера відстає: на ньому зараз ")
        assert f"{in_kyiv(registry_then):%d.%m.%Y %H:%M}" in uk
        assert any(day in uk for day in _laptop_dates())
        assert "виправте дату й час комп'ютера" in uk
        assert en.startswith("This computer's clock is behind: it says ")
    finally:
        station.close()


def test_a_registry_time_close_to_the_laptops_leaves_the_clock_a_guess(
    tmp_path: Path, tls_registry: RunningRegistry, ca: CertificateAuthority
) -> None:
    """After a sync the registry's time is known and close to the laptop's: a certificate
    not valid yet may be the registry's own (issued ahead), so the clock is only
    'probably' behind."""
    station = enrolled_with_ca(tmp_path, tls_registry, ca)
    try:
        engine, transport = connect(station.profile)
        engine.sync_once()  # the registry's time: now
        transport.close()  # (a connection kept open would hold up the registry's restart)
        assert station.profile.outbox.setting(REGISTRY_TIME_KEY) is not None
        serve_instead(tls_registry, ca, not_before=NOW + dt.timedelta(days=2))
        with pytest.raises(CertificateNotYetValid) as raised:
            station.engine().sync_once()
        assert not isinstance(raised.value, ClockBehind)
        assert "схоже, годинник відстає" in raised.value.message("uk")
    finally:
        station.close()


def test_an_expired_certificate_names_both_the_clock_and_the_certificate(
    tmp_path: Path, tls_registry: RunningRegistry, ca: CertificateAuthority
) -> None:
    """Expired by the laptop's clock: really expired (the administrator renews it) or the
    clock is ahead; the worker is told both, honestly, and the date the laptop has. The
    status line (what the GUI's sync strip shows) says the same."""
    station = enrolled_with_ca(tmp_path, tls_registry, ca)
    try:
        serve_instead(
            tls_registry,
            ca,
            not_before=NOW - dt.timedelta(days=400),
            not_after=NOW - dt.timedelta(days=2),
        )
        engine, transport = connect(station.profile)
        try:
            with pytest.raises(CertificateExpired) as raised:
                engine.sync_once()
        finally:
            transport.close()
        uk, en = raised.value.message("uk"), raised.value.message("en")
        assert "якщо годинник поспішає" in uk and "справді прострочено" in uk
        assert "зверніться до адміністратора" in uk
        assert "if the clock is ahead" in en and "really has expired" in en
        assert any(f"на ньому зараз {day}" in uk for day in _laptop_dates())

        error = raised.value
        station.profile.outbox.record_error(error.code, error.detail, error.params)
        status = station.profile.outbox.status()
        assert status.error_message("uk") == uk and status.error_message("en") == en
    finally:
        station.close()


def test_another_certificate_problem_keeps_its_words(
    tmp_path: Path, tls_registry: RunningRegistry, ca: CertificateAuthority
) -> None:
    """A certificate of a CA the profile does not trust is no clock matter."""
    other = CertificateAuthority(tmp_path / "other-ca", "Not the registry's CA")
    station = enrolled_with_ca(tmp_path, tls_registry, ca)
    try:
        serve_instead(tls_registry, other)  # not of the CA the profile was enrolled with
        with pytest.raises(CertificateProblem) as raised:
            station.engine().sync_once()
        assert type(raised.value) is CertificateProblem
        assert "дату й час" not in raised.value.message("uk")
    finally:
        station.close()
