"""``frontdesk reference …``: reference data (the КАТОТТГ codifier)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from frontdesk.cli.common import Progress, open_profile, positive
from frontdesk.command_language import lang, say
from frontdesk.messages import text


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "reference",
        help=say("довідники: кодифікатор КАТОТТГ", "reference data: the КАТОТТГ codifier"),
    )
    ref = parser.add_subparsers(
        dest="reference_command", metavar=say("КОМАНДА", "COMMAND"), required=True
    )
    load = ref.add_parser(
        "import-katottg",
        help=say(
            "завантажити офіційний кодифікатор КАТОТТГ (CSV)",
            "load the official КАТОТТГ codifier CSV",
        ),
    )
    load.add_argument(
        "file",
        type=Path,
        metavar=say("ФАЙЛ", "FILE"),
        help=say(
            "CSV кодифікатора (розділювач «;», UTF-8 або Windows-1251)",
            "the codifier CSV (;-separated, UTF-8 or Windows-1251)",
        ),
    )
    load.add_argument(
        "--force",
        action="store_true",
        help=say(
            "замінити завантажений кодифікатор навіть файлом із набагато меншою кількістю об'єктів",
            "replace the loaded codifier even with a file of far fewer objects",
        ),
    )
    load.set_defaults(handler=import_katottg)
    find = ref.add_parser(
        "search",
        help=say(
            "знайти населені пункти за початком назви",
            "find settlements by the start of their name",
        ),
    )
    find.add_argument(
        "prefix",
        metavar=say("ПОЧАТОК", "PREFIX"),
        help=say(
            "початок назви; через кому — громада, район або область («Іванівка, житомир»)",
            "the start of the name; after a comma, its hromada, raion or oblast "
            '("Іванівка, житомир")',
        ),
    )
    find.add_argument(
        "--limit",
        type=positive,
        default=20,
        metavar="N",
        help=say("показати щонайбільше N (типово 20)", "show at most N (default 20)"),
    )
    find.add_argument("--json", action="store_true", help=say("вивести JSON", "print JSON"))
    find.set_defaults(handler=search)


def import_katottg(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        count = profile.places.import_csv(args.file, Progress("КАТОТТГ"), allow_smaller=args.force)
        community = profile.community
        problem = profile.places.community_problem(community)
        fixed = profile.community_fixed() if problem is not None else None
    print(say(f"Завантажено об'єктів кодифікатора: {count}", f"Codifier objects loaded: {count}"))
    if problem is None:
        return 0
    # A code given at set-up that is no hromada's: the registry would refuse the enrolment
    # and every application stamped with it.
    print(
        say(
            "Увага: код громади цього робочого місця не підходить — ",
            "Warning: this workstation's community code is wrong — ",
        )
        + text(problem.what_code, lang(), **problem.params)
        + ". "
        + (
            text(fixed, lang(), community=community)
            if fixed
            else say(
                "Реєстр не зареєструє це робоче місце й не прийме заяв із цим кодом. Виправте "
                "його: frontdesk set-community КОД_ГРОМАДИ (ще не надіслані заяви отримають "
                "новий код).",
                "The registry would not enrol this workstation nor take applications with "
                "this code. Correct it: frontdesk set-community HROMADA_CODE (the applications "
                "not sent yet get the new code).",
            )
        ),
        file=sys.stderr,
    )
    return 1


def search(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        places = profile.places.search(args.prefix, limit=args.limit)
    if args.json:  # (the label as the codifier's language writes it, for scripts)
        rows = [{"code": p.code, "category": p.category, "label": p.long_label} for p in places]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for place in places:
            print(f"{place.code}  {place.long_label_in(lang())}")
        if not places:
            print(
                say(
                    "Нічого не знайдено (чи завантажено кодифікатор? frontdesk reference "
                    "import-katottg ФАЙЛ)",
                    "Nothing found (is the codifier loaded? frontdesk reference "
                    "import-katottg FILE)",
                ),
                file=sys.stderr,
            )
    return 0
