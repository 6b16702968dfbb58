"""The service catalogue: which services exist, what each needs, who decides.

A version ships in ``resources/catalog/services.json``; the registry may send
a newer one, which the store keeps and :meth:`ServiceCatalog.newest` prefers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from resources import resource


@dataclass(frozen=True)
class ChildrenRule:
    """The children a service is paid for, who must be in the household: rows of this
    relationship, at least so many, each (when its birth date is known) younger than
    ``younger_than`` years at the date of application (None: any age)."""

    relationship: str = "child"
    at_least: int = 1
    younger_than: int | None = None


RNOKPP_DOCUMENT = "rnokpp"  # the checklist's document of a РНОКПП


@dataclass(frozen=True)
class MemberRule:
    """Whom a document is about, who must be in the household for it to be asked for: a
    row of one of these relationships (with a disability group, when ``disability``). The
    child's birth certificate for 248 is about a disabled child (a son, a grandchild, a
    ward): an adult disabled from childhood who applies for themselves has none to bring."""

    relationships: tuple[str, ...] = ("child",)
    disability: bool = False


class Member(Protocol):
    """What a document rule reads of a household row (:class:`frontdesk.model.HouseholdMember`)."""

    @property
    def relationship(self) -> str: ...

    @property
    def disability_group(self) -> str: ...


@dataclass(frozen=True)
class Service:
    code: str
    name_uk: str
    name_en: str
    decides: str  # "УСЗН" or "ПФУ": the back office that decides
    documents: tuple[str, ...]
    means_tested: bool = False
    children: ChildrenRule | None = None
    # Applied for no later than this many months after the child's birth (the birth grant:
    # the back office refuses a later application).
    apply_within_months_of_birth: int | None = None
    # For a person with a disability (the applicant or a child): someone in the household
    # has a disability group.
    disability: bool = False
    # Documents asked for only when the household has the person they are about (the rest
    # of ``documents`` always are).
    documents_when: tuple[tuple[str, MemberRule], ...] = ()

    def documents_for(self, household: Sequence[Member]) -> list[str]:
        """The documents this service needs from this household."""
        rules = dict(self.documents_when)
        return [
            code
            for code in self.documents
            if (rule := rules.get(code)) is None
            or any(
                m.relationship in rule.relationships and (m.disability_group or not rule.disability)
                for m in household
            )
        ]

    def name(self, lang: str = "uk") -> str:
        return self.name_en if lang == "en" else self.name_uk


class CatalogError(ValueError):
    """A catalogue file that cannot be used."""


def _optional_int(value: object) -> int | None:
    return None if value is None else int(str(value))


def _documents_when(data: object) -> tuple[tuple[str, MemberRule], ...]:
    if data is None:
        return ()
    if not isinstance(data, dict) or not all(isinstance(r, dict) for r in data.values()):
        raise CatalogError(f"malformed documents_when: {data!r}")
    return tuple(
        (
            str(code),
            MemberRule(
                relationships=_relationships(rule.get("relationship", "child")),
                disability=bool(rule.get("disability", False)),
            ),
        )
        for code, rule in data.items()
    )


def _relationships(data: object) -> tuple[str, ...]:
    """A rule's relationship: one ("child"), or several (["child", "grandchild", "ward"])."""
    if isinstance(data, list) and data and all(isinstance(item, str) for item in data):
        return tuple(data)
    if isinstance(data, str):
        return (data,)
    raise CatalogError(f"malformed relationship: {data!r}")


def _children_rule(data: object) -> ChildrenRule | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise CatalogError(f"malformed children rule: {data!r}")
    return ChildrenRule(
        relationship=str(data.get("relationship", "child")),
        at_least=int(data.get("at_least", 1)),
        younger_than=_optional_int(data.get("younger_than")),
    )


@dataclass(frozen=True)
class ServiceCatalog:
    version: int
    published: str
    services: dict[str, Service]
    document_names: dict[str, tuple[str, str]]

    @classmethod
    def from_json(cls, text: str) -> ServiceCatalog:
        try:
            data: dict[str, Any] = json.loads(text)
            documents = {
                code: (str(names["uk"]), str(names["en"]))
                for code, names in data["documents"].items()
            }
            services = {}
            for item in data["services"]:
                service = Service(
                    code=str(item["code"]),
                    name_uk=str(item["uk"]),
                    name_en=str(item["en"]),
                    decides=str(item["decides"]),
                    documents=tuple(item.get("documents", ())),
                    means_tested=bool(item.get("means_tested", False)),
                    children=_children_rule(item.get("children")),
                    apply_within_months_of_birth=_optional_int(
                        item.get("apply_within_months_of_birth")
                    ),
                    disability=bool(item.get("disability", False)),
                    documents_when=_documents_when(item.get("documents_when")),
                )
                unknown = set(service.documents) - documents.keys()
                if unknown:
                    raise CatalogError(f"service {service.code}: unknown documents {unknown}")
                stray = {code for code, _rule in service.documents_when} - set(service.documents)
                if stray:
                    raise CatalogError(
                        f"service {service.code}: documents_when names documents it does not "
                        f"need: {stray}"
                    )
                services[service.code] = service
            return cls(int(data["version"]), str(data["published"]), services, documents)
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, CatalogError):
                raise
            raise CatalogError(f"malformed service catalogue: {exc}") from exc

    @classmethod
    def bundled(cls) -> ServiceCatalog:
        return cls.from_json(resource("catalog", "services.json").read_text(encoding="utf-8"))

    @classmethod
    def newest(cls, received_json: str | None) -> ServiceCatalog:
        """The bundled catalogue, or a received one when it is newer."""
        bundled = cls.bundled()
        if received_json:
            try:
                received = cls.from_json(received_json)
            except CatalogError:
                return bundled
            if received.version > bundled.version:
                return received
        return bundled

    def get(self, code: str) -> Service | None:
        return self.services.get(code)

    def document_name(self, code: str, lang: str = "uk") -> str:
        uk, en = self.document_names.get(code, (code, code))
        return en if lang == "en" else uk

    def required_documents(
        self,
        service_codes: Iterable[str],
        household: Sequence[Member],
        *,
        rnokpp_refused: bool = False,
    ) -> list[str]:
        """The documents an application for these services with this household needs: the
        union of each service's (:meth:`Service.documents_for`), in catalogue order, no
        repeats. The one answer the validator, the form and the receipt all give. An
        applicant who refused a РНОКПП (``rnokpp_refused``) brings no document of one: the
        mark in her passport is the proof (DOMAIN.md)."""
        seen: dict[str, None] = {}
        for code in service_codes:
            service = self.services.get(code)
            if service:
                seen.update(dict.fromkeys(service.documents_for(household)))
        if rnokpp_refused:
            seen.pop(RNOKPP_DOCUMENT, None)
        return list(seen)
