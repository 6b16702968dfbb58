"""``frontdesk show NUMBER``: one application as the worker needs it on the telephone with
the resident: its status, the person, the services, what the registry refused or asked,
what was entered and not sent, and its history. A number a receipt names finds its
application whatever became of the number since (given another; a deleted draft's is
said to be)."""

from __future__ import annotations

import argparse
import json
import sys

from frontdesk.cli import signin
from frontdesk.cli.common import keep_private, open_profile
from frontdesk.command_language import lang, say
from frontdesk.differences import differences
from frontdesk.field_names import field_name
from frontdesk.identifiers import canonical_number
from frontdesk.messages import history_at, history_text, refusal_text, text
from frontdesk.model import Application
from frontdesk.store.set_aside import NOT_CONTENT, SetAside
from frontdesk.text import local_time
from frontdesk.validation import Report


def show_application(args: argparse.Namespace) -> int:
    with open_profile(args) as profile:
        who = signin.signed_in(profile, args)
        app = profile.applications.get_by_number(args.number)
        profile.applications.note_access(who, "viewed", app.number)
        report = profile.applications.validator.validate(app)
        asked = profile.applications.correction_reason(app)
        history = profile.applications.history(app.id)
        refusal = profile.outbox.refusal(app.id)
        catalog = profile.catalog
        removed = profile.applications.personal_data_removed_at(app.id)
        kept = [] if removed else profile.applications.set_aside(app.id)
    keep_private(sys.stdout)  # (the whole case, sent to a file: its owner's alone)
    if args.json:
        print(json.dumps(app.to_dict(), ensure_ascii=False, indent=2))
        return 0
    person = app.applicant
    status = text("status." + app.status, lang())
    print(
        say(
            f"Заява {app.number} (редакція {app.revision}) — {status}",
            f"Application {app.number} (revision {app.revision}) — {status}",
        )
    )
    asked_for = canonical_number(args.number)
    if asked_for and asked_for != app.number:  # (a receipt of before it was renumbered)
        print(
            say(
                f"Номер {asked_for} цій заяві змінено на {app.number} (див. історію): "
                "видайте заявникові нову розписку",
                f"Number {asked_for} of this application was changed to {app.number} (see "
                "the history): give the applicant a new receipt",
            )
        )
    if removed:
        when = local_time(removed)
        print(
            say(
                f"Заявник: персональні дані видалено {when} (минув строк зберігання після "
                "рішення); справу зберігає реєстр",
                f"Applicant: personal data removed {when} (the retention period after the "
                "decision is over); the registry keeps the case",
            )
        )
        report = Report([])  # (an empty applicant is what it should be now)
    else:
        born = f"{person.birth_date:%d.%m.%Y}" if person.birth_date else "—"
        print(say("Заявник", "Applicant") + f": {person.full_name}, {born}")
        refused = say("відмова", "refused") if person.rnokpp_refused else "—"
        print(f"РНОКПП: {person.rnokpp or refused}")
    for service in app.services:
        entry = catalog.get(service.code)
        name = entry.name(lang()) if entry else "?"
        print(say(f"Послуга {service.code}: {name}", f"Service {service.code}: {name}"))
    if app.status_reason:
        print(say("Причина", "Reason") + f": {app.status_reason}")
    if asked:
        print(say("Повернуто на доопрацювання", "Returned for correction") + f": {asked}")
    if refusal is not None:
        print(
            say(
                "Реєстр не прийняв цю редакцію — виправте і збережіть заяву:",
                "The registry did not accept this revision — correct and save the application:",
            )
        )
        for line in refusal_text(refusal, lang()):
            print(f"  {line}")
    for problem in report.problems:
        severity = text("severity." + problem.severity.value, lang())
        said = problem.message(lang())
        if problem.field.startswith("documents."):  # (the message names the document)
            print(f"  {severity}: {said}")
        else:
            print(f"  {severity}: {field_name(problem.field, lang())}: {said}")
    for aside in kept:
        print_set_aside(aside, app)
    if history:
        print(say("Історія:", "History:"))
    for event in history:
        action = history_text(event["action"], event["detail"] or "", lang())
        at = history_at(event["action"], event["at"], event["detail"] or "")
        revision = say("ред.", "rev.")
        print(
            f"  {local_time(at)}  {action}  ({event['operator']}, {revision} {event['revision']})"
        )
    return 0


def print_set_aside(kept: SetAside, app: Application) -> None:
    """What the history's «див. «Не надіслано»» points to: what was entered on this
    computer and not sent (a correction the registry no longer waited for, or a revision
    it held with other data), field by field next to what the application holds now."""
    print(
        say(
            f"Не надіслано (редакція {kept.revision}) — внесене на цьому комп'ютері:",
            f"Not sent (revision {kept.revision}) — entered on this computer:",
        )
    )
    changed = differences(kept.document, app.to_dict(), ignore=NOT_CONTENT)
    for difference in changed:
        entered, held = (_shown(v) for v in (difference.old, difference.new))
        where = field_name(difference.path, lang())
        print(f"  {where}: {entered} ({say('у реєстрі', 'in the registry')}: {held})")
    if not changed:
        print("  " + say("нічого, що відрізнялося б від даних реєстру", "nothing that differs"))


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return say("так", "yes") if value else say("ні", "no")
    return str(value)
