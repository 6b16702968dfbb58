"""What can go wrong talking to the registry, as known errors with worker-facing messages."""

from __future__ import annotations

from frontdesk.errors import EnvironmentProblem, FrontDeskError
from frontdesk.messages import MESSAGES


class SyncError(FrontDeskError):
    code = "sync.error"
    # Set by the transport when the request provably never reached the registry (no
    # connection was made): what it carried is not "maybe delivered".
    nothing_sent = False


class Offline(SyncError, EnvironmentProblem):
    """No answer: no network, registry down, timeout. Retried with backoff."""

    code = "sync.offline"


class ServerTrouble(SyncError, EnvironmentProblem):
    """5xx or 429: retried with backoff, honouring Retry-After."""

    code = "sync.server"

    def __init__(self, detail: str = "", retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class EnrolmentUnanswered(Offline):
    """No answer to an enrolment: the registry may have enrolled this laptop all the same.
    Asking again (the same code or a new one) is safe: the registry recognises it."""

    code = "sync.enrolment_unanswered"


class NeedsEnrolment(SyncError):
    """401: the device token is missing, unknown or revoked. Sync stops."""

    code = "sync.unauthorized"


class NotEnrolled(SyncError):
    code = "sync.not_enrolled"


class EnrolmentRefused(SyncError):
    code = "sync.enrolment_refused"


class WorkstationInUse(EnrolmentRefused):
    """The registry refused the enrolment: another enrolled laptop holds this workstation
    code (two laptops with one code would issue the same numbers). The enrolment code is
    not used up: the same one works with this laptop's own code, or after the old laptop
    is revoked (a replacement)."""


class WorkstationTaken(EnrolmentRefused):
    """The registry refused the enrolment: this workstation code is used in another
    community (a laptop there holds it, or applications there are numbered with it, even
    if that laptop is revoked). Numbers are unique registry-wide: this laptop needs a code
    of its own; revoking frees nothing. The enrolment code is not used up."""


class ProtocolError(SyncError):
    """The registry answered something this client does not understand (a bug somewhere)."""

    code = "sync.protocol"


class RegistryRedirected(ProtocolError):
    """The registry's address answered with a redirect (``target``: where to, the
    scheme and host only). Never followed: a 307/308 would send the request again —
    residents' data, to an http:// address too — wherever the answer says."""

    code = "sync.redirected"


class WebPageAnswered(ProtocolError):
    """A web page answered in place of the registry: most often the network's own sign-in
    page (a café's or a hotel's Wi-Fi, a mobile operator's), which answers every address
    until someone signs in with a browser. Nothing was taken as the registry's answer."""

    code = "sync.web_page"


class EnrolmentWebPage(WebPageAnswered):
    """A web page answered an enrolment (the network's sign-in page): nothing was enrolled,
    the code is not used; once signed in, the same code works."""

    code = "sync.enrolment_web_page"


class ProxyRefused(SyncError, EnvironmentProblem):
    """The network's proxy server refused to pass the request on (407: it wants a sign-in;
    or it could not reach the registry for us): not the registry's answer, and not "no
    connection, will be sent by itself": someone must set the proxy up. Retried with
    backoff all the same (it may be set up meanwhile)."""

    code = "sync.proxy"


class BatchTooLarge(ProtocolError):
    """The registry, or a proxy on the way, refused a batch as too large (413): nothing of
    it was taken. Sent again in smaller batches (``items``: how many it had)."""

    code = "sync.batch_too_large"
    nothing_sent = True

    def __init__(self, detail: str, items: int) -> None:
        super().__init__(detail)
        self.items = items


class EnrolmentProxyRefused(ProxyRefused):
    """The network's proxy refused an enrolment: nothing reached the registry, the code is
    not used, and nothing will be sent until the laptop is enrolled (not "will be sent")."""

    code = "sync.enrolment_proxy"


class ResponseTooLarge(ProtocolError):
    """The registry's answer is larger than this client ever reads (``megabytes``): it was
    not read, and nothing of it applied."""

    code = "sync.response_too_large"


class CursorNotKnown(ProtocolError):
    """The registry does not know where this workstation had read its feed to (it was
    restored from an older copy): the feed is read again from the start."""


class AttachmentRefused(SyncError):
    """The registry will not take one attachment (too large, wrong size): that
    application is set aside for the worker; the others go on."""

    code = "attachment.refused"  # worded in frontdesk.messages (what the outbox keeps)

    def __init__(self, reason: str, sha256: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.sha256 = sha256


class CertificateProblem(SyncError, EnvironmentProblem):
    code = "sync.certificate"


class CertificateNotYetValid(CertificateProblem):
    """The registry's certificate is not valid yet by this laptop's clock: the clock is
    probably behind (a dead CMOS battery). ``laptop_time``: what the laptop's clock said."""

    code = "sync.certificate_not_yet_valid"


class ClockBehind(CertificateNotYetValid):
    """As :class:`CertificateNotYetValid`, and the laptop's clock reads more than a day
    behind the registry's time at the last sync (``registry_time``): it is the clock."""

    code = "sync.certificate_clock_behind"


class CertificateExpired(CertificateProblem):
    """The registry's certificate has expired by this laptop's clock: it really has (the
    administrator renews it), or the clock is ahead. Nothing here tells which."""

    code = "sync.certificate_expired"


class NotARegistry(SyncError):
    """The address answered an enrolment, but not as a FrontDesk registry does (a web
    server's 404 at a wrong path): nothing was enrolled, and the code is unused."""

    code = "sync.not_a_registry"


class CaBundleMissing(CertificateProblem):
    """The CA certificates file this profile was enrolled with is not where it was: no
    request can be checked, so none is sent."""

    code = "sync.ca_bundle_missing"


MESSAGES.update(
    {
        "sync.error": ("Помилка синхронізації", "Sync error"),
        "sync.not_a_registry": (
            "За адресою {url} немає реєстру FrontDesk (HTTP {status}) — перевірте адресу "
            "реєстру (лише сервер, без шляху в кінці, наприклад https://registry.example.gov.ua); "
            "код реєстрації не використано",
            "There is no FrontDesk registry at {url} (HTTP {status}) — check the registry's "
            "address (the server alone, no path after it, e.g. https://registry.example.gov.ua); "
            "the enrolment code was not used",
        ),
        "sync.ca_bundle_missing": (
            "Файл сертифікатів реєстру {path}, указаний під час реєстрації робочого місця, "
            "не знайдено — поверніть його на місце або зареєструйте робоче місце знову з "
            "--ca-bundle і повним шляхом до файлу. Заяви збережено тут",
            "The registry's CA certificates file {path}, given when the workstation was "
            "enrolled, is not there — put it back, or enrol the workstation again with "
            "--ca-bundle and the file's full path. The applications are kept here",
        ),
        "registry.code_not_latin": (
            "код реєстрації: у ньому є літери кирилиці — наберіть його латиницею "
            "(перемкніть розкладку клавіатури на англійську); код не використано",
            "enrolment code: it has Cyrillic (or other non-Latin) letters — type it in Latin "
            "(switch the keyboard layout to English); the code was not used",
        ),
        "registry.ca_bundle_missing": (
            "файл сертифікатів {path} не знайдено (--ca-bundle: файл .pem із сертифікатами "
            "центру сертифікації реєстру)",
            "no CA certificates file {path} (--ca-bundle: a .pem file with the certificates "
            "of the registry's certificate authority)",
        ),
        "registry.ca_bundle_not_pem": (
            "у файлі сертифікатів {path} немає сертифіката у форматі PEM. Експортуйте "
            "сертифікат центру сертифікації як «X.509 у кодуванні Base-64 (.CER)» і вкажіть "
            "той файл",
            "the CA certificates file {path} holds no certificate in PEM form. Export the "
            'certificate authority\'s certificate as "Base-64 encoded X.509 (.CER)" and give '
            "that file",
        ),
        "registry.url_scheme": (
            "адреса реєстру {url} (потрібно https://…)",
            "registry address {url} (https://… is needed)",
        ),
        "registry.url_form": (
            "адреса реєстру {url} — це не адреса (перевірте, чи немає в ній пробілів і чи "
            "правильний номер порту після двокрапки)",
            "registry address {url} is not an address (check it has no spaces, and the port "
            "number after the colon)",
        ),
        "registry.url_insecure": (
            "адреса реєстру {url}: лише https:// (http:// — тільки для реєстру на цьому "
            "комп'ютері, 127.0.0.1)",
            "registry address {url}: https:// only (http:// is only for a registry on this "
            "computer, 127.0.0.1)",
        ),
        "sync.offline": (
            "Немає зв'язку з реєстром — заяви збережено, будуть надіслані автоматично",
            "No connection to the registry — applications are saved and will be sent automatically",
        ),
        "sync.server": (
            "Реєстр тимчасово не відповідає — заяви збережено, спробуємо ще раз",
            "The registry is temporarily unavailable — applications are saved, will retry",
        ),
        "sync.unauthorized": (
            "Реєстр не впізнає це робоче місце — потрібна повторна реєстрація "
            "(новий код від адміністратора)",
            "The registry does not recognise this workstation — enrol again "
            "(a new code from your administrator)",
        ),
        "sync.not_enrolled": (
            "Робоче місце ще не зареєстровано в реєстрі — заяви зберігаються лише тут. "
            "Виконайте «frontdesk enrol»",
            "This workstation is not enrolled with the registry — applications stay here. "
            "Run «frontdesk enrol»",
        ),
        "sync.enrolment_unanswered": (
            "Реєстр не відповів (немає зв'язку або відповідь загубилася дорогою). Спробуйте "
            "ще раз, коли буде зв'язок, з тим самим кодом: якщо реєстр уже зареєстрував це "
            "робоче місце, він його впізнає",
            "The registry did not answer (no connection, or the answer was lost on the way). "
            "Try again when connected, with the same code: if the registry enrolled this "
            "workstation already, it recognises it",
        ),
        "sync.enrolment_refused": (
            "Код реєстрації не прийнято: {why_uk}",
            "The enrolment code was refused: {why}",
        ),
        "sync.protocol": (
            "Реєстр відповів незрозуміло — зверніться до адміністратора",
            "The registry gave an answer this program does not understand — call your "
            "administrator",
        ),
        "sync.web_page": (
            "Замість реєстру відповіла вебсторінка — можливо, ця мережа просить увійти (як "
            "Wi-Fi у кафе чи готелі): відкрийте браузер і увійдіть. Заяви збережено, будуть "
            "надіслані, щойно реєстр буде доступний",
            "A web page answered instead of the registry — this network may want you to "
            "sign in (as a café's or hotel's Wi-Fi does): open a browser and sign in. The "
            "applications are saved and will be sent once the registry can be reached",
        ),
        "sync.redirected": (
            "Реєстр переспрямовує запити на іншу адресу ({target}) — заяви туди не "
            "надсилаються. Перевірте адресу реєстру (має бути та, що дав адміністратор, з "
            "https://) або зверніться до адміністратора. Заяви збережено тут",
            "The registry redirects requests to another address ({target}) — applications are "
            "not sent there. Check the registry's address (the one your administrator gave, "
            "with https://) or call your administrator. The applications are kept here",
        ),
        "sync.response_too_large": (
            "Реєстр надіслав завелику відповідь (понад {megabytes} МБ) — її не прочитано. "
            "Зверніться до адміністратора. Заяви збережено тут",
            "The registry sent too large an answer (over {megabytes} MB) — it was not read. "
            "Call your administrator. The applications are kept here",
        ),
        "sync.certificate": (
            "Не вдалося перевірити сертифікат реєстру. Якщо ця мережа просить увійти (як "
            "Wi-Fi у кафе чи готелі, яка підміняє сайти своєю сторінкою) — відкрийте браузер "
            "і увійдіть; інакше перевірте адресу реєстру або файл сертифікатів. Заяви "
            "збережено тут",
            "The registry's certificate could not be verified. If this network wants you to "
            "sign in (as a café's or hotel's Wi-Fi does, putting its own page in place of "
            "sites) — open a browser and sign in; otherwise check the registry's address or "
            "the CA certificates file. The applications are kept here",
        ),
        "sync.enrolment_web_page": (
            "Замість реєстру відповіла вебсторінка — можливо, ця мережа просить увійти (як "
            "Wi-Fi у кафе чи готелі): відкрийте браузер, увійдіть і спробуйте знову. Код "
            "реєстрації не використано",
            "A web page answered instead of the registry — this network may want you to "
            "sign in (as a café's or hotel's Wi-Fi does): open a browser, sign in and try "
            "again. The enrolment code was not used",
        ),
        "sync.batch_too_large": (
            "Реєстр або проксі-сервер мережі не приймає навіть одну заяву: запит завеликий — "
            "зверніться до адміністратора. Заяви збережено тут",
            "The registry, or the network's proxy server, does not take even one application: "
            "the request is too large — call your administrator. The applications are kept "
            "here",
        ),
        "sync.enrolment_proxy": (
            "Не під'єднано: проксі-сервер цієї мережі не пропускає до реєстру (просить вхід "
            "або інших налаштувань) — зверніться до адміністратора, потім спробуйте знову. "
            "Код реєстрації не використано",
            "Not connected: this network's proxy server does not let requests through to the "
            "registry (it asks for a sign-in or other settings) — call your administrator, "
            "then try again. The enrolment code was not used",
        ),
        "sync.proxy": (
            "Проксі-сервер цієї мережі не пропускає до реєстру (просить вхід або інших "
            "налаштувань) — зверніться до адміністратора. Заяви збережено, будуть надіслані, "
            "щойно реєстр буде доступний",
            "This network's proxy server does not let requests through to the registry (it "
            "asks for a sign-in or other settings) — call your administrator. The "
            "applications are saved and will be sent once the registry can be reached",
        ),
        "sync.certificate_not_yet_valid": (
            "Сертифікат реєстру ще не чинний за годинником цього комп'ютера, а на ньому зараз "
            "{laptop_time} — схоже, годинник відстає. Перевірте дату й час комп'ютера, "
            "виправте їх і синхронізуйте знову; якщо дата й час правильні — зверніться до "
            "адміністратора. Заяви збережено тут",
            "The registry's certificate is not valid yet by this computer's clock, which says "
            "{laptop_time} — the clock is probably behind. Check the computer's date and time, "
            "correct them and sync again; if the date and time are right, call your "
            "administrator. The applications are kept here",
        ),
        "sync.certificate_clock_behind": (
            "Годинник цього комп'ютера відстає: на ньому зараз {laptop_time}, а в реєстрі під "
            "час останньої синхронізації було вже {registry_time}. Тому сертифікат реєстру "
            "видається ще не чинним. Перевірте й виправте дату й час комп'ютера і "
            "синхронізуйте знову. Заяви збережено тут",
            "This computer's clock is behind: it says {laptop_time}, while the registry's time "
            "at the last sync was already {registry_time}. That is why the registry's "
            "certificate looks not valid yet. Check and correct the computer's date and time, "
            "and sync again. The applications are kept here",
        ),
        "sync.certificate_expired": (
            "Строк дії сертифіката реєстру минув за годинником цього комп'ютера, а на ньому "
            "зараз {laptop_time}. Перевірте дату й час комп'ютера: якщо годинник поспішає, "
            "виправте його і синхронізуйте знову; якщо дата й час правильні — сертифікат "
            "реєстру справді прострочено, зверніться до адміністратора. Заяви збережено тут",
            "The registry's certificate has expired by this computer's clock, which says "
            "{laptop_time}. Check the computer's date and time: if the clock is ahead, correct "
            "it and sync again; if the date and time are right, the registry's certificate "
            "really has expired — call your administrator. The applications are kept here",
        ),
    }
)
