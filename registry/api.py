"""The HTTP API (protocol version 1, docs/protocol.md) over :class:`registry.service.Registry`.

Routes only translate: HTTP in, a service call, JSON out. Every error body
is ``{"error": CODE, "message": TEXT, ...}``.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontdesk import __version__
from registry import wire
from registry.accounts import Device
from registry.backoffice import MAX_OFFSET
from registry.blobs import check_sha256
from registry.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    RegistryError,
    TooLarge,
    Unauthorized,
)
from registry.feed import MAX_LIMIT
from registry.intake import MAX_BATCH
from registry.limits import BodyLimit
from registry.schemas import (
    BatchRequest,
    BatchResponse,
    CommunityRequest,
    DecisionRequest,
    EnrolmentCodeRequest,
    EnrolRequest,
)
from registry.service import Registry

log = logging.getLogger("registry.api")

_STATUS: dict[type[RegistryError], int] = {
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooLarge: 413,
    Invalid: 422,
    BadRequest: 400,
}
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}

_device_bearer = HTTPBearer(
    auto_error=False, scheme_name="DeviceToken", description="Token from POST /v1/enrol"
)
_admin_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AdminToken",
    description="Printed by `frontdesk-registry admin-token`",
)


def _registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


RegistryDep = Annotated[Registry, Depends(_registry)]
Credentials = HTTPAuthorizationCredentials | None


DeviceCredentials = Annotated[Credentials, Depends(_device_bearer)]


def _token(credentials: Credentials) -> str:
    if credentials is None:
        raise Unauthorized("A device token is required: enrol this workstation")
    return credentials.credentials


def _device(registry: RegistryDep, credentials: DeviceCredentials) -> Device:
    return registry.accounts.device_for_token(_token(credentials))


def _admin(
    registry: RegistryDep, credentials: Annotated[Credentials, Depends(_admin_bearer)]
) -> None:
    registry.accounts.check_admin(credentials.credentials if credentials else "")


DeviceDep = Annotated[Device, Depends(_device)]


def _refuse_nul(*values: object) -> None:
    """A NUL character in what a request names is refused before anything looks it up:
    PostgreSQL takes none in text (a 500) where SQLite answered "not found", so both answer
    alike. (A JSON body's fields: :mod:`registry.schemas`.)"""
    if any("\x00" in str(value) for value in values):
        raise Invalid("A parameter of the request holds a NUL character", code="request.invalid")


async def _no_nul_parameters(request: Request) -> None:
    """:func:`_refuse_nul` over the path and query parameters (the back office's calls)."""
    query = request.query_params.multi_items()
    _refuse_nul(*request.path_params.values(), *(part for pair in query for part in pair))


workstation = APIRouter(prefix="/v1", tags=["workstation"])
backoffice = APIRouter(
    prefix="/v1",
    tags=["back office"],
    dependencies=[Depends(_admin), Depends(_no_nul_parameters)],  # the token first
)


@workstation.get("/health", summary="Whether the registry is up (no token)")
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@workstation.post("/enrol", summary="Exchange a one-time code for a device token")
def enrol(body: EnrolRequest, registry: RegistryDep) -> dict[str, Any]:
    return registry.accounts.enrol(
        body.code, body.workstation, body.community, body.token, body.secret
    )


@workstation.get("/blobs/{sha256}", summary="How much of an attachment the registry holds")
def blob_status(sha256: str, device: DeviceDep, registry: RegistryDep) -> dict[str, Any]:
    return registry.blobs.status(sha256)


async def _read_body(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    length = 0
    async for chunk in request.stream():
        length += len(chunk)
        if length > limit:
            raise Invalid(f"More than the {limit} bytes left to upload", code="blob.overflow")
        chunks.append(chunk)
    return b"".join(chunks)


@workstation.put(
    "/blobs/{sha256}",
    summary="Append raw bytes to an attachment from `offset` (resumable)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def put_blob(
    sha256: str,
    request: Request,
    device: DeviceDep,
    registry: RegistryDep,
    size: Annotated[int, Query(ge=0, le=2**40, description="The blob's total size in bytes")],
    offset: Annotated[
        int, Query(ge=0, le=2**40, description="Must equal the registry's `received`")
    ] = 0,
) -> dict[str, Any]:
    sha256 = check_sha256(sha256)
    registry.blobs.check_size(size)  # before reading 50 MB we would refuse anyway
    data = await _read_body(request, limit=max(size - offset, 0))
    status: dict[str, Any] = await run_in_threadpool(registry.blobs.put, sha256, offset, size, data)
    return status


def _batch_items(body: bytes) -> list[Any]:
    """The items of a batch body, checked for shape only (each item is judged by intake)."""
    try:
        parsed = wire.loads(body)
    except ValueError:
        raise Invalid("The body is not JSON", code="request.invalid") from None
    items = parsed.get("items") if isinstance(parsed, dict) else None
    if not isinstance(items, list):
        raise Invalid('The body must be {"items": [...]}', code="request.invalid")
    if not items:
        raise Invalid("A batch needs at least one item", code="batch.empty")
    if len(items) > MAX_BATCH:
        raise TooLarge(f"At most {MAX_BATCH} items per batch", code="batch.too_large")
    for i, item in enumerate(items):
        shaped = isinstance(item, dict) and "document" in item  # as BatchItem says
        if not shaped or not isinstance(item.get("content_hash"), str | None):
            raise Invalid(
                f'items[{i}] must be {{"document": ..., "content_hash": TEXT}}',
                code="request.invalid",
            )
    return items


@workstation.post(
    "/applications/batch",
    summary="Deliver application revisions (1–500)",
    response_model=BatchResponse,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": BatchRequest.model_json_schema()}},
        }
    },
)
async def submit_batch(
    request: Request, credentials: DeviceCredentials, registry: RegistryDep
) -> Response:
    # The body is read and answered with orjson, not through pydantic models: for a
    # 100-item batch FastAPI's parsing, validation and encoding cost about as much as
    # storing it (bench/sync.py). Intake checks every document itself. The token is
    # checked in the same worker-thread call as the intake (one hop, not two; ~1 ms
    # a batch), and before the body is parsed.
    token = _token(credentials)
    body = await request.body()

    def submit() -> list[dict[str, Any]]:
        device = registry.accounts.device_for_token(token)
        return registry.intake.submit_batch(device, _batch_items(body))

    results = await run_in_threadpool(submit)
    return Response(wire.dumps({"results": results}), media_type="application/json")


