"""A workstation profile with the real codifier, an operator, and a session over it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from frontdesk.profile import Profile
from tests.conftest import KATOTTG_CSV
from ui.form import ApplicationForm
from ui.i18n import Translations
from ui.pyside_fixes import keep_singletons_alive
from ui.session import Session, open_session

OPERATOR = "olena"
OPERATOR_NAME = "Олена Петренко"
COMMUNITY = "UA18040530000045696"


def make_profile(root: Path) -> Path:
    """A profile as the first-run wizard leaves it, with the codifier and one operator."""
    with Profile.create(root, workstation="ZT01", community=COMMUNITY) as profile:
        profile.places.import_csv(KATOTTG_CSV)
        profile.operators.add(OPERATOR, "correct horse battery", OPERATOR_NAME)
    return root


@pytest.fixture(autouse=True)
def _pyside_singletons(qapp: QApplication) -> None:
    """PySide6 6.12.0 drops references to None and True (see ui.pyside_fixes), as the app."""
    keep_singletons_alive()


@pytest.fixture
def ukrainian(qapp: QApplication) -> Iterator[Translations]:
    """The GUI speaks Ukrainian, as it does by default in the app."""
    translations = Translations()
    translations.switch("uk")
    yield translations
    translations.switch("en")


@pytest.fixture
def profile_root(tmp_path: Path) -> Path:
    return make_profile(tmp_path / "profile")


@pytest.fixture
def session(profile_root: Path) -> Iterator[Session]:
    opened = open_session(profile_root, OPERATOR, synchronous=True)
    yield opened
    opened.close()


@contextmanager
def shown_form(session: Session) -> Iterator[ApplicationForm]:
    widget = ApplicationForm(session)
    widget.resize(1366, 900)
    widget.show()
    QApplication.processEvents()
    yield widget
    # Gone before the language switches back and the session closes.
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def form(session: Session, ukrainian: Translations) -> Iterator[ApplicationForm]:
    with shown_form(session) as widget:
        yield widget


@pytest.fixture
def threaded_session(profile_root: Path) -> Iterator[Session]:
    """A session whose database lane is a real thread, as in the app: work queued there
    finishes later, while the worker goes on."""
    opened = open_session(profile_root, OPERATOR)
    yield opened
    opened.close()


@pytest.fixture
def threaded_form(threaded_session: Session, ukrainian: Translations) -> Iterator[ApplicationForm]:
    with shown_form(threaded_session) as widget:
        yield widget
