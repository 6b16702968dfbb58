"""`frontdesk import`: JSON Lines from paper and spreadsheet intake, or another
laptop's export, each line saved atomically or rejected with its line number; the scans
an export carried (``--scans DIR``) stored first, and each application whose scans are
still not here named."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import itertools
import json
import re
import sys
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from frontdesk.cli import signin
from frontdesk.cli.common import Progress, command_line_user, open_profile, os_reason
from frontdesk.cli.scan_files import ScanImport, check_scans_folder
from frontdesk.command_language import APPLICATIONS, counted, lang, say
from frontdesk.document import DocumentError, parse_json
from frontdesk.errors import FrontDeskError, InvalidInput, ValidationFailed
from frontdesk.model import Application, Status
from frontdesk.profile import Profile
from frontdesk.validation import Problem

IMPORT_BATCH = 500


def import_file(args: argparse.Namespace) -> int:
    if args.scans is not None:
        check_scans_folder(args.scans, made=False)
    with open_profile(args) as profile:
        # Signed in first: with "-", standard input is the file (the password is typed at
        # the terminal then), and nothing of it is read for one who may not import.
        login = signin.sign_in(profile, args, terminal_only=str(args.file) == "-")
        # (with no operator yet, the login given only names the importer, as before)
        importer = login or signin.chosen_login(args) or "import"
        total, lines = _checked_lines(args.file)
        progress = Progress(say("Імпорт", "Import"))
        counts = _Counts()
        try:
            return _import_into(profile, importer, args, total, lines, progress, counts)
        except KeyboardInterrupt:  # Ctrl+C: what the batches before it saved stays
            progress.done()
            print(counts.summary())
            print(
                say(
                    f"Імпорт перервано (Ctrl+C): оброблено рядків — {counts.lines} з {total}; "
                    "що імпортовано, збережено. Запустити імпорт цього файлу знову безпечно: "
                    "уже імпортовані рядки буде розпізнано й пропущено (їх покаже «уже були»).",
                    f"Import interrupted (Ctrl+C): {counts.lines} of {total} lines done; what "
                    "was imported is saved. Importing this file again is safe: the lines "
                    'already imported are recognised and skipped (counted under "already '
                    'there").',
                ),
                file=sys.stderr,
            )
            return 130
        finally:  # (how many came in; each is in its history under the importer too)
            who = login or command_line_user()
            with contextlib.suppress(FrontDeskError):  # (the disk full: said already)
                profile.applications.note_access(who, "imported", str(counts.imported))


def _checked_lines(source: Path) -> tuple[int, Iterator[str]]:
    """How many lines ``source`` has and its lines one at a time; refused when it is no
    JSON Lines at all (a JSON array, or pretty-printed JSON)."""
    total, opening, lines, head = _import_lines(source)
    source_name = say("стандартний ввід", "standard input") if str(source) == "-" else source
    if opening == "[":
        raise InvalidInput(
            what=say(
                f"{source_name}: це JSON-масив, а потрібно JSON Lines — по одній заяві "
                "(об'єкту {…}) в кожному рядку (перетворити: jq -c '.[]' файл.json)",
                f"{source_name}: this is a JSON array; JSON Lines is needed — one application "
                "(object {…}) per line (to convert: jq -c '.[]' file.json)",
            )
        )
    if _spread_over_lines(head):
        raise InvalidInput(
            what=say(
                f"{source_name}: заяву розкладено на кілька рядків (форматований JSON), а "
                "потрібно JSON Lines — кожна заява (об'єкт {…}) в одному рядку (перетворити: "
                "jq -c . файл.json > файл.jsonl)",
                f"{source_name}: an application is spread over several lines (pretty-printed "
                "JSON); JSON Lines is needed — each application (object {…}) on one line (to "
                "convert: jq -c . file.json > file.jsonl)",
            )
        )
    return total, lines


@dataclass
class _Counts:
    """How an import went so far; ``lines``: the lines whose outcome is saved."""

    imported: int = 0
    drafts: int = 0
    skipped: int = 0
    rejected: int = 0
    lines: int = 0
    without_scans: int = 0  # applications imported or there already, their scans not here

    def summary(self) -> str:
        imported = str(self.imported)
        if self.drafts:
            drafts = counted(self.drafts, ("чернетка", "чернетки", "чернеток"), ("draft", "drafts"))
            imported += say(
                f" (з них {drafts}: не надсилатимуться, доки їх не завершать у програмі)",
                f" ({drafts} among them: not sent until finished in the app)",
            )
        return say(
            f"Імпортовано: {imported}, уже були: {self.skipped}, відхилено: {self.rejected}",
            f"Imported: {imported}, already there: {self.skipped}, rejected: {self.rejected}",
        )


def _import_into(
    profile: Profile,
    importer: str,
    args: argparse.Namespace,
    total: int,
    lines: Iterator[str],
    progress: Progress,
    counts: _Counts,
) -> int:
    scans = ScanImport(profile.applications, args.scans)
    for first in range(0, total, IMPORT_BATCH):
        batch: list[tuple[int, Application]] = []
        chunk = itertools.islice(lines, IMPORT_BATCH)
        for number, line in enumerate(chunk, start=first + 1):
            if not line.strip():
                continue
            try:
                batch.append((number, parse_json(line)))
            except DocumentError as exc:
                counts.rejected += 1
                _report_rejection(progress, number, exc.problems)
        try:
            for number, app in batch:  # (stored first: a sync meanwhile finds them)
                for problem in scans.store_named(app):
                    progress.end_line()
                    print(f"{_line(number)}: {problem}", file=sys.stderr)
            outcomes = profile.applications.import_batch(
                [app for _, app in batch],
                importer,
                skip_imported=True,
                refuse_duplicates=not args.allow_duplicates,
            )
        except FrontDeskError as exc:  # the disk is full, say: this batch is not in
            progress.done()
            print(counts.summary())
            print(
                say(
                    f"Імпорт зупинено перед рядком {first + 1}: {exc.message(lang())}. Що "
                    "імпортовано досі, збережено; коли причину усунуто, запустіть імпорт "
                    "цього файлу знову — імпортовані рядки буде пропущено.",
                    f"Import stopped before line {first + 1}: {exc.message(lang())}. What "
                    "was imported so far is saved; once the cause is removed, import this "
                    "file again — the lines already imported are skipped.",
                ),
                file=sys.stderr,
            )
            return 1
        for (number, _), outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, ValidationFailed):
                counts.rejected += 1
                _report_rejection(progress, number, outcome.report.errors)
            elif isinstance(outcome, FrontDeskError):
                counts.rejected += 1
                progress.end_line()
                print(f"{_line(number)}: {outcome.message(lang())}", file=sys.stderr)
            else:
                if outcome.created:
                    counts.imported += 1
                    if outcome.application.status is Status.DRAFT:
                        counts.drafts += 1
                        _report_draft(progress, number, outcome.report.errors)
                    elif not outcome.application.status.editable:
                        _report_draft(progress, number, outcome.report.errors, sent=True)
                else:
                    counts.skipped += 1
                missing = scans.missing(outcome.application)
                if missing:
                    counts.without_scans += 1
                    _report_missing_scans(progress, number, outcome.application, missing)
                elif (  # there already, set aside by a sync for want of its scans: here now
                    args.scans
                    and not outcome.created
                    and outcome.application.attachments
                    and profile.outbox.send_again_with_scans(outcome.application.id)
                ):
                    progress.end_line()
                    print(_queued_again(number, outcome.application.number))
        counts.lines = min(first + IMPORT_BATCH, total)
        progress(counts.lines, total)
    print(counts.summary())
    if counts.without_scans:  # (a warning: the exit status stays the rejections')
        applications = counted(counts.without_scans, *APPLICATIONS)
        print(
            say(
                f"Без своїх сканів на цьому комп'ютері: {applications} (див. рядки вище).",
                f"Without their scans on this computer: {applications} (see the lines above).",
            ),
            file=sys.stderr,
        )
    return 1 if counts.rejected else 0


def _line(number: int) -> str:
    return say(f"рядок {number}", f"line {number}")


def _import_lines(source: Path) -> tuple[int, str | None, Iterator[str], list[str]]:
    """How many lines there are, the first character that is not a space, the lines one
    at a time, and the first two lines that are not blank (stripped). A file is read
    twice, never held whole: first checked to be UTF-8 text (nothing is imported from a
    file in another encoding) and counted, then read line by line as it is imported.
    Standard input ("-") is read whole: it cannot be read twice."""
    name = say("стандартний ввід", "standard input") if str(source) == "-" else str(source)
    try:
        if str(source) == "-":
            content = sys.stdin.buffer.read().decode("utf-8-sig")
            opening = re.search(r"\S", content)  # (no copy of a large input to strip it)
            unended = bool(content) and not content.endswith("\n")
            return (
                content.count("\n") + unended,
                opening.group() if opening else None,
                _json_lines(content),
                _head(_json_lines(content)),
            )
        total, opening_char = _scan(source)
        return total, opening_char, _file_lines(source, name), _head(_file_lines(source, name))
    except FileNotFoundError as exc:
        what = say(f"{name}: файл не знайдено", f"{name}: no such file")
        raise InvalidInput(str(exc), what=what) from exc
    except IsADirectoryError as exc:
        what = say(f"{name}: це тека, а не файл", f"{name}: a folder, not a file")
        raise InvalidInput(str(exc), what=what) from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(str(exc), what=_not_utf8(name)) from exc
    except OSError as exc:
        raise InvalidInput(str(exc), what=f"{name}: {os_reason(exc)}") from exc


def _not_utf8(name: str) -> str:
    return say(
        f"{name}: текст не в кодуванні UTF-8 (збережіть його як UTF-8)",
        f"{name}: the text is not UTF-8 (save it as UTF-8)",
    )


SCAN_CHUNK = 1 << 20


def _scan(path: Path) -> tuple[int, str | None]:
    """Lines and the first character that is not a space; UnicodeDecodeError if the file is
    not UTF-8 text (a byte-order mark allowed). Reads a chunk at a time."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    newlines = 0
    opening: str | None = None
    last = b"\n"  # (an empty file has no line)
    with path.open("rb") as file:
        while chunk := file.read(SCAN_CHUNK):
            text = decoder.decode(chunk)
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
            if opening is None and (found := re.search(r"\S", text)):
                opening = found.group()
        decoder.decode(b"", final=True)
    return newlines + (last != b"\n"), opening  # (the last line may have no line end)


