"""Qt translations: Ukrainian by default, English switchable at run time.

Source strings are English (``self.tr(...)`` / ``QCoreApplication.translate``);
every ``resources/translations/*_uk.qm`` is loaded for Ukrainian, so each
part of the GUI (shell, form, …) ships its own file. Qt's own strings (OK,
Cancel, …) come from the ``qtbase_uk.qm`` that PySide6 bundles.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resources import resource

log = logging.getLogger(__name__)
LANGUAGES = {"uk": "Українська", "en": "English"}


def translation_files(language: str) -> list[Path]:
    """Our compiled translations for ``language`` (none for English: it is the source)."""
    if language == "en":
        return []
    folder = resource("translations")
    if not folder.is_dir():
        return []
    return sorted(
        Path(str(item)) for item in folder.iterdir() if item.name.endswith(f"_{language}.qm")
    )


class Translations:
    """The translators installed in the application; :meth:`switch` swaps them."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def switch(self, language: str) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication first")
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        self.language = language if language in LANGUAGES else "uk"
        QLocale.setDefault(_locale(self.language))
        if self.language == "en":
            return  # removing the translators sends LanguageChange: widgets retranslate
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_base = QTranslator(app)
        if qt_base.load(f"qtbase_{self.language}", qt_dir):
            self._install(qt_base)
        for path in translation_files(self.language):
            translator = QTranslator(app)
            if translator.load(str(path)):
                self._install(translator)
            else:
                log.warning("cannot load translation %s", path)

    def _install(self, translator: QTranslator) -> None:
        app = QCoreApplication.instance()
        assert app is not None
        app.installTranslator(translator)
        self._installed.append(translator)


def current_language() -> str:
    """The language the GUI speaks now: "en" or "uk", as :meth:`Translations.switch` last
    set it (with the default locale), for words a widget says that Qt does not translate."""
    return "en" if QLocale().language() == QLocale.Language.English else "uk"


def _locale(language: str) -> QLocale:
    if language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine)
