"""Cases the back-office tests start from, set up as the workstation and the officer would."""

from __future__ import annotations

from dataclasses import dataclass

from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import make_document, revised
from tests.registry_process import RunningRegistry


@dataclass(frozen=True)
class CorrectedCase:
    number: str
    cursor: str  # the feed's position once the correction arrived: what follows is news


def returned_and_corrected(client: RegistryClient, registry: RunningRegistry) -> CorrectedCase:
    """An application sent, returned for correction ("Додайте довідку про доходи") and its
    correction (revision 2) just sent: the officer has not looked at it yet."""
    document = make_document(client.device.community)
    client.send(document)
    number = document["number"]
    registry.cli("decide", number, "return", "--reason", "Додайте довідку про доходи")
    client.send(revised(document))
    return CorrectedCase(number, client.changes()["cursor"])
