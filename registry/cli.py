"""``frontdesk-registry``: run the registry and administer it from a terminal.

Every command works on the database named by ``--database``, else
``FRONTDESK_REGISTRY_DATABASE``, else ``sqlite:///registry.db`` in the
current folder. Known errors print one line on stderr and exit 1. It speaks Ukrainian
unless FRONTDESK_LANG=en, as the workstation's command line does (the back office reads it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.exc import DataError, OperationalError

from frontdesk.command_language import Parser, lang, say
from registry.backoffice import DECISIONS, LISTED_STATUSES
from registry.commands import (
    Command,
    cmd_admin_token,
    cmd_attachments,
    cmd_blobs_sweep,
    cmd_catalog_publish,
    cmd_community_add,
    cmd_community_list,
    cmd_decide,
    cmd_device_list,
    cmd_device_revoke,
    cmd_enrolment_code,
    cmd_list,
    cmd_serve,
    cmd_show,
)
from registry.errors import RegistryError
from registry.service import ADMIN_TOKEN_ENV, DEFAULT_BLOBS
from registry.sweep import DEFAULT_GRACE_DAYS


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="frontdesk-registry",
        description=say(
            "Центральний реєстр FrontDesk. Мова: FRONTDESK_LANG=uk або en.",
            "The FrontDesk central registry. Language: FRONTDESK_LANG=uk or en.",
        ),
    )
    parser.add_argument(
        "--database",
        metavar=say("АДРЕСА", "URL"),
        help=say(
            "sqlite:///registry.db (типово) або postgresql+psycopg://user@host:port/db "
            "(postgres:// і postgresql://, як їх пише psql, теж); також "
            "FRONTDESK_REGISTRY_DATABASE",
            "sqlite:///registry.db (default) or postgresql+psycopg://user@host:port/db "
            "(postgres:// and postgresql:// as psql writes them work too); also "
            "FRONTDESK_REGISTRY_DATABASE",
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar=say("КОМАНДА", "COMMAND"))

    serve = sub.add_parser(
        "serve",
        help=say(
            "обслуговувати HTTP API до SIGTERM чи Ctrl+C",
            "run the HTTP API until SIGTERM or Ctrl+C",
        ),
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--port", type=int, default=8470, help=say("0 — вільний порт", "0 picks a free port")
    )
    serve.add_argument(
        "--blobs",
        type=Path,
        default=DEFAULT_BLOBS,
        help=say("тека вкладень", "attachments folder"),
    )
    serve.add_argument(
        "--sweep-older-than-days",
        type=_days_within(0, MAX_GRACE_DAYS),
        default=DEFAULT_GRACE_DAYS,
        metavar="N",
        help=say(
            "під час запуску й далі щодня видаляти скан-копії, на які не посилається жодна "
            f"заява, старші за N днів ({DEFAULT_GRACE_DAYS}); 0 — не видаляти (тоді "
            "`blobs sweep` за таймером)",
            "at start and then daily, remove scans no application refers to, older than N "
            f"days ({DEFAULT_GRACE_DAYS}); 0 does not (run `blobs sweep` from a timer then)",
        ),
    )
    serve.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    serve.add_argument(
        "--ssl-certfile",
        type=Path,
        metavar="PEM",
        help=say(
            "обслуговувати HTTPS із цим сертифікатом (ланцюжком); без нього — звичайний HTTP "
            "(за проксі TLS або для робочих місць на цьому комп'ютері)",
            "serve HTTPS with this certificate (chain); without it, plain HTTP (for a TLS "
            "proxy in front, or workstations on this computer)",
        ),
    )
    serve.add_argument(
        "--ssl-keyfile",
        type=Path,
        metavar="PEM",
        help=say("закритий ключ сертифіката", "the certificate's private key"),
    )
    serve.set_defaults(run=cmd_serve)

    action = say("ДІЯ", "ACTION")
    community = sub.add_parser("community", help=say("громади", "manage communities (hromadas)"))
    community_sub = community.add_subparsers(dest="action", required=True, metavar=action)
    add = community_sub.add_parser("add", help=say("додати громаду", "add a community"))
    add.add_argument(
        "code",
        metavar=say("КОД", "CODE"),
        help=say("код КАТОТТГ: UA і 17 цифр", "КАТОТТГ code: UA and 17 digits"),
    )
    add.add_argument("--name", required=True, help=say("назва громади", "the community's name"))
    add.set_defaults(run=cmd_community_add)
    listing = community_sub.add_parser("list", help=say("перелік громад", "list communities"))
    listing.add_argument("--json", action="store_true", help=say("масив JSON", "a JSON array"))
    listing.set_defaults(run=cmd_community_list)

    code = sub.add_parser(
        "enrolment-code",
        help=say("видати одноразовий код реєстрації", "print a one-time enrolment code"),
    )
    code.add_argument("community", metavar=say("ГРОМАДА", "COMMUNITY"))
    code.add_argument(
        "--days",
        type=_days_within(1, 365),  # (an enrolment code lives a day to a year)
        default=7,
        help=say("чинний стільки днів, 1–365 (7)", "valid for this many days, 1–365 (7)"),
    )
    code.set_defaults(run=cmd_enrolment_code)

    device = sub.add_parser(
        "device",
        help=say(
            "зареєстровані робочі місця: перелік, відкликання",
            "enrolled workstations: list, revoke",
        ),
    )
    device_sub = device.add_subparsers(dest="action", required=True, metavar=action)
    devices = device_sub.add_parser(
        "list", help=say("перелік зареєстрованих робочих місць", "list enrolled workstations")
    )
    _community_option(devices)
    devices.add_argument("--json", action="store_true", help=say("масив JSON", "a JSON array"))
    devices.set_defaults(run=cmd_device_list)
    revoke = device_sub.add_parser(
        "revoke",
        help=say(
            "зупинити токен робочого місця (загублений чи вкрадений ноутбук)",
            "stop a workstation's token from working (a lost or stolen laptop)",
        ),
    )
    revoke.add_argument(
        "device_id",
        metavar=say("ПРИСТРІЙ", "DEVICE"),
        help=say(
            "його ідентифікатор, як показує `device list`, або код робочого місця (ZT01)",
            "its id, as `device list` shows it, or the workstation code it holds (ZT01)",
        ),
    )
    _blobs_folder(revoke)
    revoke.set_defaults(run=cmd_device_revoke)

    token = sub.add_parser(
        "admin-token",
        help=say(
            "створити токен бек-офісу й показати його один раз (зберігається лише геш); "
            f"показує {ADMIN_TOKEN_ENV}, якщо його задано",
            "make the back office's token and print it once (only its hash is kept); "
            f"prints {ADMIN_TOKEN_ENV} instead when that is set",
        ),
    )
    token.add_argument(
        "--new",
        action="store_true",
        help=say(
            "замінити створений раніше (він перестане діяти)",
            "replace the one made before (it stops working)",
        ),
    )
    token.set_defaults(run=cmd_admin_token)

    number = say("НОМЕР", "NUMBER")
    lst = sub.add_parser("list", help=say("перелік заяв", "list applications"))
    lst.add_argument("--json", action="store_true", help=say("масив JSON", "a JSON array"))
    _community_option(lst)
    lst.add_argument(
        "--status",
        choices=LISTED_STATUSES,
        help=say(
            "лише з цим статусом: accepted (прийнято до розгляду), granted (задоволено), "
            "refused (відмовлено), returned (повернуто на доопрацювання)",
            "only in this status",
        ),
    )
    lst.add_argument(
        "--service",
        metavar=say("ПОСЛУГА", "SERVICE"),
        help=say("код послуги, напр. 250", "service code, e.g. 250"),
    )
    lst.add_argument(
        "--limit",
        type=_positive,
        metavar="N",
        help=say("лише N найдавніших (без нього — усі)", "only the N oldest (all when not given)"),
    )
    lst.set_defaults(run=cmd_list)

    decide = sub.add_parser(
        "decide",
        help=say(
            "задовольнити заяву (grant), відмовити (refuse) чи повернути на доопрацювання "
            "(return); переглянути помилкове рішення (reopen)",
            "grant, refuse or return an application; reopen one decided in error",
        ),
    )
    decide.add_argument("number", metavar=number)
    decide.add_argument("decision", choices=list(DECISIONS))
    decide.add_argument(
        "--reason",
        help=say("обов'язкова для refuse, return і reopen", "required to refuse, return or reopen"),
    )
    decide.add_argument(
        "--revision",
        type=_revision,
        metavar="N",
        help=say(
            "редакція, яку ви переглянули (`show`, `list`): якщо відтоді надійшла інша "
            "(виправлення), рішення не ухвалюється; обов'язкова, коли виправлення надійшло "
            "після останнього рішення",
            "the revision you looked at (`show`, `list`): if another has arrived since "
            "(a correction), nothing is decided; required when a correction arrived after "
            "the last decision",
        ),
    )
    decide.add_argument(
        "--by",
        metavar=say("ХТО", "WHO"),
        help=say(
            "хто ухвалює рішення (ваше ім'я чи логін), зберігається з рішенням і видно в "
            "`show`; без нього — обліковий запис комп'ютера (cli:ЛОГІН)",
            "who decides (your name or login), kept with the decision and shown by "
            "`show`; the computer's account (cli:LOGIN) when not given",
        ),
    )
    decide.set_defaults(run=cmd_decide)

    show = sub.add_parser("show", help=say("показати одну заяву", "show one application"))
    show.add_argument("number", metavar=number)
    show.add_argument("--json", action="store_true", help=say("JSON", "JSON"))
    show.set_defaults(run=cmd_show)

    attachments = sub.add_parser(
        "attachments",
        help=say(
            "зберегти скан-копії заяви в теку (її останньої редакції)",
            "save an application's scans in a folder (its latest revision)",
        ),
    )
    attachments.add_argument("number", metavar=number)
    attachments.add_argument(
        "--output",
        type=Path,
        required=True,
        metavar=say("ТЕКА", "DIR"),
        help=say("тека (буде створена, якщо треба)", "a folder (made if needed)"),
    )
    _blobs_folder(attachments)
    attachments.set_defaults(run=cmd_attachments)

    blobs = sub.add_parser(
        "blobs", help=say("скан-копії у сховищі реєстру", "scans in the registry's store")
    )
    blobs_sub = blobs.add_subparsers(dest="action", required=True, metavar=action)
    sweep = blobs_sub.add_parser(
        "sweep",
        help=say(
            "видалити скан-копії, на які не посилається жодна редакція жодної заяви "
            "(заяву не прийнято, скан замінено до надсилання)",
            "remove scans no revision of any application refers to (the application was "
            "never taken, the scan was replaced before delivery)",
        ),
    )
    sweep.add_argument(
        "--older-than-days",
        type=_days_within(1, MAX_GRACE_DAYS),
        default=DEFAULT_GRACE_DAYS,
        metavar="N",
        help=say(
            f"лише завантажені понад N днів тому ({DEFAULT_GRACE_DAYS}): ноутбук може "
            "надіслати заяву через дні після її скан-копій",
            f"only those uploaded more than N days ago ({DEFAULT_GRACE_DAYS}): a laptop may "
            "send the application days after its scans",
        ),
    )
    sweep.add_argument(
        "--dry-run",
        action="store_true",
        help=say("лише показати, скільки буде видалено", "only say how much would be removed"),
    )
    _blobs_folder(sweep)
    sweep.set_defaults(run=cmd_blobs_sweep)

    catalog = sub.add_parser("catalog", help=say("каталог послуг", "service catalogue"))
    catalog_sub = catalog.add_subparsers(dest="action", required=True, metavar=action)
    publish = catalog_sub.add_parser(
        "publish",
        help=say(
            "опублікувати новіший каталог для робочих місць",
            "publish a newer catalogue to workstations",
        ),
    )
    publish.add_argument("file", metavar=say("ФАЙЛ", "FILE"))
    publish.set_defaults(run=cmd_catalog_publish)
    return parser


def _community_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--community",
        metavar=say("ГРОМАДА", "COMMUNITY"),
        help=say("лише цієї громади", "only this community"),
    )


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            say(f"не число: {text!r}", f"not a number: {text!r}")
        ) from None
    if number < 1:
        raise argparse.ArgumentTypeError(say("1 або більше", "1 or more"))
    return number


def _revision(text: str) -> int:
    try:
        revision = int(text.strip().lower().removeprefix("rev").strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            say(f"не номер редакції: {text!r}", f"not a revision number: {text!r}")
        ) from None
    if revision < 1:
        raise argparse.ArgumentTypeError(
            say("номер редакції — 1 або більше", "a revision number is 1 or more")
        )
    return revision


def _blobs_folder(parser: argparse.ArgumentParser) -> None:
    """``--blobs``: the folder of attachments a back-office command reads, as `serve` uses."""
    parser.add_argument(
        "--blobs",
        type=Path,
        default=DEFAULT_BLOBS,
        help=say(
            "тека вкладень, яку використовує `serve` (його --blobs; blobs)",
            "the attachments folder `serve` uses (its --blobs; blobs)",
        ),
    )


MAX_GRACE_DAYS = 3650


def _days_within(lowest: int, highest: int) -> Callable[[str], int]:
    """A number of days from ``lowest`` to ``highest``: an enrolment code's life (a day to
    a year), the sweep's grace period (0 turns the automatic sweep off)."""

    def parse(text: str) -> int:
        try:
            days = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                say(f"не число днів: {text!r}", f"not a number of days: {text!r}")
            ) from None
        if not lowest <= days <= highest:
            raise argparse.ArgumentTypeError(
                say(f"від {lowest} до {highest} днів", f"from {lowest} to {highest} days")
            )
        return days

    return parse


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Command = args.run
    # The registry's files hold every community's applications, their scans and the back
    # office's token: readable by the account that runs it only (a SQLite database, its
    # journal, the blob folders), whatever the machine's default.
    os.umask(0o077)
    try:
        done = run(args)
        sys.stdout.flush()  # a closed pipe found here, not at exit (a traceback there)
        return done
    except KeyboardInterrupt:  # Ctrl+C on a long list, or a wait for a locked database
        print(say("перервано", "interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # `list | head` has all it wanted: no error, no traceback at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except RegistryError as exc:
        print(say("помилка: ", "error: ") + exc.said(lang()), file=sys.stderr)
        return 1
    except OperationalError as exc:
        said = " ".join(str(exc.orig or exc).split())  # libpq's hint on a line of its own
        print(
            say(
                f"помилка: не вдається скористатися базою даних: {said}",
                f"error: cannot use the database: {said}",
            ),
            file=sys.stderr,
        )
        return 1
    except DataError as exc:  # what was given, not the database: a NUL, a text too long
        said = " ".join(str(exc.orig or exc).splitlines()[:1])  # not the statement after it
        print(
            say(
                f"помилка: база даних не приймає це значення: {said}",
                f"error: the database does not take this value: {said}",
            ),
            file=sys.stderr,
        )
        return 1
    except OSError as exc:  # a file named on the command line (catalog publish FILE)
        named = f"{exc.filename}: " if exc.filename else ""  # (a full disk names none)
        print(say("помилка: ", "error: ") + named + f"{exc.strerror or exc}", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(
            say(
                "помилка: файл не є текстом у кодуванні UTF-8", "error: the file is not UTF-8 text"
            ),
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
