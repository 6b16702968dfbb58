"""``frontdesk-registry``: run the registry and administer it from a terminal.

Every command works on the database named by ``--database``, else
``FRONTDESK_REGISTRY_DATABASE``, else ``sqlite:///registry.db`` in the
current folder. Known errors print one line on stderr and exit 1. It speaks Ukrainian
unless FRONTDESK_LANG=en, as the workstation's command line does (the back office reads it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from frontdesk.cli.common import Parser, counted, lang, say
from frontdesk.differences import differences
from registry.backoffice import DECISIONS, NEEDS_REASON, decision_text, status_text
from registry.db import parse_url
from registry.errors import RegistryError
from registry.service import ADMIN_TOKEN_ENV, DATABASE_ENV, DEFAULT_BLOBS, Registry, database_url

Command = Callable[[argparse.Namespace], int]
APPLICATIONS = (("заява", "заяви", "заяв"), ("application", "applications"))
DEVICES_UK = ("пристрій", "пристрої", "пристроїв")
ATTACHMENTS_UK = ("вкладення", "вкладення", "вкладень")


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _open(args: argparse.Namespace, *, create: bool = False) -> Registry:
    """The registry's database; only ``serve`` and ``community add`` make a new one (run in
    the wrong folder, the other commands made an empty registry and said "no such
    application")."""
    parsed = parse_url(database_url(args.database))
    if (
        not create
        and parsed.get_backend_name() == "sqlite"
        and parsed.database not in (None, "", ":memory:")
    ):
        path = Path(str(parsed.database))
        if not path.exists():
            raise RegistryError(
                f"No registry database at {path}: run the command where the registry keeps "
                f"it, or give --database (or {DATABASE_ENV})",
                code="database.missing",
                uk=f"Бази даних реєстру немає за адресою {path}: виконайте команду там, де "
                f"реєстр її тримає, або вкажіть --database (чи {DATABASE_ENV})",
            )
    return Registry.open(parsed)


def cmd_serve(args: argparse.Namespace) -> int:
    from registry.server import serve  # uvicorn and FastAPI only when serving

    return serve(
        database_url(args.database),
        args.host,
        args.port,
        args.blobs,
        log_level=args.log_level,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
    )


def cmd_community_add(args: argparse.Namespace) -> int:
    community = _open(args, create=True).accounts.add_community(args.code, args.name)
    print(f"{community['code']}\t{community['name']}")
    return 0


def cmd_community_list(args: argparse.Namespace) -> int:
    items = _open(args).accounts.list_communities()
    if args.json:
        _print_json(items)
    for item in [] if args.json else items:
        print(f"{item['code']}\t{item['name']}")
    return 0


def cmd_enrolment_code(args: argparse.Namespace) -> int:
    issued = _open(args).accounts.issue_enrolment_code(args.community, days=args.days)
    print(issued["code"])  # (alone on standard output: scripts read it)
    expires = dt.datetime.fromisoformat(issued["expires_at"].replace("Z", "+00:00"))
    until = f"{expires.astimezone():%Y-%m-%d %H:%M}"
    print(
        say(
            f"для одного ноутбука громади {issued['community']} {issued['community_name']}, "
            f"один раз, до {until} (за часом цього комп'ютера): "
            f"frontdesk enrol --registry URL --code {issued['code']}",
            f"for one laptop of {issued['community']} {issued['community_name']}, once, until "
            f"{until} (this computer's time): "
            f"frontdesk enrol --registry URL --code {issued['code']}",
        ),
        file=sys.stderr,
    )
    return 0


def cmd_device_list(args: argparse.Namespace) -> int:
    items = _open(args).accounts.list_devices(args.community)
    if args.json:
        _print_json(items)
        return 0
    for item in items:
        if item["revoked_at"]:
            state = say(f"відкликано {item['revoked_at']}", f"revoked {item['revoked_at']}")
        else:
            state = say("чинний", "active")
        enrolled = say(f"зареєстровано {item['enrolled_at']}", f"enrolled {item['enrolled_at']}")
        print(
            f"{item['id']}\t{item['community']}\t{item['workstation'] or '-'}\t{enrolled}\t{state}"
        )
    print(
        say(counted(len(items), DEVICES_UK, ("", "")), f"{len(items)} device(s)"), file=sys.stderr
    )
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    device = _open(args).accounts.revoke_device(args.device_id)
    held = f"{device['id']} ({device['workstation'] or '-'}, {device['community']})"
    print(
        say(
            f"{held}: відкликано {device['revoked_at']}; щоб щось надіслати, його треба "
            "зареєструвати знову",
            f"{held}: revoked {device['revoked_at']}; it must be enrolled again to send anything",
        )
    )
    return 0