def _head(lines: Generator[str]) -> list[str]:
    """The first two lines that are not blank, stripped (of the first 1000 lines)."""
    head: list[str] = []
    for line in itertools.islice(lines, 1000):
        if line.strip():
            head.append(line.strip())
            if len(head) == 2:
                break
    lines.close()  # (a file's is closed now)
    return head


def _file_lines(path: Path, name: str) -> Generator[str]:
    """The file's lines, split at line feeds only (a U+2028 inside a string stays in its
    line), without the byte-order mark, line ends or carriage returns."""
    with path.open("rb") as file:
        for number, raw in enumerate(file):
            data = raw.removeprefix(codecs.BOM_UTF8) if number == 0 else raw
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:  # the file changed after it was checked
                raise InvalidInput(str(exc), what=_not_utf8(name)) from exc
            yield text.removesuffix("\n").removesuffix("\r")


def _json_lines(content: str) -> Generator[str]:
    """JSON Lines are separated by line feeds only: a U+2028 or U+0085 inside a string (which
    ``str.splitlines`` would break on) stays part of its line."""
    start = 0
    while True:
        end = content.find("\n", start)
        if end < 0:
            yield content[start:].removesuffix("\r")
            return
        yield content[start:end].removesuffix("\r")
        start = end + 1


def _report_rejection(progress: Progress, line: int, problems: list[Problem]) -> None:
    progress.end_line()
    for problem in problems:
        print(f"{_line(line)}: {problem.field}: {problem.message(lang())}", file=sys.stderr)


