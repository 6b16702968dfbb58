"""Reading the registry's change feed into the outbox: decisions, catalogues, and what the
registry lost, found when the feed is read whole (a part of :class:`sync.engine.SyncEngine`'s
round)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from frontdesk.document import parse
from frontdesk.errors import FrontDeskError
from frontdesk.model import Application
from frontdesk.store.applications import ApplicationStore
from frontdesk.store.outbox import CURSOR_KEY, FULL_READ_KEY, Outbox
from sync.errors import CursorNotKnown
from sync.protocol import RegistryClient
from sync.reports import PullReport

log = logging.getLogger(__name__)


def read_feed(
    client: RegistryClient,
    outbox: Outbox,
    applications: ApplicationStore,
    report: PullReport,
    stop_asked: Callable[[], bool],
) -> PullReport:
    """Apply every change of the registry's feed after the stored cursor.

    When the feed is read whole (the first read after enrolling, or the registry no
    longer knew the cursor: restored from an older copy, or set up anew), what this
    laptop delivered and the feed never named is queued again (send_again_unheld):
    the registry lost it, and nothing else would ever send it. An interrupted whole
    read starts over at the next round, so the comparison always sees all of it.
    """
    whole = bool(outbox.setting(FULL_READ_KEY))
    if whole and outbox.setting(CURSOR_KEY) is not None:
        outbox.read_feed_from_start()  # (a whole read cut short: again)
    elif not whole and outbox.setting(CURSOR_KEY) is None:
        outbox.read_feed_from_start()
        whole = True
    held: dict[str, int] = {}  # id → the highest revision the feed names (one per case)
    started_over = False
    while True:
        try:
            page = client.changes(outbox.setting(CURSOR_KEY))
        except CursorNotKnown:
            if started_over:
                raise
            # Changes applied again change nothing (a status already there is not
            # recorded twice, nor taken back): the feed is simply read from the start.
            log.warning("the registry does not know this cursor: reading its feed again")
            outbox.read_feed_from_start()
            started_over = whole = True
            held.clear()
            continue
        if whole:
            for change in page.changes:
                if change.get("kind") == "status":
                    app_id, revision = str(change["application_id"]), int(change["revision"])
                    held[app_id] = max(held.get(app_id, 0), revision)
        later = _later_revisions(client, applications, page.changes)
        # A refusal of a returned case on this page may be cancelled on the next
        # (reopened, returned again: 500 changes a page, and other laptops' deliveries
        # in between): only the registry's last word on a case may take the worker's
        # correction away, once the feed is read to its end (the last page settles).
        last_page = not page.more or not page.changes
        report.applied += outbox.apply_changes(
            page.changes, page.cursor, later, registry_time=page.now, settle=last_page
        )
        report.pages += 1
        if last_page:
            break
        if stop_asked():  # (a whole read cut short is read again next round)
            return report
    if whole:
        lost = outbox.send_again_unheld(held)
        report.sent_again += len(lost)
        if lost:  # (ids and revisions only: no personal data in the log)
            log.warning(
                "the registry's feed does not name %d application(s) delivered from "
                "here: queued again",
                len(lost),
            )
            for app_id, revision in lost:
                log.info("queued again: %s revision %s", app_id, revision)
    return report


def _later_revisions(
    client: RegistryClient, applications: ApplicationStore, changes: list[dict[str, Any]]
) -> list[Application]:
    """The revisions, from the registry, that changes speak of and this laptop lacks
    while it has the application (restored from a backup older than them: a later
    revision, or the one it holds as a draft)."""
    later: dict[tuple[str, int], Application] = {}
    for change in changes:
        if change.get("kind") != "status":
            continue
        app_id, revision = str(change["application_id"]), int(change["revision"])
        if (app_id, revision) in later:
            continue
        if not applications.revision_to_take(app_id, revision):
            continue
        document = client.revision_document(app_id, revision)
        if document is None:
            continue
        try:
            later[(app_id, revision)] = parse(document)
        except FrontDeskError as exc:  # (its status is left unapplied, as before)
            log.warning("the registry's revision %s of %s is unreadable here", revision, app_id)
            log.info("why: %s", exc.code)
    return list(later.values())
