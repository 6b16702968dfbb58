"""Profile and application commands: init, set-community, set-workstation, import (its
work in :mod:`frontdesk.cli.importing`), export (in :mod:`frontdesk.cli.exporting`), list,
show."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from frontdesk.cli import signin
from frontdesk.cli.common import Progress, keep_private, open_profile, positive, profile_dir
from frontdesk.cli.exporting import export_all
from frontdesk.cli.importing import import_file
from frontdesk.cli.showing import show_application
from frontdesk.command_language import lang, say
from frontdesk.errors import InvalidInput
from frontdesk.identifiers import check_katottg_format, compact_code
from frontdesk.messages import text
from frontdesk.model import Status
from frontdesk.profile import Profile
from frontdesk.reference import scratch_places
from frontdesk.store.applications import Filter
from frontdesk.text import parse_stamp
from frontdesk.worktime import in_kyiv


def register(sub: Any) -> None:
    init = sub.add_parser(
        "init", help=say("створити профіль робочого місця", "create the workstation profile")
    )
    init.add_argument(
        "--workstation",
        required=True,
        metavar=say("КОД", "CODE"),
        help=say("код робочого місця, напр. ZT01", "the workstation's code, e.g. ZT01"),
    )
    init.add_argument(
        "--community",
        required=True,
        metavar=say("КАТОТТГ", "KATOTTG"),
        help=say("код громади за КАТОТТГ", "КАТОТТГ code of the hromada"),
    )
    init.add_argument(
        "--katottg",
        type=Path,
        metavar=say("ФАЙЛ", "FILE"),
        help=say(
            "CSV кодифікатора КАТОТТГ: завантажити його в профіль і перевірити, що код "
            "громади — справді код громади",
            "the КАТОТТГ codifier CSV: load it into the profile and check that the community "
            "code is a hromada's",
        ),
    )
    init.set_defaults(handler=init_profile)

    fix = sub.add_parser(
        "set-community",
        help=say(
            "виправити код громади, поки робоче місце не зареєстровано в реєстрі й нічого "
            "не надіслано",
            "correct the community code while the workstation is not enrolled and nothing was sent",
        ),
    )
    fix.add_argument(
        "community",
        metavar=say("КАТОТТГ", "KATOTTG"),
        help=say("правильний код громади за КАТОТТГ", "the right КАТОТТГ code of the hromada"),
    )
    signin.add_option(fix)
    fix.set_defaults(handler=set_community)

    code = sub.add_parser(
        "set-workstation",
        help=say(
            "виправити код робочого місця (напр. код іншого ноутбука, набраний помилково), "
            "поки робоче місце не зареєстровано в реєстрі й нічого не надіслано: заяви "
            "отримують номери нового коду",
            "correct the workstation code (another laptop's, typed by mistake) while the "
            "workstation is not enrolled and nothing was sent: the applications get numbers "
            "of the new code",
        ),
    )
    code.add_argument(
        "workstation",
        metavar=say("КОД", "CODE"),
        help=say(
            "правильний код цього робочого місця, напр. ZT02",
            "this workstation's right code, e.g. ZT02",
        ),
    )
    signin.add_option(code)
    code.set_defaults(handler=set_workstation)

    load = sub.add_parser(
        "import",
        help=say(
            "імпортувати заяви з файлу JSON Lines", "import applications from a JSON Lines file"
        ),
    )
    load.add_argument(
        "file",
        type=Path,
        metavar=say("ФАЙЛ", "FILE"),
        help=say(
            "по одному документу заяви в рядку ('-': стандартний ввід)",
            "one application document per line ('-': stdin)",
        ),
    )
    signin.add_option(
        load,
        "увійти як цей оператор: імпорт записано в історію заяв під його логіном (пароль — "
        "із запиту або першого рядка стандартного вводу; з «-» — лише з терміналу); на "
        "робочому місці без операторів — лише логін для історії (типово import); також "
        f"{signin.OPERATOR_ENV}",
        "sign in as this operator: the import is recorded under this login (password from a "
        "prompt or the first line of stdin; with '-', from the terminal only); on a "
        "workstation with no operators, only the login recorded (default import); also "
        f"{signin.OPERATOR_ENV}",
    )
    load.add_argument(
        "--allow-duplicates",
        action="store_true",
        help=say(
            "імпортувати документ без id, навіть якщо в цієї особи вже є невирішена заява на "
            "ту саму послугу (уже імпортований документ не подвоюється ніколи; документ з id "
            "уже має номер і не відхиляється)",
            "import a document without an id even when the same person already has an "
            "undecided application for the same service (a document imported before is never "
            "doubled; one with an id is numbered already and never refused)",
        ),
    )
    load.add_argument(
        "--scans",
        type=Path,
        metavar=say("ТЕКА", "DIR"),
        help=say(
            "зберегти скани заяв з теки, яку записав export --scans (файл, вміст якого не "
            "відповідає його назві SHA-256, не зберігається)",
            "store the applications' scans from the folder export --scans wrote (a file whose "
            "content does not match its SHA-256 name is not stored)",
        ),
    )
    load.set_defaults(handler=import_file)

    export = sub.add_parser(
        "export",
        help=say(
            "вивести всі заяви як JSON Lines (НЕ зашифровано: персональні дані)",
            "print every application as JSON Lines (NOT encrypted: personal data)",
        ),
    )
    export.add_argument(
        "--output",
        type=Path,
        metavar=say("ФАЙЛ", "FILE"),
        help=say(
            "записати у ФАЙЛ (доступний лише вам, 0600), а не на стандартний вивід",
            "write to FILE (readable by you only, 0600) instead of standard output",
        ),
    )
    export.add_argument(
        "--scans",
        type=Path,
        metavar=say("ТЕКА", "DIR"),
        help=say(
            "записати й скани заяв у ТЕКУ (доступна лише вам, 0700), кожен у файл, названий "
            "його SHA-256, — для import --scans на іншому комп'ютері (НЕ зашифровано)",
            "also write the applications' scans into DIR (readable by you only, 0700), each "
            "in a file named by its SHA-256 — for import --scans on another computer (NOT "
            "encrypted)",
        ),
    )
    signin.add_option(export)
    export.set_defaults(handler=export_all)

    listing = sub.add_parser("list", help=say("список заяв", "list applications"))
    listing.add_argument(
        "--search",
        default="",
        metavar=say("ТЕКСТ", "TEXT"),
        help=say("ПІБ, РНОКПП або номер", "name, РНОКПП or number"),
    )
    listing.add_argument(
        "--status",
        type=_status_typed,
        metavar=say("СТАН", "STATE"),
        help=say("лише заяви в цьому стані: ", "only applications in this state: ")
        + "; ".join(f"{s.value} ({text(f'status.{s.value}', 'uk')})" for s in Status),
    )
    listing.add_argument(
        "--service",
        metavar=say("КОД", "CODE"),
        help=say(
            "лише заяви на цю послугу (код з каталогу послуг)",
            "only applications for this service (its code in the catalogue)",
        ),
    )
    listing.add_argument(
        "--not-accepted",
        action="store_true",
        help=say(
            "лише те, чого реєстр не прийняв (виправити й зберегти знову)",
            "only what the registry did not accept (to be corrected and saved again)",
        ),
    )
    listing.add_argument(
        "--limit",
        type=positive,
        default=100,
        metavar="N",
        help=say("показати щонайбільше N (типово 100)", "show at most N (default 100)"),
    )
    listing.add_argument(
        "--json", action="store_true", help=say("вивести масив JSON", "print a JSON array")
    )
    signin.add_option(listing)
    listing.set_defaults(handler=list_applications)

    show = sub.add_parser("show", help=say("показати одну заяву", "show one application"))
    show.add_argument(
        "number",
        metavar=say("НОМЕР", "NUMBER"),
        help=say("номер заяви, як у розписці", "the application's number, as on the receipt"),
    )
    show.add_argument(
        "--json",
        action="store_true",
        help=say("вивести документ як JSON", "print the document as JSON"),
    )
    signin.add_option(show)
    show.set_defaults(handler=show_application)


def init_profile(args: argparse.Namespace) -> int:
    root = profile_dir(args)
    community = compact_code(args.community)
    if args.katottg is None:
        with Profile.create(root, workstation=args.workstation, community=community) as profile:
            _say_created(root, profile)
        _say_unchecked(community)
        return 0
    format_problem = check_katottg_format(community)
    if format_problem:  # (before the codifier is read)
        raise InvalidInput(what_code=format_problem)
    # As the first-run wizard does: the codifier read first, the code checked against it,
    # and only then a profile made (none is left behind for a wrong code).
    with scratch_places() as codifier:
        codifier.import_csv(args.katottg, Progress("КАТОТТГ"))
        problem = codifier.community_problem(community)
        if problem is not None:
            raise problem
        with Profile.create(
            root, workstation=args.workstation, community=community, codifier=codifier
        ) as profile:
            _say_created(root, profile)
    return 0


def _say_created(root: Path, profile: Profile) -> None:
    print(
        say(
            f"Профіль створено: {root} (робоче місце {profile.workstation})",
            f"Profile created: {root} (workstation {profile.workstation})",
        )
    )


def _say_unchecked(community: str) -> None:
    print(
        say(
            f"Код громади {community} перевірено лише за формою: кодифікатор КАТОТТГ не "
            "завантажено. Завантажте його (frontdesk reference import-katottg ФАЙЛ) — тоді "
            "код буде перевірено.",
            f"The community code {community} was checked for its form only: no КАТОТТГ "
            "codifier is loaded. Load it (frontdesk reference import-katottg FILE) and the "
            "code is checked.",
        ),
        file=sys.stderr,
    )


def set_community(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        who = signin.signed_in(profile, args)
        before = profile.community
        changed = profile.change_community(args.community, who)
        after, checked = profile.community, profile.places.loaded
        place = profile.places.get(after) if checked else None
    if after == before:
        print(say(f"Код громади вже {after}", f"The community code is {after} already"))
        return 0
    name = f" ({place.long_label_in(lang())})" if place else ""
    print(
        say(
            f"Код громади змінено: {before} → {after}{name}; заяв із новим кодом: {changed}",
            f"Community code changed: {before} → {after}{name}; applications now with it: "
            f"{changed}",
        )
    )
    if not checked:
        _say_unchecked(after)
    return 0


def set_workstation(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        who = signin.signed_in(profile, args)
        before = profile.workstation
        renumbered = profile.change_workstation(args.workstation, who)
        after = profile.workstation
    if after == before:
        print(say(f"Код робочого місця вже {after}", f"The workstation code is {after} already"))
        return 0
    print(
        say(
            f"Код робочого місця змінено: {before} → {after}; заяв із новими номерами: "
            f"{len(renumbered)}",
            f"Workstation code changed: {before} → {after}; applications with new numbers: "
            f"{len(renumbered)}",
        )
    )
    if renumbered:
        print(
            say(
                "Видайте цим заявникам нові розписки — номери на старих уже не їхні:",
                "Give these residents new receipts — the numbers on the old ones are no "
                "longer theirs:",
            )
        )
        for old, new in renumbered:
            print(f"  {old} → {new}")
    return 0


def list_applications(args: argparse.Namespace) -> int:
    where = Filter(
        text=args.search,
        status=args.status,
        service=args.service,
        not_accepted=args.not_accepted,
    )
    with open_profile(args) as profile:
        who = signin.signed_in(profile, args)
        catalogue = profile.catalog.services
        if args.service and args.service not in catalogue:  # a typo would list nothing
            known = ", ".join(catalogue)
            raise InvalidInput(
                what=say(
                    f"--service {args.service}: такої послуги немає ({known})",
                    f"--service {args.service}: no such service ({known})",
                )
            )
        rows = profile.applications.search(where, limit=args.limit)
        total = profile.applications.count(where) if len(rows) == args.limit else len(rows)
        # How many were shown; never what was searched for (a name, a РНОКПП).
        profile.applications.note_access(who, "listed", str(len(rows)))
    if total > len(rows):  # never cut short unsaid (a note on stderr keeps --json clean)
        print(
            say(
                f"Показано {len(rows)} з {total}; щоб побачити більше, додайте --limit {total}",
                f"Shown {len(rows)} of {total}; to see more, add --limit {total}",
            ),
            file=sys.stderr,
        )
    keep_private(sys.stdout)  # (names and РНОКПП, sent to a file: its owner's alone)
    if args.json:
        print(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return 0
    states = [
        say("не прийнято реєстром", "not accepted by the registry")
        if row.not_accepted
        else text("status.correcting" if row.correcting else "status." + row.status.value, lang())
        for row in rows
    ]
    width = max(map(len, states), default=0)
    for row, state in zip(rows, states, strict=True):
        services = ",".join(row.services)
        print(
            f"{row.number}  {state:<{width}}  {_local_day(row.created_at)}  {row.applicant_name}  "
            f"[{services}]"
        )
    return 0


def _local_day(stamp: str) -> str:
    """The day an application was taken, on the worker's calendar (as the journal and
    the date filters count it), written as ISO: 2026-11-22."""
    moment = parse_stamp(stamp)
    return in_kyiv(moment).date().isoformat() if moment else stamp[:10]


def _status_typed(typed: str) -> str:
    """A state as a worker types it: its code in any case ("Ready") or its name as
    ``list`` prints it, in either language ("очікує надсилання", "чернетка")."""
    wanted = " ".join(typed.split()).casefold()
    for status in Status:
        names = (status.value, *(text(f"status.{status.value}", lg) for lg in ("uk", "en")))
        if wanted in (name.casefold() for name in names):
            return status.value
    raise argparse.ArgumentTypeError(
        say(f"немає такого стану: {typed!r}", f"no such state: {typed!r}")
        + " ("
        + ", ".join(s.value for s in Status)
        + ")"
    )