def _queued_again(line: int, number: str) -> str:
    return say(
        f"{_line(line)} ({number}): скани тепер на місці — заяву знову в черзі на надсилання",
        f"{_line(line)} ({number}): its scans are here now — the application is queued to "
        "send again",
    )


def _report_missing_scans(
    progress: Progress, line: int, app: Application, missing: list[str]
) -> None:
    """An application imported (or there already) whose scans are not on this computer:
    one not sent yet cannot be sent until they are attached again."""
    progress.end_line()
    names = ", ".join(missing)
    if app.status in (Status.DRAFT, Status.READY):
        print(
            say(
                f"{_line(line)} ({app.number}): на цьому комп'ютері немає сканів: {names} — "
                "заяву не вдасться надіслати, доки їх не додадуть знову в програмі (або не "
                "імпортують цей файл знову з --scans ТЕКА, яку записав export --scans)",
                f"{_line(line)} ({app.number}): scans not on this computer: {names} — the "
                "application cannot be sent until they are attached again in the app (or "
                "this file is imported again with --scans DIR, written by export --scans)",
            ),
            file=sys.stderr,
        )
        return
    print(
        say(
            f"{_line(line)} ({app.number}): на цьому комп'ютері немає сканів: {names} — "
            "реєстр їх уже отримав, але тут їх не відкрити (імпортуйте цей файл знову з "
            "--scans ТЕКА, яку записав export --scans)",
            f"{_line(line)} ({app.number}): scans not on this computer: {names} — the "
            "registry has them already, but they cannot be opened here (import this file "
            "again with --scans DIR, written by export --scans)",
        ),
        file=sys.stderr,
    )


def _report_draft(
    progress: Progress, line: int, problems: list[Problem], *, sent: bool = False
) -> None:
    """What a line kept as a draft still lacks (it is not sent until it is finished); with
    ``sent``, what a case the registry holds already does not pass here (today's codifier
    or rules): taken as it was sent."""
    if not problems:
        return  # (nothing to say: the progress bar stays on its line)
    progress.end_line()
    kept = (
        say("збережено як чернетку", "kept as a draft")
        if not sent
        else say(
            "збережено як є: заяву вже надіслано до реєстру",
            "kept as it is: the application was sent to the registry already",
        )
    )
    for problem in problems:
        print(
            f"{_line(line)} ({kept}): {problem.field}: {problem.message(lang())}",
            file=sys.stderr,
        )


def _spread_over_lines(head: list[str]) -> bool:
    """Whether the file's first two lines that are not blank are the start of one JSON
    object written over many lines (pretty-printed): the first begins an object and is no
    JSON by itself, and the second does not begin another (in JSON Lines each does)."""
    if len(head) < 2 or not head[0].startswith("{") or head[1].startswith("{"):
        return False
    try:
        json.loads(head[0])
    except ValueError:
        return True
    return False
