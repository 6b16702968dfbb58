"""The service catalogue: which services exist, what each needs, who decides.

A version ships in ``resources/catalog/services.json``; the registry may send
a newer one, which the store keeps and :meth:`ServiceCatalog.newest` prefers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from resources import resource


@dataclass(frozen=True)
class ChildrenRule:
    """The children a service is paid for, who must be in the household: rows of this
    relationship, at least so many, each (when its birth date is known) younger than
    ``younger_than`` years at the date of application (None: any age)."""

    relationship: str = "child"
    at_least: int = 1
    younger_than: int | None = None


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

    def name(self, lang: str = "uk") -> str:
        return self.name_en if lang == "en" else self.name_uk


class CatalogError(ValueError):
    """A catalogue file that cannot be used."""


def _optional_int(value: object) -> int | None:
    return None if value is None else int(str(value))


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
                )
                unknown = set(service.documents) - documents.keys()
                if unknown:
                    raise CatalogError(f"service {service.code}: unknown documents {unknown}")
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

    def required_documents(self, service_codes: list[str]) -> list[str]:
        """The union of the documents the services need, in catalogue order, no repeats."""
        seen: dict[str, None] = {}
        for code in service_codes:
            service = self.services.get(code)
            if service:
                seen.update(dict.fromkeys(service.documents))
        return list(seen)
