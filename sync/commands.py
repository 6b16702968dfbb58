"""``frontdesk enrol``, ``frontdesk sync``, ``frontdesk status``: sync from the command line.

Registering these commands imports no HTTP stack: every start of ``frontdesk`` (the app
too) builds the command line, and only these commands talk to the registry.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from typing import TYPE_CHECKING, Any

from frontdesk import __version__
from frontdesk.cli import signin
from frontdesk.cli.common import open_profile
from frontdesk.command_language import lang, say
from frontdesk.daily_backup import AUTO_FOLDER_KEY, last_failure
from frontdesk.errors import FrontDeskError
from frontdesk.messages import refusal_text
from frontdesk.secrets import DEVICE_TOKEN
from frontdesk.text import local_time
from sync.errors import NeedsEnrolment, NotEnrolled

if TYPE_CHECKING:
    from frontdesk.profile import Profile
    from sync.reports import SyncReport


def register(sub: Any) -> None:
    enrolling = sub.add_parser(
        "enrol",
        help=say(
            "зареєструвати це робоче місце в реєстрі", "enrol this workstation with the registry"
        ),
    )
    enrolling.add_argument(
        "--registry",
        required=True,
        metavar=say("АДРЕСА", "URL"),
        help=say("адреса реєстру (https://…)", "the registry's address (https://…)"),
    )
    enrolling.add_argument(
        "--code",
        required=True,
        metavar=say("КОД", "CODE"),
        help=say("одноразовий код від адміністратора", "one-time code from the administrator"),
    )
    enrolling.add_argument(
        "--ca-bundle",
        metavar=say("ФАЙЛ", "FILE"),
        help=say(
            "сертифікати центрів сертифікації для реєстру", "CA certificates for the registry"
        ),
    )
    signin.add_option(
        enrolling,
        "увійти як цей оператор (пароль — із запиту або першого рядка стандартного вводу); "
        "потрібно, коли на робочому місці є оператори: після реєстрації заяви йдуть до цього "
        f"реєстру; також {signin.OPERATOR_ENV}",
        "sign in as this operator (password from a prompt or the first line of stdin); needed "
        "once the workstation has operators: once enrolled, applications go to this registry; "
        f"also {signin.OPERATOR_ENV}",
    )
    enrolling.set_defaults(handler=enrol_command)

    syncing = sub.add_parser(
        "sync",
        help=say("надіслати заяви й отримати рішення", "send applications and fetch decisions"),
    )
    syncing.add_argument(
        "--once",
        action="store_true",
        help=say("виконати один обмін і вийти", "one round, then exit"),
    )
    syncing.add_argument(
        "--interval",
        type=float,
        default=60.0,
        metavar=say("СЕКУНДИ", "SECONDS"),
        help=say("секунд між обмінами (типово 60)", "seconds between rounds (default 60)"),
    )
    syncing.set_defaults(handler=sync_command)

    status = sub.add_parser(
        "status",
        help=say(
            "що чекає надсилання та коли була остання синхронізація",
            "what is waiting to be sent, and the last sync",
        ),
    )
    status.add_argument("--json", action="store_true", help=say("вивести JSON", "print JSON"))
    status.set_defaults(handler=status_command)
    from sync import demo  # (here: the app's start with nothing typed registers no command)

    demo.register(sub)


def enrol_command(args: argparse.Namespace) -> int:
    from sync.workstation import enrol

    with open_profile(args) as profile:
        # Once enrolled, every application here (those already delivered too: the feed is
        # read from its start) goes to that registry: not for anyone at the computer's
        # account, as reading them with ``export`` is not.
        who = signin.signed_in(profile, args)
        enrolment = enrol(profile, args.registry, args.code, args.ca_bundle, who=who)
    community = enrolment.community_name or enrolment.community
    print(
        say(
            f"Робоче місце зареєстровано: громада {community}",
            f"Workstation enrolled: community {community}",
        )
    )
    return 0


def sync_command(args: argparse.Namespace) -> int:
    from sync.loop import SyncLoop
    from sync.reports import SyncReport
    from sync.workstation import connect

    with open_profile(args) as profile:
        try:
            engine, transport = connect(profile, progress=_waiting_told)
        except NotEnrolled as exc:  # (what ``status`` then tells: a restore on a new laptop)
            profile.outbox.record_error(exc.code, exc.detail, exc.params)
            raise
        tell = _Rounds(profile)
        try:
            if args.once:
                report = SyncReport()
                try:
                    engine.sync_once(report)
                except FrontDeskError as exc:
                    profile.outbox.record_error(exc.code, exc.detail, exc.params)
                    tell(report if report.changed_anything else None)
                    raise
                tell(report)
                return 3 if report.push.quarantined else 0
            loop = SyncLoop(
                engine,
                record_error=profile.outbox.record_error,
                interval=args.interval,
                on_round=tell,
            )
            signal.signal(signal.SIGTERM, lambda *_: loop.stop())
            try:
                error = loop.run()
            except KeyboardInterrupt:
                return 0
            if isinstance(error, NeedsEnrolment):
                return 4  # (said by the round that met it: _Rounds)
            return 0
        finally:
            transport.close()


def _waiting_told(stage: str, _done: int, _count: int) -> None:
    """Another program's round holds the profile (the app's sync): say why nothing moves."""
    if stage == "wait":
        print(
            say(
                "Цей профіль саме синхронізує інша програма (FrontDesk чи інша команда "
                "frontdesk sync): чекаю, доки вона закінчить…",
                "Another program is syncing this profile right now (FrontDesk, or another "
                "'frontdesk sync'): waiting for it to finish…",
            ),
            file=sys.stderr,
            flush=True,
        )


def status_command(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        status = profile.outbox.status()
        quarantined = profile.outbox.quarantined()
        backup_failed = last_failure(profile)
        daily_folder = profile.setting(AUTO_FOLDER_KEY) or ""
        # Which laptop this is: the IT person checks it after setting up many of them.
        workstation, community = profile.workstation, profile.community
        place = profile.places.get(community) if profile.places.loaded else None
        folder = profile.root.absolute()
        # (a profile restored on another computer names its registry, but this computer's
        # keyring has no token for it)
        enrolled = bool(status.registry) and bool(profile.secrets.get(DEVICE_TOKEN))
    if args.json:
        data = {
            "workstation": workstation,
            "community": community,
            "profile_folder": str(folder),
            **status.to_dict(),
            "enrolled": enrolled,
        }
        data["quarantined_items"] = [
            {"number": q.number, "revision": q.revision, "reason": q.reason} for q in quarantined
        ]
        data["daily_backup_folder"] = daily_folder or None
        if backup_failed is not None:
            data["daily_backup_failed"] = {"at": backup_failed.at, **backup_failed.reasons}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    named = f" ({place.long_label_in(lang())})" if place is not None else ""
    print(
        say(
            f"Робоче місце: {workstation}, громада {community}{named}; FrontDesk {__version__}",
            f"Workstation: {workstation}, community {community}{named}; FrontDesk {__version__}",
        )
    )
    print(say("Тека профілю", "Profile folder") + f": {folder}")
    registry = status.registry or say("не під'єднано", "not connected")
    if status.registry and not enrolled:
        registry += say(
            " — на цьому комп'ютері робоче місце там не зареєстровано (немає його ключа "
            "доступу: профіль відновлено з копії чи перенесено). Заяви зберігаються лише тут; "
            "виконайте «frontdesk enrol» з новим кодом від адміністратора",
            " — this workstation is not enrolled there on this computer (no access token "
            "here: the profile was restored from a backup or moved). Applications stay here; "
            "run «frontdesk enrol» with a new code from your administrator",
        )
    print(say("Реєстр", "Registry") + f": {registry}")
    print(
        say("Очікують надсилання", "Waiting to be sent") + f": {status.pending + status.in_flight}"
    )
    # (the journal's words: "to be corrected" read as the back office's return)
    print(say("Не прийнято реєстром", "Not accepted by the registry") + f": {status.quarantined}")
    last = local_time(status.last_success) or say("ще не було", "none yet")
    print(say("Остання успішна синхронізація", "Last successful sync") + f": {last}")
    if status.last_error:
        print(say("Остання помилка", "Last error") + f": {status.error_message(lang())}")
    daily = daily_folder or say(
        "не налаштовано — frontdesk backup --schedule ТЕКА",
        "not set up — frontdesk backup --schedule FOLDER",
    )
    print(say("Щоденна резервна копія", "Daily backup") + f": {daily}")
    if backup_failed is not None:  # (until a daily copy is made again)
        when = local_time(backup_failed.at)
        print(
            say("Щоденну резервну копію не зроблено", "The daily backup failed")
            + f" ({when}): {backup_failed.message(lang())}"
        )
    for item in quarantined:
        revision = say("ред.", "rev.")
        print(f"  {item.number} ({revision} {item.revision}): {_reason(item.reason)}")
    return 0


def _reason(reason: dict[str, Any]) -> str:
    return "; ".join(refusal_text(reason, lang(), fields=True))


class _Rounds:
    """Prints each round, and each renumbering once: from the audit, so a round that
    failed after one (a later batch, the pull) still tells it."""

    def __init__(self, profile: Profile) -> None:
        self._renumberings = profile.outbox.renumberings()

    def __call__(self, report: SyncReport | None, error: FrontDeskError | None = None) -> None:
        """``report`` with an ``error``: what the round did before it failed."""
        if report is not None:
            push, pull = report.push, report.pull
            print(
                say(
                    f"Надіслано: {push.delivered}, не прийнято: {push.quarantined}, "
                    f"змін отримано: {len(pull.applied)}",
                    f"Sent: {push.delivered}, not accepted: {push.quarantined}, "
                    f"changes received: {len(pull.applied)}",
                ),
                flush=True,
            )
            if pull.sent_again:
                print(
                    say(
                        f"Реєстр більше не мав {pull.sent_again} заяв(и), уже доставлених "
                        "звідси (його відновлено з давнішої копії чи налаштовано заново): "
                        "їх надіслано знову.",
                        f"The registry no longer held {pull.sent_again} application(s) "
                        "delivered from here (restored from an older copy, or set up anew): "
                        "they were sent again.",
                    ),
                    flush=True,
                )
        if error is not None:
            print(error.message(lang()), file=sys.stderr, flush=True)
        self.renumberings()

    def renumberings(self) -> None:
        for old, new in self._renumberings.untold():
            print(
                say(
                    f"Заява {old} отримала номер {new}: у реєстрі вже була заява з номером "
                    f"{old}. Видайте заявнику нову розписку.",
                    f"Application {old} got the number {new}: the registry already had an "
                    f"application numbered {old}. Give the applicant a new receipt.",
                ),
                flush=True,
            )
