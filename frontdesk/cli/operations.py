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
from frontdesk.errors import FrontDeskError


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
    with backups.restore(args.file, root, _passphrase(False)) as profile:
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
