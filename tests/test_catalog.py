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


@pytest.mark.parametrize("relationship", ["child", "grandchild", "ward"])
def test_248_asks_for_the_birth_certificate_of_a_disabled_grandchild_or_ward_too(
    relationship: str,
) -> None:
    """(a grandmother applying for her disabled grandchild, or a guardian for a ward, was
    never asked for the child's birth certificate: only a "child" row counted)"""
    catalog = ServiceCatalog.bundled()
    cared_for = HouseholdMember(relationship=relationship, disability_group="CHILD")
    assert "birth_certificate" in catalog.required_documents(["248"], [APPLICANT, cared_for])


def test_a_catalogue_whose_rule_names_one_relationship_still_loads() -> None:
    """(as catalogues published before a rule could name several)"""
    data = _bundled()
    [disability] = [s for s in data["services"] if s["code"] == "248"]
    disability["documents_when"]["birth_certificate"]["relationship"] = "child"
    catalog = ServiceCatalog.from_json(json.dumps(data))
    assert "birth_certificate" in catalog.required_documents(["248"], [APPLICANT, DISABLED_CHILD])
    ward = HouseholdMember(relationship="ward", disability_group="CHILD")
    assert "birth_certificate" not in catalog.required_documents(["248"], [APPLICANT, ward])


def test_an_applicant_who_refused_a_rnokpp_is_not_asked_for_a_document_of_one() -> None:
    """(an elderly resident with the refusal mark in her passport was sent away to bring a
    "document with the РНОКПП" she cannot have)"""
    catalog = ServiceCatalog.bundled()
    assert "rnokpp" in catalog.required_documents(["pilhy"], [APPLICANT])
    assert "rnokpp" not in catalog.required_documents(["pilhy"], [APPLICANT], rnokpp_refused=True)
