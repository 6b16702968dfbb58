"""Two programs on one profile at once: the app open while the IT person runs a command.

Each program holds its own connection (and its own ``Profile``); what one of them
changes, the other must act on at its next write, not on what it read when it opened.
"""

from __future__ import annotations

from pathlib import Path

from frontdesk.model import Status
from frontdesk.profile import Profile
from tests.factories import application

TYPO = "UA18040530000045697"  # the code given at set-up, one digit wrong
COMMUNITY = "UA18040530000045696"


def test_the_open_app_stamps_the_community_set_at_the_command_line_meanwhile(
    tmp_path: Path,
) -> None:
    """The app is open with a draft on screen; the IT person corrects the community code
    (``frontdesk set-community``) and enrols. The app's next saves carry the corrected
    code: the draft on screen (the form still holds the old code) and a new application.
    With the old code they were refused by the registry as another community's, and the
    code could no longer be corrected once enrolled."""
    root = tmp_path / "profile"
    Profile.create(root, workstation="ZT01", community=TYPO).close()
    with Profile.open(root) as app, Profile.open(root) as cli:
        draft = application()
        draft.status = Status.DRAFT
        on_screen = app.applications.save(draft, "oksana").application
        assert on_screen.community == TYPO

        assert cli.change_community(COMMUNITY, "cli:it") == 1

        on_screen.status = Status.READY  # the worker finishes the draft on screen
        finished = app.applications.save(on_screen, "oksana").application
        new = app.applications.save(application(surname="Бондар"), "oksana").application
        assert (finished.community, new.community) == (COMMUNITY, COMMUNITY)
        stored = [cli.applications.get(a.id).community for a in (finished, new)]
        assert stored == [COMMUNITY, COMMUNITY]