def cmd_admin_token(args: argparse.Namespace) -> int:
    configured = os.environ.get(ADMIN_TOKEN_ENV)
    if configured and args.new:  # a leaked token "replaced" that still works
        raise RegistryError(
            f"The admin token is set by {ADMIN_TOKEN_ENV}, and the server takes that one: "
            "--new would not change it. Set a new value there and restart serve",
            code="admin_token.configured",
            uk=f"Токен адміністратора задано в {ADMIN_TOKEN_ENV}, і сервер бере саме його: "
            "--new його не змінить. Задайте там нове значення й перезапустіть serve",
        )
    if configured:  # the server takes this one, not the stored one: say it
        print(configured)
        return 0
    token = _open(args).accounts.new_admin_token(replace=args.new)
    print(token)
    print(
        say(
            "Збережіть цей токен у надійному місці: реєстр тримає лише його геш і показати "
            "його знову не може" + (" (попередній більше не діє)." if args.new else "."),
            "Keep this token safe: the registry keeps only its hash and cannot show it again"
            + (" (the previous one no longer works)." if args.new else "."),
        ),
        file=sys.stderr,
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Every application the filters name (or the oldest ``--limit``), oldest first. Page
    by page, each after the last one listed: applications decided meanwhile by another
    officer shift nothing, and the first lines are out before the last are read."""
    backoffice = _open(args).backoffice
    wanted = args.limit
    listed: list[dict[str, Any]] = []
    count, total, after = 0, 0, None
    while wanted is None or count < wanted:
        size = PAGE if wanted is None else min(PAGE, wanted - count)
        page = backoffice.list(
            community=args.community,
            status=args.status,
            service=args.service,
            limit=size,
            after=after,
        )
        total, after = (total or page["total"]), page["next"]
        count += len(page["items"])
        if args.json:
            listed.extend(page["items"])
        for item in [] if args.json else page["items"]:
            print(
                "\t".join(
                    [
                        item["number"],
                        status_text(item["status"], lang()),
                        say(f"ред. {item['revision']}", f"rev {item['revision']}"),
                        item["community"],
                        ",".join(item["services"]),
                        item["applicant_name"],
                        item["received_at"],
                    ]
                )
            )
        if len(page["items"]) < size:
            break
    if args.json:
        _print_json(listed)
    listed_now = counted(count, *APPLICATIONS)
    if wanted is not None and count < total:
        listed_now = say(f"{listed_now} із {total}", f"{count} of {total} application(s)")
    elif lang() == "en":
        listed_now = f"{count} application(s)"
    print(listed_now, file=sys.stderr)
    return 0


PAGE = 1000  # applications read at a time by `list`


def cmd_decide(args: argparse.Namespace) -> int:
    if args.decision in NEEDS_REASON and not (args.reason or "").strip():
        print(
            say(
                f"помилка: для рішення {args.decision} потрібна причина (--reason)",
                f"error: --reason is required to {args.decision} an application",
            ),
            file=sys.stderr,
        )
        return 1
    result = _open(args).backoffice.decide(
        args.number,
        args.decision,
        args.reason,
        revision=args.revision,
        decided_by=args.by if args.by is not None else command_line_user(),
    )
    if args.decision == "reopen":
        done = say(
            "рішення скасовано, заяву знову прийнято до розгляду",
            "decision cancelled, accepted again",
        )
    else:
        done = status_text(result["status"], lang())
    print(
        say(
            f"{result['number']}: {done} (редакція {result['revision']}); "
            f"рішення ухвалено — {result['decided_by']}",
            f"{result['number']}: {done} (revision {result['revision']}), "
            f"decided by {result['decided_by']}",
        )
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    shown = _open(args).backoffice.show(args.number)
    if args.json:
        _print_json(shown)
        return 0
    print(f"{shown['number']}  {status_text(shown['status'], lang())}  (id {shown['id']})")
    print(say(f"  громада:    {shown['community']}", f"  community:  {shown['community']}"))
    print(
        say(f"  заявник:    {shown['applicant_name']}", f"  applicant:  {shown['applicant_name']}")
    )
    services = ", ".join(shown["services"])
    print(say(f"  послуги:    {services}", f"  services:   {services}"))
    # What was applied for, as the rules read it: what the decision rests on.
    print(
        say(
            f"  заява (редакція {shown['revision']}):",
            f"  application (revision {shown['revision']}):",
        )
    )
    content = {k: v for k, v in shown["document"].items() if k not in _BOOKKEEPING}
    for field in differences({}, content):
        if field.path:  # ("" is the empty document compared with)
            print(_indented(f"    {field.path}: {_value(field.new)}"))
    for rev in shown["revisions"]:
        status, number, received = (
            status_text(rev["status"], lang()),
            rev["revision"],
            rev["received_at"],
        )
        print(
            say(
                f"  редакція {number}: {status}, отримано {received}",
                f"  revision {number}: {status}, received {received}",
            )
        )
        print(say(f"    вміст {rev['content_hash']}", f"    content {rev['content_hash']}"))
        if "changes" not in rev:
            continue
        if not rev["changes"]:
            print(
                say(
                    f"    нічого не змінено від редакції {number - 1}",
                    f"    nothing changed from revision {number - 1}",
                )
            )
        for change in rev["changes"]:
            old, new = _value(change["old"]), _value(change["new"])
            print(
                _indented(
                    say(
                        f"    змінено {change['path']}: {old} → {new}",
                        f"    changed {change['path']}: {old} → {new}",
                    )
                )
            )
    for blob in shown["attachments"]:
        if blob["complete"]:
            state = say("завантажено повністю", "complete")
        else:
            state = say("завантажено не повністю", "incomplete")
        print(
            say(
                f"  вкладення {blob['sha256']} {blob['size']} байт {state} {blob['filename']}",
                f"  attachment {blob['sha256']} {blob['size']} bytes {state} {blob['filename']}",
            )
        )
    for decision in shown["decisions"]:
        reason = f": {decision['reason']}" if decision["reason"] else ""
        by = decision["decided_by"] or say("(не записано)", "(not recorded)")
        when, what, number = decision["decided_at"], decision["decision"], decision["revision"]
        print(
            _indented(
                say(
                    f"  {when} {decision_text(what)}, ред. {number}; ухвалено — {by}{reason}",
                    f"  {when} {what} rev {number} by {by}{reason}",
                )
            )
        )
    return 0


def cmd_attachments(args: argparse.Namespace) -> int:
    """Save the latest revision's scans in a folder, to read them before deciding."""
    registry = _open(args)
    registry.blobs.root = args.blobs
    shown = registry.backoffice.show(args.number)
    saved = registry.backoffice.save_attachments(shown, registry.blobs, args.output)
    for path in saved:
        print(path)
    missing = len(shown["attachments"]) - len(saved)
    number, revision = shown["number"], shown["revision"]
    print(
        say(
            f"{counted(len(saved), ATTACHMENTS_UK, ('', ''))} заяви {number}, редакція {revision}, "
            f"збережено в {args.output}"
            + (f"; ще не завантажено повністю: {missing}" if missing else ""),
            f"{len(saved)} attachment(s) of {number} revision {revision} saved in {args.output}"
            + (f"; {missing} not uploaded in full yet" if missing else ""),
        ),
        file=sys.stderr,
    )
    return 0


# Fields of a document `show` has said already, or that are the registry's own record.
_BOOKKEEPING = frozenset({"format", "id", "number", "revision", "status", "status_reason"})


def _value(value: Any) -> str:
    """A field's value in `show`: text quoted (a space or an empty text shows), absent
    as "(none)"."""
    if value is None:
        return say("(немає)", "(none)")
    return json.dumps(value, ensure_ascii=False)


def _indented(text: str, indent: str = " " * 6) -> str:
    """A value of several lines (a reason typed as a list): its further lines indented,
    so they do not read as fields of their own."""
    return "\n".join(
        (indent + line).rstrip() if i else line for i, line in enumerate(text.split("\n"))
    )


def command_line_user() -> str:
    """The computer's account that ran a command ("cli:olena"), for who decided."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no name for this account (a container, say)
        return "cli"


def cmd_catalog_publish(args: argparse.Namespace) -> int:
    text = Path(args.file).read_text(encoding="utf-8")
    version = _open(args).feed.publish_catalog(text)["version"]
    print(say(f"опубліковано каталог, версія {version}", f"published catalogue version {version}"))
    return 0


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
        type=_days,
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
        choices=["accepted", "granted", "refused", "returned"],
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
            "(виправлення), рішення не ухвалюється",
            "the revision you looked at (`show`, `list`): if another has arrived since "
            "(a correction), nothing is decided",
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
    attachments.add_argument(
        "--blobs",
        type=Path,
        default=DEFAULT_BLOBS,
        help=say(
            "тека вкладень, яку використовує `serve` (його --blobs; blobs)",
            "the attachments folder `serve` uses (its --blobs; blobs)",
        ),
    )
    attachments.set_defaults(run=cmd_attachments)

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


def _days(text: str) -> int:
    """How long an enrolment code stays valid: a day at least, a year at most."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            say(f"не число днів: {text!r}", f"not a number of days: {text!r}")
        ) from None
    if not 1 <= days <= 365:
        raise argparse.ArgumentTypeError(say("від 1 до 365 днів", "from 1 to 365 days"))
    return days


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
    except OSError as exc:  # a file named on the command line (catalog publish FILE)
        print(
            say("помилка: ", "error: ") + f"{exc.filename or ''}: {exc.strerror or exc}",
            file=sys.stderr,
        )
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
