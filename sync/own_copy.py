"""A revision this laptop sent, asked back from the registry.

Retention removes a decided case's personal data from the laptop once its window has
passed (:mod:`frontdesk.store.retention`); the registry keeps the whole case. If the back
office returns such a case for correction later, nothing of the person is left here to
correct: the correction starts from the returned revision as the registry holds it
(:meth:`frontdesk.store.applications.ApplicationStore.start_revision`). The registry
gives a workstation the revisions of its own community's applications
(``GET /v1/applications/{id}/revisions/{n}``: docs/protocol.md), as delivered.
"""

from __future__ import annotations

from frontdesk.document import DocumentError, parse
from frontdesk.model import Application
from frontdesk.profile import Profile
from frontdesk.secrets import DEVICE_TOKEN
from frontdesk.store.decision_time import registry_time
from frontdesk.store.outbox import CA_BUNDLE_KEY, REGISTRY_KEY
from sync.errors import NotEnrolled, ProtocolError
from sync.protocol import RegistryClient
from sync.transport import Transport


def sent_revision(profile: Profile, application_id: str, revision: int) -> Application | None:
    """The registry's copy of that revision, or None when it holds none. Raises what
    talking to the registry raises (:mod:`sync.errors`: not enrolled, offline, …), and
    :class:`~sync.errors.ProtocolError` for a copy this laptop cannot read."""
    url = profile.outbox.setting(REGISTRY_KEY)
    token = profile.secrets.get(DEVICE_TOKEN)
    if not url or not token:
        raise NotEnrolled()
    transport = Transport(  # (as the sync's: sync.workstation.connect)
        url,
        token=token,
        ca_bundle=profile.outbox.setting(CA_BUNDLE_KEY),
        clock=profile.applications.now,
        registry_now=registry_time(profile.db),
    )
    try:
        document = RegistryClient(transport).revision_document(application_id, revision)
    finally:
        transport.close()
    if document is None:
        return None
    try:
        return parse(document)
    except DocumentError:  # (not chained: what it names may be personal data)
        raise ProtocolError("the registry's copy of the revision is unreadable here") from None
