"""Operations for the IT person: backup, restore, diagnose."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from pathlib import Path
from typing import Any

from frontdesk import backup as backups
from frontdesk import daily_backup
from frontdesk.cli import signin
from frontdesk.cli.common import (
    Failed,
    Progress,
    open_profile,
    profile_dir,
    read_piped_secret_as_sent,
)
from frontdesk.command_language import APPLICATIONS, counted, lang, say
from frontdesk.errors import FrontDeskError, ProfileExists
from frontdesk.profile import Profile
from frontdesk.secrets import DEVICE_TOKEN
from frontdesk.store import retention
from frontdesk.store.audit import stamp
from frontdesk.store.decision_time import laptop_behind, registry_time
from frontdesk.store.outbox import REGISTRY_KEY
from frontdesk.text import local_time
from frontdesk.worktime import kyiv_now


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
        "--schedule-off",
        action="store_true",
        help=say(
            "більше не робити щоденних копій (уже зроблені лишаються в теці)",
            "stop the daily backups (the copies made stay in their folder)",
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
    signin.add_option(
        save,
        "увійти як цей оператор, щоб записати копію, задати щоденну чи вимкнути її (у копії "
        "всі персональні дані; пароль — із запиту або першого рядка стандартного вводу, "
        f"перед паролем копії); --auto його не потребує; також {signin.OPERATOR_ENV}",
        "sign in as this operator to write a backup, or set up or stop the daily one (a "
        "backup holds all personal data; password from a prompt or the first line of stdin, "
        f"before the backup passphrase); --auto needs none; also {signin.OPERATOR_ENV}",
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
    signin.add_option(
        keep,
        "увійти як цей оператор для --days чи --run (вони змінюють, скільки зберігаються "
        "персональні дані, чи видаляють їх; пароль — із запиту або першого рядка "
        f"стандартного вводу); також {signin.OPERATOR_ENV}",
        "sign in as this operator for --days or --run (they change how long personal data "
        "stays, or remove it; password from a prompt or the first line of stdin); also "
        f"{signin.OPERATOR_ENV}",
    )
    keep.set_defaults(handler=retention_command)


def _passphrase(confirm: bool) -> str:
    return _passphrases(confirm)[0]


def _passphrases(confirm: bool) -> list[str]:
    """The backup passphrase typed at a prompt, or piped in as the passwords are (UTF-8,
    the spaces around it left out: read_piped_secret); piped, also the line as it came,
    which earlier versions took whole ("echo phrase | …" in cmd adds a space): a copy
    made so is still restored."""
    if sys.stdin is None or not sys.stdin.isatty():
        password, as_sent = read_piped_secret_as_sent()
        return [password] if as_sent == password else [password, as_sent]
    first = getpass.getpass(say("Пароль резервної копії: ", "Backup passphrase: "))
    if not first:
        raise Failed(say("Пароль резервної копії не введено", "No backup passphrase was typed"))
    if confirm and getpass.getpass(say("Ще раз: ", "Again: ")) != first:
        raise Failed(say("Паролі не збігаються", "The passphrases differ"))
    return [first]


def backup_command(args: argparse.Namespace) -> int:
    if args.file is None and not args.auto and not args.schedule and not args.schedule_off:
        raise Failed(
            say(
                "Вкажіть файл резервної копії, --auto, --schedule ТЕКА або --schedule-off",
                "Give a backup file, --auto, --schedule FOLDER or --schedule-off",
            )
        )
    if args.schedule_off and (args.file is not None or args.auto or args.schedule):
        raise Failed(
            say(
                "--schedule-off вказують окремо (без файлу, --auto чи --schedule)",
                "--schedule-off goes alone (no file, --auto or --schedule)",
            )
        )
    with open_profile(args) as profile:
        if args.schedule_off:  # (signed in, as setting it up is: no copies from now on)
            who = signin.signed_in(profile, args)
            was = profile.setting(daily_backup.AUTO_FOLDER_KEY)
            daily_backup.disable_auto_backup(profile)
            profile.applications.note_access(who, "backup_unscheduled")
            print(
                say(
                    f"Щоденну резервну копію вимкнено; зроблені копії лишаються в {was}",
                    f"Daily backups are off; the copies made stay in {was}",
                )
                if was
                else say(
                    "Щоденної резервної копії й не було налаштовано",
                    "No daily backup was set up",
                )
            )
            return 0
        # (the app does it by itself: where and with what passphrase was set up signed in)
        if args.auto and not args.schedule:
            # A scheduler's task on a profile with none set up made no copies, and was told
            # "No backup due" (exit status 0) day after day.
            if not profile.setting(daily_backup.AUTO_FOLDER_KEY):
                raise Failed(
                    say(
                        "Щоденну резервну копію не налаштовано, тож її не зроблено. Налаштуйте "
                        "її: frontdesk backup --schedule ТЕКА --operator ЛОГІН (або в програмі: "
                        "Обслуговування → Щоденне резервне копіювання)",
                        "No daily backup is set up, so none was made. Set it up: frontdesk "
                        "backup --schedule FOLDER --operator LOGIN (or in the app: Service → "
                        "Daily backup)",
                    )
                )
            try:
                made = daily_backup.auto_backup(profile)
            except backups.DailyPassphraseMissing as exc:
                raise Failed(
                    say("Щоденну копію не зроблено: ", "No daily backup was made: ")
                    + exc.message(lang())
                ) from exc
            print(
                say(f"Резервну копію записано: {made.path}", f"Backup written: {made.path}")
                if made
                else say("Резервна копія не потрібна", "No backup due")
            )
            return 0
        # A backup holds every application, and whoever knows its passphrase reads it.
        who = signin.signed_in(profile, args)
        if args.schedule:
            daily_backup.configure_auto_backup(profile, args.schedule, args.keep, _passphrase(True))
            profile.applications.note_access(who, "backup_scheduled", str(args.keep))
            print(
                say(
                    f"Щоденна резервна копія: {args.schedule} (зберігати {args.keep})",
                    f"Daily backup: {args.schedule} (keep {args.keep})",
                )
            )
            return 0
        # (in the access log before the copy: an entry failing after it said "not written")
        info = backups.logged_backup(profile, args.file, _passphrase(True), who)
    applications = counted(info.applications, *APPLICATIONS)
    size = counted(info.size, ("байт", "байти", "байтів"), ("byte", "bytes"))
    print(
        say(
            f"Резервну копію записано: {info.path} ({applications}, {size})",
            f"Backup written: {info.path} ({applications}, {size})",
        )
    )
    return 0


def _restore_with_any(source: Path, root: Path, passphrases: list[str]) -> Profile:
    """Restored with the first of ``passphrases`` that fits (the last one's refusal is
    the one said)."""
    for passphrase in passphrases[:-1]:
        try:
            return backups.restore(source, root, passphrase)
        except backups.WrongPassphrase:
            continue
    return backups.restore(source, root, passphrases[-1])


def restore_command(args: argparse.Namespace) -> int:
    root = profile_dir(args)
    passphrases = _passphrases(False)
    try:
        restored = _restore_with_any(args.file, root, passphrases)
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
        # (on another laptop: its keyring never had the daily backup's passphrase)
        daily_unkeyed = bool(profile.setting(daily_backup.AUTO_FOLDER_KEY)) and not (
            profile.secrets.get(backups.PASSPHRASE_SECRET)
        )
        # (the registry's token for the laptop copied is in that laptop's keyring)
        registry = profile.outbox.setting(REGISTRY_KEY)
        unenrolled = bool(registry) and not profile.secrets.get(DEVICE_TOKEN)
    applications = counted(count, *APPLICATIONS)
    print(
        say(
            f"Профіль відновлено: {root} ({applications})",
            f"Profile restored: {root} ({applications})",
        )
    )
    if daily_unkeyed:
        print(
            say("Зверніть увагу: ", "Mind: ") + backups.DailyPassphraseMissing().message(lang()),
            file=sys.stderr,
        )
    if unenrolled:
        print(
            say(
                f"Зверніть увагу: на цьому комп'ютері робоче місце ще не зареєстровано в "
                f"реєстрі {registry} — доти заяви лишаються тут. Попросіть в адміністратора "
                "реєстру новий код (і відкликати старий ноутбук, якщо його замінено) та "
                f"виконайте: frontdesk enrol --registry {registry} --code КОД",
                f"Mind: on this computer the workstation is not enrolled with the registry "
                f"{registry} yet — until then applications stay here. Ask the registry's "
                "administrator for a new code (and to revoke the old laptop, if it was "
                f"replaced), then run: frontdesk enrol --registry {registry} --code CODE",
            ),
            file=sys.stderr,
        )
    return 0


def diagnose_command(args: argparse.Namespace) -> int:
    # (here, not at the top: it loads importlib.metadata, which the GUI's start never needs)
    from frontdesk.diagnostics import collect_unopened, write_json, write_report

    output = args.output or Path(f"frontdesk-diagnostics-{kyiv_now():%Y%m%d-%H%M%S}.json")
    # Named in full: from an administrator's prompt the folder it is in is System32, and a
    # bare file name sent nobody to it.
    output = output.expanduser().absolute()
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


def _remove_with_progress(profile: Profile, who: str) -> int:
    """The run, with a progress bar on a terminal (minutes on a profile of some years:
    the IT person saw nothing after the heading), and on Ctrl+C how far it got."""
    bar = Progress(say("Видалення персональних даних", "Removing personal data"))
    reached = [0, 0]  # (cases gone through, of how many)

    def progress(done: int, total: int) -> None:
        reached[:] = [done, total]
        bar(done, total)

    removed = 0
    try:
        removed = retention.remove_expired(profile, progress=progress)
    except KeyboardInterrupt:
        bar.done()
        done, total = reached
        print(
            say(
                f"Видалення перервано (Ctrl+C): опрацьовано справ — {done} з {total}; з "
                "опрацьованих персональні дані видалено. Запустіть знову: буде видалено "
                "решту.",
                f"Removal interrupted (Ctrl+C): {done} of {total} cases gone through; "
                "their personal data is removed. Run it again to remove the rest.",
            ),
            file=sys.stderr,
        )
        removed = done
        raise
    finally:
        with contextlib.suppress(FrontDeskError):  # (the disk full: said already)
            profile.applications.note_access(who, "retention_run", str(removed))
    return removed


def retention_command(args: argparse.Namespace) -> int:
    asked = None if args.days is None else retention.check_days(args.days)
    with open_profile(args) as profile:
        # Reading the period and counting is anyone's; changing it or removing is signed.
        who = signin.signed_in(profile, args) if asked is not None or args.run else ""
        if asked is not None:
            profile.set_setting(retention.RETENTION_KEY, str(asked))
            profile.applications.note_access(who, "retention_days_set", str(asked))
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
            removed = _remove_with_progress(profile, who)
            print(
                say(
                    f"Персональні дані видалено: {counted(removed, *APPLICATIONS)}",
                    f"Personal data removed: {counted(removed, *APPLICATIONS)}",
                )
            )
        else:
            waiting = counted(retention.due_count(profile), *APPLICATIONS)
            print(say(f"Строк минув: {waiting}", f"Due now: {waiting}"))
        stale = retention.stale_drafts(profile.db, profile.applications.now(), days)
        if stale:  # (retention never removes them: a worker finishes or discards them)
            drafts = counted(stale, ("чернетка", "чернетки", "чернеток"), ("draft", "drafts"))
            print(
                say(
                    f"Без змін понад {period}: {drafts} з персональними даними — завершіть "
                    "або видаліть їх (frontdesk list --status draft)",
                    f"Not changed for over {period}: {drafts} holding personal data — finish "
                    "or discard them (frontdesk list --status draft)",
                )
            )
    return 0
