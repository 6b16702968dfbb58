"""PySide6's look at each imported module (which use PySide, for its ``__feature__``
switches) gives the same answers when it searches the file's bytes (ui.import_scan)."""

from __future__ import annotations

import ast
import sys

import ui.import_scan
from tests.test_architecture import _python
from ui.import_scan import CHECK, FEATURE_MODULE, quicker_scan


def test_the_app_puts_the_quicker_check_in_place_before_pyside_looks_at_its_modules() -> None:
    """Loaded as the app loads it: the window's modules are seen as PySide users; the
    core, the standard library and a ui module that names no PySide6 are not (PySide6
    ignores them when a feature is switched)."""
    code = (
        "import sys\n"
        "import frontdesk.cli, ui.app, ui.main_window\n"
        f"feature = sys.modules[{FEATURE_MODULE!r}]\n"
        f"check = getattr(feature, {CHECK!r})\n"
        "names = ('ui.login', 'ui.journal', 'ui.preferences', 'frontdesk.model', 'json')\n"
        "print([getattr(check, 'quicker', False)]"
        " + [feature.pyside_feature_dict.get(n) for n in names])\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    quicker, *marks = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert quicker is True
    assert marks == [0, 0, -1, -1, -1]  # 0: uses PySide6; -1: ignored by its features


def test_the_quicker_check_answers_as_pysides_own_for_every_loaded_module(qapp: object) -> None:
    quicker_scan()  # (once per process: a second call changes nothing)
    assert quicker_scan() is False
    check = getattr(sys.modules[FEATURE_MODULE], CHECK)
    assert check.quicker is True
    modules = [m for m in list(sys.modules.values()) if m is not None]
    assert len(modules) > 100
    answers = {m.__name__: check(m) for m in modules}
    assert answers == {m.__name__: check.original(m) for m in modules}
    assert answers["ui.import_scan"] is True and answers["frontdesk.model"] is False
    assert answers["sys"] is False  # (built in: no file, PySide6's own check answers)
    assert ui.import_scan.__name__ in answers
