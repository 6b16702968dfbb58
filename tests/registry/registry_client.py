"""HTTP helpers acting as one enrolled workstation, so tests read as the protocol does."""

from __future__ import annotations

import hashlib
from typing import Any

import requests

from tests.registry.registry_samples import item
from tests.registry_process import Enrolment, RunningRegistry


class RegistryClient:
    def __init__(self, registry: RunningRegistry, device: Enrolment) -> None:
        self.registry = registry
        self.device = device
        self.session = requests.Session()
        self.session.headers.update(device.headers)

    def close(self) -> None:
        self.session.close()

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(f"{self.registry.url}{path}", timeout=15, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.put(f"{self.registry.url}{path}", timeout=15, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(f"{self.registry.url}{path}", timeout=30, **kwargs)

    def send(self, *documents: dict[str, Any]) -> list[dict[str, Any]]:
        """POST one batch; returns the per-item results."""
        response = self.post("/v1/applications/batch", json={"items": [item(d) for d in documents]})
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        assert len(results) == len(documents)
        return results

    def changes(self, cursor: str | None = None, limit: int = 100) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        response = self.get("/v1/changes", params=params)
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data

    def upload(self, data: bytes) -> dict[str, Any]:
        sha = hashlib.sha256(data).hexdigest()
        response = self.put(
            f"/v1/blobs/{sha}",
            params={"offset": 0, "size": len(data)},
            data=data,
            headers={"Content-Type": "application/octet-stream"},
        )
        assert response.status_code == 200, response.text
        status: dict[str, Any] = response.json()
        return status

    def shown(self, number: str) -> dict[str, Any]:
        """The application as the back office opens it (``show``), asked with the admin
        token."""
        response = requests.get(
            f"{self.registry.url}/v1/backoffice/applications/{number}",
            headers=self.registry.admin_headers,
            timeout=15,
        )
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data

    def decide(
        self,
        number: str,
        decision: str,
        reason: str | None = None,
        *,
        revision: int | None = None,
        decided_by: str | None = None,
    ) -> requests.Response:
        body: dict[str, Any] = {"decision": decision, "reason": reason}
        if revision is not None:
            body["revision"] = revision
        if decided_by is not None:
            body["decided_by"] = decided_by
        return requests.post(
            f"{self.registry.url}/v1/backoffice/applications/{number}/decision",
            json=body,
            headers=self.registry.admin_headers,
            timeout=15,
        )
