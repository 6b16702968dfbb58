"""What each ``frontdesk-registry`` command does; the command line that parses and runs
them, and says their errors: :mod:`registry.cli`."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from frontdesk.command_language import counted, lang, say
from frontdesk.differences import differences
from frontdesk.text import local_time
from registry.backoffice import NEEDS_REASON, decision_text, status_text
from registry.db import parse_url
from registry.errors import RegistryError
from registry.service import ADMIN_TOKEN_ENV, DATABASE_ENV, Registry, database_url
from registry.sweep import BlobSweep, check_folder

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
    made = None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(str(parsed.database))
        if not path.exists() and not create:
            raise RegistryError(
                f"No registry database at {path}: run the command where the registry keeps "
                f"it, or give --database (or {DATABASE_ENV})",
                code="database.missing",
                uk=f"Бази даних реєстру немає за адресою {path}: виконайте команду там, де "
                f"реєстр її тримає, або вкажіть --database (чи {DATABASE_ENV})",
            )
        made = None if path.exists() else path
    registry = Registry.open(parsed)
    if made is not None:  # said: one made in the wrong folder is found at once
        print(
            say(
                f"створено нову базу даних реєстру: {made.resolve()}",
                f"made a new registry database: {made.resolve()}",
            ),
            file=sys.stderr,
        )
    return registry


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
        sweep_older_than_days=args.sweep_older_than_days,
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
    until = local_time(issued["expires_at"])  # (Kyiv's clock, as the laptops')
    print(
        say(
            f"для одного ноутбука громади {issued['community']} {issued['community_name']}, "
            f"один раз, до {until} (за київським часом): "
            f"frontdesk enrol --registry URL --code {issued['code']}",
            f"for one laptop of {issued['community']} {issued['community_name']}, once, until "
            f"{until} (Kyiv time): "
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
        # (Kyiv's clock, as the laptops' and the other commands')
        revoked, when = local_time(item["revoked_at"]), local_time(item["enrolled_at"])
        state = say(f"відкликано {revoked}", f"revoked {revoked}") if revoked else ""
        state = state or say("чинний", "active")
        enrolled = say(f"зареєстровано {when}", f"enrolled {when}")
        print(
            f"{item['id']}\t{item['community']}\t{item['workstation'] or '-'}\t{enrolled}\t{state}"
        )
    print(
        say(counted(len(items), DEVICES_UK, ("", "")), f"{len(items)} device(s)"), file=sys.stderr
    )
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    registry = _open(args)
    # Kept in the attachments folder too, which a restore of the database leaves: the
    # server revokes the device again if the database is ever restored from an older copy.
    folder = args.blobs if args.blobs.is_dir() else None
    if folder is not None:
        check_folder(registry.db, folder, mark=False)  # (another database's: refused)
    registry.accounts.revocations = folder
    device = registry.accounts.revoke_device(args.device_id)
    held = f"{device['id']} ({device['workstation'] or '-'}, {device['community']})"
    print(
        say(
            f"{held}: відкликано {device['revoked_at']}; щоб щось надіслати, його треба "
            "зареєструвати знову",
            f"{held}: revoked {device['revoked_at']}; it must be enrolled again to send anything",
        )
    )
    if folder is None:
        print(
            say(
                f"Теки вкладень {args.blobs} немає, тож відкликання записано лише в базі "
                "даних: якщо її колись буде відновлено зі старішої копії, відкличте пристрій "
                "знову (або вкажіть --blobs — теку, яку використовує serve)",
                f"No attachments folder at {args.blobs}, so the revocation is kept in the "
                "database only: if it is ever restored from an older copy, revoke the device "
                "again (or give --blobs, the folder serve uses)",
            ),
            file=sys.stderr,
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
                        local_time(item["received_at"]),
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
            local_time(rev["received_at"]),
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
        when, what, number = (
            local_time(decision["decided_at"]),
            decision["decision"],
            decision["revision"],
        )
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


def cmd_blobs_sweep(args: argparse.Namespace) -> int:
    """Remove the scans no application revision refers to, older than the grace period."""
    registry = _open(args)
    if not args.blobs.is_dir():
        raise RegistryError(
            f"No attachments folder at {args.blobs}: give the folder `serve` keeps them in "
            "(--blobs)",
            code="blobs.missing_folder",
            uk=f"Теки вкладень {args.blobs} немає: вкажіть теку, у якій їх тримає `serve` "
            "(--blobs)",
        )
    registry.blobs.root = args.blobs
    report = BlobSweep(registry.db, registry.blobs).run(
        dt.timedelta(days=args.older_than_days), dry_run=args.dry_run
    )
    days = args.older_than_days
    print(
        say(
            f"{'було б видалено' if args.dry_run else 'видалено'}: {report.removed} файл(ів) "
            f"вкладень, на які не посилається жодна заява, старших за {days} дн., "
            f"{report.removed_bytes} байт (повних: {report.blobs}, "
            f"незавершених завантажень: {report.partials}, без запису в базі: {report.strays})",
            f"{'would remove' if args.dry_run else 'removed'}: {report.removed} attachment "
            f"file(s) no application refers to, older than {days} day(s), "
            f"{report.removed_bytes} bytes ({report.blobs} complete, {report.partials} "
            f"unfinished uploads, {report.strays} with no record)",
        )
    )
    if report.kept:
        print(
            say(
                f"залишено {report.kept}: під час очищення на них послалася заява "
                "або їх завантажили знову",
                f"kept {report.kept}: an application referred to them, or they were "
                "uploaded again, during the sweep",
            )
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
