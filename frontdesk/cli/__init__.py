"""The ``frontdesk`` command line.

Core commands live here. The layers above the core (``sync``, ``ui``) add
their own commands through :data:`COMMAND_MODULES`: each such module has
``register(subparsers)``. They are looked up by name so the core never
imports them (the arrows only go down: ui → sync → frontdesk).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from frontdesk import __version__, hardening, logs
from frontdesk.cli import signin
from frontdesk.cli.common import Failed, folder, os_reason, undecodable
from frontdesk.command_language import Parser, lang, say
from frontdesk.errors import FrontDeskError
from frontdesk.paths import ENV_PORTABLE

COMMAND_MODULES = ("sync.commands", "ui.commands")
log = logging.getLogger("frontdesk")


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without ``commands``, only its options (with no command
    given, what it parses is the same, and the commands' parsers and modules are not built
    or loaded: part of the app's start). The other layers' command modules are imported
    either way."""
    parser = Parser(
        prog="frontdesk",
        description=say(
            "FrontDesk: прийом заяв на соціальну допомогу, зокрема без зв'язку. "
            "Без команди запускає програму робочого місця. Мова: FRONTDESK_LANG=uk або en.",
            "FrontDesk: offline-first intake of social assistance applications. "
            "With no command, starts the workstation app. Language: FRONTDESK_LANG=uk or en.",
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"FrontDesk {__version__}",
        help=say("показати версію програми й вийти", "show the program's version and exit"),
    )
    parser.add_argument(
        "--data-dir",
        type=folder,
        metavar=say("ТЕКА", "DIR"),
        help=say(
            "тека профілю (типово: FRONTDESK_DATA_DIR або тека даних системи)",
            "profile folder (default: FRONTDESK_DATA_DIR or the platform's data folder)",
        ),
    )
    parser.add_argument(
        "--portable",
        action="store_true",
        help=say(
            "тримати профіль і журнали поруч із програмою (data/, logs/), "
            "напр. на USB-накопичувачі",
            "keep the profile and logs beside the program (data/, logs/), e.g. on a USB stick",
        ),
    )
    signin.add_global_option(parser)
    sub = parser.add_subparsers(dest="command", metavar=say("КОМАНДА", "COMMAND"))
    if commands:  # (their modules too: with no command they are never loaded)
        from frontdesk.cli import apps, operations, operators, reference

        apps.register(sub)
        reference.register(sub)
        operators.register(sub)
        operations.register(sub)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # that layer is not installed: its commands are simply absent
            raise
        if commands:
            module.register(sub)
    return parser


def _end_cleanly_on_signals() -> None:
    """A command ended by the system (shut down, logged out: SIGTERM) or its terminal
    closed (SIGHUP) ends as on an error: what it wrote half is removed (an export's hidden
    partial held residents' data in clear, for good), a transaction is rolled back. Left
    as it is where it was set to be ignored (``nohup``)."""
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        with contextlib.suppress(ValueError, OSError):  # (not the main thread; no such)
            if signal.getsignal(signum) is signal.SIG_DFL:
                signal.signal(signum, _ended)


def _ended(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    missed = hardening.harden_process()  # first: before anything personal is in memory
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(commands=bool(argv))  # (nothing typed: a worker starts the app)
    args = parser.parse_args(argv)
    typed = undecodable(args)
    if typed is not None:  # (before anything is opened: the command cannot be meant so)
        print(
            say(
                f"frontdesk: помилка: «{typed}» — не текст у кодуванні UTF-8 (літеру набрано "
                "не до кінця або термінал в іншому кодуванні); наберіть це значення знову",
                f"frontdesk: error: «{typed}» is not UTF-8 text (a letter typed only in part, "
                "or a terminal in another code page); type this value again",
            ),
            file=sys.stderr,
        )
        return 2
    if args.portable:
        os.environ[ENV_PORTABLE] = "1"
    log_file = logs.configure()
    log.info("frontdesk %s: %s", __version__, getattr(args, "command", None) or "gui")
    if missed:
        log.info("not available on this system: %s", ", ".join(missed))
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = getattr(args, "default_handler", None) or _no_gui
    if getattr(args, "command", None) not in (None, "gui"):  # (Qt's loop: not in Python)
        _end_cleanly_on_signals()
    try:
        result: int = handler(args)
        return result
    except FrontDeskError as exc:
        print(exc.message(lang()), file=sys.stderr)
        return 1
    except Failed as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # writing the output or a file the command was given
        where = f": {exc.filename}" if exc.filename else ""
        print(
            say(
                f"Не вдалося прочитати чи записати файл{where} — {os_reason(exc)}",
                f"Could not read or write the file{where} — {os_reason(exc)}",
            ),
            file=sys.stderr,
        )
        return 1
    except MemoryError:
        print(
            say(
                "Забагато даних для пам'яті цього комп'ютера — розбийте файл на частини",
                "Too much data for this computer's memory — split the file into parts",
            ),
            file=sys.stderr,
        )
        return 1
    except Exception:  # a bug: its message may quote what was typed, a traceback helps no one
        command = getattr(args, "command", None) or "gui"
        log.error("unexpected error in %s", command, exc_info=True, extra=logs.FILE_ONLY)
        print(_unexpected(log_file), file=sys.stderr)
        return 1


def _unexpected(log_file: Path | None) -> str:
    """What a worker is told of a bug in a command: one line, no message, no traceback."""
    if log_file is None:
        return say(
            "frontdesk: непередбачена помилка в програмі; збережене досі не втрачено. "
            "Журнал не вдалося записати, тож подробиць немає",
            "frontdesk: an unexpected error in the program; nothing saved so far is lost. "
            "The log could not be written, so there are no details",
        )
    return say(
        "frontdesk: непередбачена помилка в програмі; збережене досі не втрачено. "
        f"Подробиці (без персональних даних) — у журналі {log_file}",
        "frontdesk: an unexpected error in the program; nothing saved so far is lost. "
        f"The details (without personal data) are in the log {log_file}",
    )


def _no_gui(args: argparse.Namespace) -> int:
    if "ui.commands" in sys.modules:
        gui = sys.modules["ui.commands"]
        result: int = gui.run_gui(args)
        return result
    print(
        say(
            "Графічний інтерфейс ще не встановлено; скористайтеся командами (frontdesk --help).",
            "The graphical interface is not installed; use the commands (frontdesk --help).",
        ),
        file=sys.stderr,
    )
    return 2
