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
class Service:
    code: str
    name_uk: str
    name_en: str
    decides: str  # "УСЗН" or "ПФУ": the back office that decides
    documents: tuple[str, ...]
    means_tested: bool = False

    def name(self, lang: str = "uk") -> str:
        return self.name_en if lang == "en" else self.name_uk


class CatalogError(ValueError):
    """A catalogue file that cannot be used."""


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
