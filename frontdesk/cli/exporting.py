"""`frontdesk export`: every application as JSON Lines, to a file only its owner may
read (written whole or not at all) or to standard output, with a warning that it is
personal data in the clear; with ``--scans DIR``, their scans beside it
(:mod:`frontdesk.cli.scan_files`), and without, a warning that they stay here."""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from frontdesk import partials
from frontdesk.cli import signin
from frontdesk.cli.common import Failed, keep_private, open_profile
from frontdesk.cli.scan_files import ScanExport, check_scans_folder
from frontdesk.command_language import APPLICATIONS, counted, say
from frontdesk.document import dumps
from frontdesk.profile import Profile


def export_all(args: argparse.Namespace) -> int:
    output: Path | None = args.output
    folder: Path | None = args.scans
    if output is not None:
        _check_output(output)
    if folder is not None:
        check_scans_folder(folder, made=True)
    with open_profile(args) as profile:
        who = signin.signed_in(profile, args)
        written = [0]  # (applications written so far: a pipe closed early, Ctrl+C)
        scans = ScanExport(profile.applications, folder)
        try:
            if output is None:
                keep_private(sys.stdout)
                _export(profile, sys.stdout.write, written, scans)
            else:
                _export_to_file(profile, output, written, scans)
        except BaseException:
            # Cut short (a pipe closed early, Ctrl+C): what was printed is out all the
            # same, in the access log and warned of (a file cut short is removed whole,
            # and the scans written for it with it).
            if output is None and written[0]:
                profile.applications.note_access(who, "exported", str(written[0]))
                _warn_unencrypted(None, written[0], folder if scans.written else None)
            else:
                scans.remove_written()
            raise
        count = written[0]
        profile.applications.note_access(who, "exported", str(count))
        stripped = profile.applications.stripped_count()
    if stripped:  # (on stderr: the file on stdout stays JSON Lines)
        print(
            say(
                f"Не експортовано: {stripped} — розглянуті заяви, персональні дані яких "
                "видалено з цього комп'ютера після строку зберігання (їх зберігає реєстр).",
                f"Not exported: {stripped} — decided cases whose personal data was removed "
                "from this computer after the retention period (the registry keeps them).",
            ),
            file=sys.stderr,
        )
    if output is not None:
        applications = counted(count, *APPLICATIONS)
        print(
            say(f"Експортовано: {applications} → {output}", f"Exported: {applications} → {output}")
        )
    if folder is not None:  # (on stderr when the file is standard output)
        carried = len(scans.carried)
        print(
            say(
                f"Експортовано сканів: {carried} → {folder}",
                f"Scans exported: {carried} → {folder}",
            ),
            file=sys.stdout if output is not None else sys.stderr,
        )
    for line in scans.report():
        print(line, file=sys.stderr)
    _warn_unencrypted(output, count, folder if scans.carried else None)
    return 0


def _warn_unencrypted(output: Path | None, count: int, folder: Path | None = None) -> None:
    applications = counted(count, *APPLICATIONS)
    where = (
        say(f"файл {output}", f"the file {output}")
        if output
        else say("те, що виведено (стандартний вивід),", "what was printed (standard output)")
    )
    if folder is not None:  # (both are: the scans are residents' documents)
        where = say(f"{where} і скани в теці {folder}", f"{where} and the scans in {folder}")
        text = say(
            f"УВАГА: {where} НЕ зашифровано й містять персональні дані заявників "
            f"({applications}). Не залишайте їх на спільних чи знімних дисках, передавайте "
            "лише зашифрованими і видаліть одразу після використання.",
            f"WARNING: {where} are NOT encrypted and hold residents' personal data "
            f"({applications}). Do not leave them on shared or removable drives, pass them on "
            "only encrypted, and delete them as soon as they have been used.",
        )
    else:
        text = say(
            f"УВАГА: {where} НЕ зашифровано й містить персональні дані заявників "
            f"({applications}). Не залишайте його на спільних чи знімних дисках, передавайте "
            "лише зашифрованим і видаліть одразу після використання.",
            f"WARNING: {where} is NOT encrypted and holds residents' personal data "
            f"({applications}). Do not leave it on shared or removable drives, pass it on "
            "only encrypted, and delete it as soon as it has been used.",
        )
    print(text, file=sys.stderr)


def _export(
    profile: Profile, write: Callable[[str], object], written: list[int], scans: ScanExport
) -> int:
    """Every application, one JSON line each, given to ``write``, its scans to ``scans``;
    how many (also kept in ``written[0]`` as it goes, for an export cut short)."""
    for app in profile.applications.export():
        scans.take(app)  # (first: a line printed has its scans beside it)
        write(dumps(app) + "\n")
        written[0] += 1
    return written[0]


def _check_output(output: Path) -> None:
    """``export --output FILE``: refused before the sign-in if it cannot be written there."""
    if output.is_dir():
        raise Failed(say(f"{output}: це тека, а не файл", f"{output}: a folder, not a file"))
    folder = output.parent
    if not folder.is_dir():
        raise Failed(
            say(f"{output}: теки {folder} немає", f"{output}: there is no folder {folder}")
        )


PARTIAL_PREFIX = ".frontdesk-export-"  # an export being written: ".frontdesk-export-NAME.….part"


def _export_to_file(profile: Profile, output: Path, written: list[int], scans: ScanExport) -> int:
    """Written to a new file only its owner may read (0600) beside ``output``, which
    replaces ``output`` once it is whole: an interrupted export leaves no half file, and no
    one else could read it while it was written."""
    # (an export cut off before, to any name: its hidden partial holds residents' data;
    # and one named as before this version, to this name)
    partials.remove_abandoned(output.parent, f"{PARTIAL_PREFIX}*.part")
    partials.remove_abandoned(output.parent, f".{glob.escape(output.name)}.*.part")
    try:
        handle, temporary = tempfile.mkstemp(
            dir=output.parent, prefix=f"{PARTIAL_PREFIX}{output.name}.", suffix=".part"
        )
    except OSError as exc:  # (said of the file asked for, not of the temporary one)
        raise OSError(exc.errno, exc.strerror, str(output)) from exc
    partials.hold(handle)
    try:
        with os.fdopen(handle, "wb") as file:
            count = _export(profile, _encoded(file.write), written, scans)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o600)  # (mkstemp's own mode; said, not assumed)
        os.replace(temporary, output)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return count


def _encoded(write: Callable[[bytes], object]) -> Callable[[str], object]:
    return lambda line: write(line.encode("utf-8"))
