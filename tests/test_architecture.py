"""The layering rules of DESIGN.md, checked on the source and at run time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

FORBIDDEN_IN_CORE = ("PySide6", "PyQt5", "PyQt6", "ui")
CORE_PACKAGES = ("frontdesk", "sync")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def top_level(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_source_never_imports_qt_or_ui(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in imported_modules(path)
        if top_level(name) in FORBIDDEN_IN_CORE
    ]
    assert offenders == []


def test_frontdesk_never_imports_sync_or_registry() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "frontdesk").rglob("*.py"))
        for name in imported_modules(path)
        if top_level(name) in ("sync", "registry", "ui")
    ]
    assert offenders == []


def test_registry_uses_only_the_pure_core() -> None:
    allowed = {
        "frontdesk",
        "frontdesk.model",
        "frontdesk.document",
        "frontdesk.differences",
        "frontdesk.validation",
        "frontdesk.catalog",
        "frontdesk.identifiers",
        "frontdesk.text",
        "frontdesk.messages",
        "frontdesk.errors",
        "frontdesk.command_language",
    }
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "registry").rglob("*.py"))
        for name in imported_modules(path)
        if top_level(name) in ("sync", "ui")
        or (top_level(name) == "frontdesk" and name not in allowed)
    ]
    assert offenders == []


SQL_CALLS = frozenset({"execute", "executemany", "executescript", "query", "scalar"})


def test_the_gui_never_runs_sql() -> None:
    """ui/ calls the core, which owns the schema (issue #4: "never SQL or HTTP directly")."""
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}: .{node.func.attr}()"
        for path in sorted((ROOT / "ui").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SQL_CALLS
    ]
    assert offenders == []


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter, from the project's root (what it imports, counts)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_core_runs_without_qt_loaded() -> None:
    """Importing every core module and running the CLI parser loads no Qt."""
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in CORE_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if path.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "from frontdesk.cli import build_parser\n"
        "build_parser()\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stdout + result.stderr


def _loaded_of(modules: tuple[str, ...], *, after: str) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after running ``after``."""
    code = f"import sys\n{after}print(sorted(m for m in {modules!r} if m in sys.modules))\n"
    result = _python(code)
    assert result.returncode == 0, result.stderr
    loaded: list[str] = ast.literal_eval(result.stdout.strip())
    return loaded


def test_the_command_line_every_start_builds_loads_no_http_stack() -> None:
    """``frontdesk`` builds its whole command line at every start, the app's too: the
    commands that talk to the registry load the HTTP client only when they run."""
    http = ("requests", "urllib3", "sync.engine", "sync.workstation", "sync.transport", "registry")
    setup = "from frontdesk.cli import build_parser\nbuild_parser()\n"
    assert _loaded_of(http, after=setup) == []


def test_the_start_before_qt_loads_no_network_modules() -> None:
    """Every start builds the command line and sets up logging before Qt, and imports
    keyring to read the key before the sign-in window: without what keyring's imports load
    for a download, a command, discovery and a config file (urllib.request with the
    http.client, ssl and email it loads, subprocess, importlib_metadata, more_itertools,
    configparser), nor socket and pickle, which logging.handlers loads for the handlers
    that send records away (frontdesk.deferred)."""
    setup = (
        "import os, tempfile\n"
        "os.environ['FRONTDESK_LOG_DIR'] = tempfile.mkdtemp()\n"
        "from frontdesk import logs\n"
        "from frontdesk.cli import build_parser\n"
        "build_parser(commands=False)\n"  # (nothing typed: how a worker starts the app)
        "assert logs.configure() is not None\n"
    )
    network = ("urllib.request", "http.client", "ssl", "email", "importlib_metadata")
    others = ("more_itertools", "subprocess", "configparser", "socket", "pickle")
    assert _loaded_of(network + others, after=setup) == []


def test_the_app_started_with_no_command_loads_no_command_of_the_core() -> None:
    """With nothing typed (a worker starting the app), the modules of the core's commands
    (import, export, list, operators, backup, …) are not loaded; a command loads its own."""
    commands = (
        "frontdesk.cli.apps",
        "frontdesk.cli.exporting",
        "frontdesk.cli.importing",
        "frontdesk.cli.operations",
        "frontdesk.cli.operators",
        "frontdesk.cli.reference",
    )
    gui = "from frontdesk.cli import build_parser\nbuild_parser(commands=False)\n"
    assert _loaded_of(commands, after=gui) == []
    listing = "from frontdesk.cli import build_parser\nbuild_parser().parse_args(['list'])\n"
    assert _loaded_of(commands, after=listing) == list(commands)


def test_what_keyring_was_imported_without_loads_when_used() -> None:
    """Discovery lists the installed backends through importlib_metadata, jaraco.context
    reads urllib.request, and so on: each gets the real module, which later imports share."""
    code = (
        "import sys\n"
        "import frontdesk.secrets\n"
        "import jaraco.context, keyring.backend\n"
        "assert keyring.backend.get_all_keyring()\n"  # (entry points: importlib_metadata)
        "assert type(sys.modules['importlib_metadata']).__name__ == 'module'\n"
        "opener = jaraco.context.urllib.request.urlopen\n"
        "import urllib.request\n"
        "assert opener is urllib.request.urlopen\n"
        "assert type(urllib.request).__name__ == 'module'\n"
        "assert jaraco.context.urllib.request is urllib.request\n"
        "import jaraco.functools, more_itertools\n"
        "assert jaraco.functools.more_itertools.consume is more_itertools.consume\n"
        "import keyring.core, configparser, subprocess\n"
        "assert keyring.core.configparser.RawConfigParser is configparser.RawConfigParser\n"
        "assert jaraco.context.subprocess.DEVNULL == subprocess.DEVNULL\n"
        "import requests\n"  # (from urllib.request import …)
        "import logging.handlers, socket\n"
        "assert logging.handlers.socket.AF_INET is socket.AF_INET\n"
        "print('ok')\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_window_module_leaves_what_the_first_screen_does_not_need() -> None:
    """Start-up imports only what the sign-in needs: the main window and its journal load
    while the password is typed; the menus' dialogs, the form, the HTTP stack and
    QtNetwork when first used, after the first paint."""
    later = (
        "ui.main_window",
        "ui.journal",
        "ui.sync_controller",
        "ui.settings",
        "ui.restore",
        "ui.backup_dialog",
        "ui.form",
        "frontdesk.diagnostics",
        "PySide6.QtNetwork",
        "requests",
        "sync.engine",
    )
    code = f"import sys\nimport ui.app\nprint(sorted(m for m in {later!r} if m in sys.modules))\n"
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_main_window_loads_the_application_card_when_one_is_first_opened() -> None:
    assert _loaded_of(("ui.application_card",), after="import ui.main_window\n") == []


def test_the_main_window_loads_the_form_after_its_first_paint() -> None:
    """(The clock banner, built with the window, read a setting of the form's date fields:
    the whole form, ~20 modules, was loaded before the journal's first paint.)"""
    assert _loaded_of(("ui.form",), after="import ui.main_window\n") == []


def test_every_package_of_the_source_is_in_the_installed_distribution() -> None:
    """(ui.form was left out of pyproject's packages: installed from a wheel, not from
    the source tree, the app had no form)"""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("frontdesk", "sync", "ui", "registry", "resources")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found - listed == set()