@workstation.get(
    "/applications/{app_id}/revisions/{revision}",
    summary="Whether a revision was delivered (resolves a lost acknowledgement)",
)
def get_revision(
    app_id: str,
    revision: Annotated[int, PathParam(ge=1, le=1_000_000)],
    device: DeviceDep,
    registry: RegistryDep,
) -> dict[str, Any]:
    _refuse_nul(app_id)
    found = registry.intake.revision(device, app_id, revision)
    if found is None:
        raise NotFound("The registry has no such revision", code="not_found")
    return found


@workstation.get("/changes", summary="Decisions and catalogue changes after a cursor")
def read_changes(
    device: DeviceDep,
    registry: RegistryDep,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> dict[str, Any]:
    return registry.feed.read(device.community, cursor, limit)


@backoffice.get("/backoffice/applications", summary="List applications")
def list_applications(
    registry: RegistryDep,
    community: str | None = None,
    status: str | None = None,
    service: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    after: Annotated[
        str | None,
        Query(description="The `next` of the page before: the page starts right after it"),
    ] = None,
) -> dict[str, Any]:
    return registry.backoffice.list(
        community=community,
        status=status,
        service=service,
        limit=limit,
        offset=offset,
        after=after,
    )


@backoffice.get("/backoffice/applications/{number}", summary="One application in full")
def show_application(number: str, registry: RegistryDep) -> dict[str, Any]:
    return registry.backoffice.show(number)


@backoffice.get(
    "/backoffice/applications/{number}/attachments/{sha256}",
    summary="One attachment of the application's latest revision (the scan itself)",
    response_class=FileResponse,
)
def get_attachment(number: str, sha256: str, registry: RegistryDep) -> FileResponse:
    shown = registry.backoffice.show(number)
    path, found = registry.backoffice.attachment(shown, registry.blobs, check_sha256(sha256))
    return FileResponse(
        path,
        media_type=found["media_type"] or "application/octet-stream",
        filename=found["filename"] or None,
        content_disposition_type="attachment",
    )


@backoffice.post("/backoffice/applications/{number}/decision", summary="Record a decision")
def decide(number: str, body: DecisionRequest, registry: RegistryDep) -> dict[str, Any]:
    return registry.backoffice.decide(
        number,
        body.decision,
        body.reason,
        revision=body.revision,
        decided_by=body.decided_by.strip() or "api",
    )


@backoffice.post("/admin/communities", summary="Add a community")
def add_community(body: CommunityRequest, registry: RegistryDep) -> dict[str, str]:
    return registry.accounts.add_community(body.code, body.name)


@backoffice.get("/admin/communities", summary="List communities")
def list_communities(registry: RegistryDep) -> dict[str, Any]:
    return {"items": registry.accounts.list_communities()}


@backoffice.post("/admin/enrolment-codes", summary="Issue a one-time enrolment code")
def issue_enrolment_code(body: EnrolmentCodeRequest, registry: RegistryDep) -> dict[str, Any]:
    return registry.accounts.issue_enrolment_code(body.community)


@backoffice.get("/admin/devices", summary="List enrolled workstations (revoked ones too)")
def list_devices(registry: RegistryDep, community: str | None = None) -> dict[str, Any]:
    return {"items": registry.accounts.list_devices(community)}


@backoffice.post(
    "/admin/devices/{device_id}/revoke",
    summary="Revoke a workstation's token (a lost or stolen laptop)",
)
def revoke_device(device_id: str, registry: RegistryDep) -> dict[str, Any]:
    return registry.accounts.revoke_device(device_id)


@backoffice.post("/admin/catalog", summary="Publish a newer service catalogue")
def publish_catalog(
    catalog: Annotated[dict[str, Any], Body()], registry: RegistryDep
) -> dict[str, Any]:
    return registry.feed.publish_catalog(json.dumps(catalog, ensure_ascii=False))


def _error(
    http_status: int, code: str, message: str, extra: dict[str, Any] | None = None
) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if http_status == 401 else None
    if http_status == 503:
        headers = {"Retry-After": "5"}
    body = {**(extra or {}), "error": code, "message": message}
    return JSONResponse(body, http_status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RegistryError)
    async def _known(_request: Request, exc: RegistryError) -> JSONResponse:
        status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)
        return _error(status, exc.code, exc.message, exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _malformed(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [
            {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        message = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in detail)
        return _error(422, "request.invalid", message or "Malformed request", {"detail": detail})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(DataError)
    async def _unstorable(_request: Request, exc: DataError) -> JSONResponse:
        # What a request sent that the database cannot store or compare (a NUL character in
        # text on PostgreSQL, a value longer than its column): the client's to mend, not a
        # fault of the registry. The database's words are not logged: they may quote it.
        log.warning("refused a value the database cannot take (%s)", type(exc.orig).__name__)
        return _error(
            422,
            "request.invalid",
            "The request holds a value the registry's database cannot take "
            "(a NUL character, or a text too long)",
        )

    @app.exception_handler(OperationalError)
    async def _database(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        return _error(503, "unavailable", "The registry's database is busy or unreachable")

    @app.exception_handler(PoolTimeout)
    async def _no_connection(_request: Request, _exc: PoolTimeout) -> JSONResponse:
        log.error("database busy: no connection free in time")
        return _error(503, "unavailable", "The registry's database is busy or unreachable")

    @app.exception_handler(Exception)
    async def _bug(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return _error(500, "internal", "Internal error in the registry")


def create_app(registry: Registry) -> FastAPI:
    app = FastAPI(
        title="FrontDesk registry",
        version=__version__,
        summary="Central registry for FrontDesk workstations (sync protocol version 1)",
    )
    app.state.registry = registry
    app.add_middleware(BodyLimit)  # before any route (or token check) reads a body
    app.include_router(workstation)
    app.include_router(backoffice)
    _install_error_handlers(app)
    return app
