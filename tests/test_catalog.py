"""The service catalogue: which documents a service needs from which household."""

from __future__ import annotations

import json
from typing import Any

import pytest

from frontdesk.catalog import CatalogError, ServiceCatalog
from frontdesk.model import HouseholdMember
from resources import resource

APPLICANT = HouseholdMember(relationship="applicant", disability_group="II")
DISABLED_CHILD = HouseholdMember(relationship="child", disability_group="CHILD")


def _bundled() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resource("catalog", "services.json").read_text(encoding="utf-8")
    )
    return data


def test_248_asks_for_the_childs_birth_certificate_only_when_the_disabled_child_is_listed() -> None:
    """An adult disabled from childhood applying for themselves has no child's birth
    certificate to bring; for a disabled child it is still needed."""
    catalog = ServiceCatalog.bundled()
    alone = catalog.required_documents(["248"], [APPLICANT])
    assert alone == ["identity_document", "medical_conclusion", "rnokpp"]
    with_child = catalog.required_documents(["248"], [APPLICANT, DISABLED_CHILD])
    assert with_child == ["identity_document", "birth_certificate", "medical_conclusion", "rnokpp"]
    # A child without a disability is not the one 248 is paid for.
    healthy = HouseholdMember(relationship="child")
    assert "birth_certificate" not in catalog.required_documents(["248"], [APPLICANT, healthy])
    # Another service that needs it still asks for it: the birth grant's child is the subject.
    assert "birth_certificate" in catalog.required_documents(["248", "250"], [APPLICANT])


def test_an_older_catalogue_without_the_rule_still_loads_and_asks_for_every_document() -> None:
    data = _bundled()
    data["version"] = 2
    for service in data["services"]:
        service.pop("documents_when", None)
    catalog = ServiceCatalog.from_json(json.dumps(data))
    assert "birth_certificate" in catalog.required_documents(["248"], [APPLICANT])


def test_a_received_catalogue_with_a_document_rule_is_taken_up() -> None:
    data = _bundled()
    data["version"] += 1
    [pilhy] = [s for s in data["services"] if s["code"] == "pilhy"]
    pilhy["documents_when"] = {"rnokpp": {"relationship": "other"}}
    catalog = ServiceCatalog.newest(json.dumps(data))
    assert catalog.version == data["version"]
    assert catalog.required_documents(["pilhy"], [APPLICANT]) == ["benefit_entitlement"]
    lodger = HouseholdMember(relationship="other")
    assert "rnokpp" in catalog.required_documents(["pilhy"], [APPLICANT, lodger])


@pytest.mark.parametrize(
    "rule",
    [
        ["birth_certificate"],  # not a mapping
        {"birth_certificate": "child"},  # a rule that is not a mapping
        {"idp_certificate": {"relationship": "child"}},  # a document 248 does not need
    ],
)
def test_a_malformed_document_rule_is_refused_and_the_bundled_catalogue_kept(
    rule: object,
) -> None:
    data = _bundled()
    data["version"] += 1
    data["services"][0]["documents_when"] = rule
    with pytest.raises(CatalogError):
        ServiceCatalog.from_json(json.dumps(data))
    assert ServiceCatalog.newest(json.dumps(data)).version == ServiceCatalog.bundled().version
