"""Operations for the IT person: backup, restore, diagnose."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import Any

from frontdesk import backup as backups
from frontdesk.cli.common import (
    APPLICATIONS,
    Failed,
    command_line_user,
    counted,
    lang,
    open_profile,
    profile_dir,
    say,
)
from frontdesk.diagnostics import collect_unopened, write_json, write_report
from frontdesk.errors import FrontDeskError, ProfileExists
from frontdesk.profile import Profile
from frontdesk.store import retention
from frontdesk.store.audit import stamp
from frontdesk.store.decision_time import laptop_behind, registry_time
from frontdesk.text import local_time


def register(sub: Any) -> None:
    save = sub.add_parser(
        "backup",
        help=say(
            "записати зашифровану копію профілю (можна й тоді, коли програма працює)",
            "write an encrypted copy of the profile (safe while the app runs)",
        ),
    )
    save.add_argument(
        "file",
        type=Path,
        nargs="?",
        metavar=say("ФАЙЛ", "FILE"),
        help=say("файл резервної копії, який записати", "the backup file to write"),
    )
    save.add_argument(
        "--auto",
        action="store_true",
        help=say("щоденна резервна копія, якщо настав її час", "the daily backup, if one is due"),
    )
    save.add_argument(
        "--schedule",
        type=Path,
        metavar=say("ТЕКА", "FOLDER"),
        help=say(
            "щодня робити копію в ТЕКУ (її пароль зберігається у сховищі паролів системи)",
            "back up daily into FOLDER (passphrase kept in the keyring)",
        ),
    )
    save.add_argument(
        "--keep",
        type=int,
        default=7,
        metavar="N",
        help=say(
            "з --schedule: скільки копій зберігати (типово 7)",
            "with --schedule: how many to keep (default 7)",
        ),
    )
    save.set_defaults(handler=backup_command)

    back = sub.add_parser(
        "restore",
        help=say("відновити профіль із резервної копії", "restore the profile from a backup"),
    )
    back.add_argument(
        "file",
        type=Path,
        metavar=say("ФАЙЛ", "FILE"),
        help=say("файл резервної копії", "the backup file"),
    )
    back.set_defaults(handler=restore_command)

    diagnose = sub.add_parser(
        "diagnose",
        help=say(
            "записати файл діагностики (без персональних даних)",
            "write a diagnostics file (no personal data)",
        ),
    )
    diagnose.add_argument(
        "--output",
        type=Path,
        metavar=say("ФАЙЛ", "FILE"),
        help=say("куди (типово: файл у поточній теці)", "where (default: a file in this folder)"),
    )
    diagnose.set_defaults(handler=diagnose_command)

    keep = sub.add_parser(
        "retention",
        help=say(
            "строк зберігання персональних даних вирішених заяв на цьому комп'ютері",
            "how long decided cases' personal data stays on this computer",
        ),
    )
    keep.add_argument(
        "--days",
        type=int,
        metavar="N",
        help=say(
            f"зберігати N днів після рішення (від {retention.MIN_DAYS} до "
            f"{retention.MAX_DAYS}; типово {retention.DEFAULT_DAYS})",
            f"keep N days after the decision ({retention.MIN_DAYS} to {retention.MAX_DAYS}; "
            f"default {retention.DEFAULT_DAYS})",
        ),
    )
    keep.add_argument(
        "--run",
        action="store_true",
        help=say(
            "видалити зараз те, чий строк минув (програма робить це сама щодня)",
            "remove now what is due (the app does it by itself daily)",
        ),
    )
    keep.set_defaults(handler=retention_command)


def _passphrase(confirm: bool) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(say("Пароль резервної копії: ", "Backup passphrase: "))
    if confirm and getpass.getpass(say("Ще раз: ", "Again: ")) != first:
        raise Failed(say("Паролі не збігаються", "The passphrases differ"))
    return first


def backup_command(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        if args.schedule:
            backups.configure_auto_backup(profile, args.schedule, args.keep, _passphrase(True))
            print(
                say(
                    f"Щоденна резервна копія: {args.schedule} (зберігати {args.keep})",
                    f"Daily backup: {args.schedule} (keep {args.keep})",
                )
            )
            return 0
        if args.auto:
            made = backups.auto_backup(profile)
            print(
                say(f"Резервну копію записано: {made.path}", f"Backup written: {made.path}")
                if made
                else say("Резервна копія не потрібна", "No backup due")
            )
            return 0
        if args.file is None:
            raise Failed(
                say(
                    "Вкажіть файл резервної копії, --auto або --schedule ТЕКА",
                    "Give a backup file, --auto or --schedule FOLDER",
                )
            )
        info = backups.backup(profile, args.file, _passphrase(True))
        profile.applications.note_access(command_line_user(), "backup", str(info.applications))
    applications = counted(info.applications, *APPLICATIONS)
    size = counted(info.size, ("байт", "байти", "байтів"), ("byte", "bytes"))
    print(
        say(
            f"Резервну копію записано: {info.path} ({applications}, {size})",
            f"Backup written: {info.path} ({applications}, {size})",
        )
    )
    return 0


def restore_command(args: argparse.Namespace) -> int:
    root = profile_dir(args)
    try:
        restored = backups.restore(args.file, root, _passphrase(False))
    except ProfileExists as exc:
        raise Failed(
            say(
                f"У теці {root} уже є профіль, і відновлення його не замінює — нічого не "
                "змінено. Вкажіть іншу теку профілю: --data-dir ТЕКА (нову або порожню)",
                f"{root} already holds a profile, and a restore never replaces one — nothing "
                "was changed. Give another profile folder: --data-dir FOLDER (new or empty)",
            )
        ) from exc
    with restored as profile:
        count = profile.applications.count()
    applications = counted(count, *APPLICATIONS)
    print(
        say(
            f"Профіль відновлено: {root} ({applications})",
            f"Profile restored: {root} ({applications})",
        )
    )
    return 0


def diagnose_command(args: argparse.Namespace) -> int:
    output = args.output or Path(f"frontdesk-diagnostics-{dt.datetime.now():%Y%m%d-%H%M%S}.json")
    try:
        profile = open_profile(args)
    except FrontDeskError as exc:  # support needs the report most when the profile won't open
        write_json(collect_unopened(profile_dir(args), exc), output)
        print(exc.message(lang()), file=sys.stderr)
        print(
            say(
                f"Профіль не відкривається; записано часткову діагностику: {output}",
                f"The profile does not open; partial diagnostics written: {output}",
            )
        )
        return 1
    with profile:
        write_report(profile, output)
    print(say(f"Діагностику записано: {output}", f"Diagnostics written: {output}"))
    return 0


def _say_clock(profile: Profile) -> None:
    """By whose clock the period is counted (laptop clocks are often wrong)."""
    registry_now = registry_time(profile.db)
    if registry_now is None:
        print(
            say(
                "Реєстр ще не повідомляв свого часу: строк рахується за годинником цього "
                "комп'ютера",
                "The registry has not told its time yet: the period is counted by this "
                "computer's clock",
            )
        )
        return
    when = local_time(stamp(registry_now))
    print(
        say(
            "Строк рахується за обома годинниками, цього комп'ютера і реєстру (його час під "
            f"час останньої синхронізації: {when}): дані видаляються, коли строк минув за "
            "обома",
            "The period is counted by both clocks, this computer's and the registry's (its "
            f"time at the last sync: {when}): data is removed once it has passed by both",
        )
    )
    if laptop_behind(registry_now, profile.applications.now()):
        print(
            say(
                "Годинник цього комп'ютера відстає від реєстру більш ніж на добу: перевірте "
                "дату й час (поки вони розходяться, дані видаляються пізніше, не раніше)",
                "This computer's clock is more than a day behind the registry's: check its "
                "date and time (while they differ, data is removed later, never earlier)",
            )
        )


def retention_command(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        if args.days is not None:
            profile.set_setting(retention.RETENTION_KEY, str(retention.check_days(args.days)))
        days = retention.retention_days(profile.setting(retention.RETENTION_KEY))
        period = counted(days, ("день", "дні", "днів"), ("day", "days"))
        print(
            say(
                "Персональні дані вирішених заяв (задоволено, відмовлено) зберігаються тут "
                f"{period} після рішення; справу зберігає реєстр",
                "Personal data of decided cases (granted, refused) stays here "
                f"{period} after the decision; the registry keeps the case",
            )
        )
        _say_clock(profile)
        if args.run:
            removed = retention.remove_expired(profile)
            print(
                say(
                    f"Персональні дані видалено: {counted(removed, *APPLICATIONS)}",
                    f"Personal data removed: {counted(removed, *APPLICATIONS)}",
                )
            )
        else:
            waiting = counted(retention.due_count(profile), *APPLICATIONS)
            print(say(f"Строк минув: {waiting}", f"Due now: {waiting}"))
    return 0
