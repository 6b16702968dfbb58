"""Request bodies of the HTTP API (they also make the OpenAPI description).

Batch items are deliberately loose (``document: Any``): a malformed item is
answered with its own ``rejected`` result, never by failing the whole batch.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("holds a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # "\ud800" in the JSON: half of a character
        raise ValueError("is not Unicode text (a lone surrogate)") from None
    return value


# A name or code the registry looks up or stores as it is: a NUL (PostgreSQL takes none in
# text) or a lone surrogate (no database takes one) in it is refused, 422 request.invalid,
# alike on both databases, instead of a 500. (A decision's reason and decided_by lose their
# control characters instead.)
Text = Annotated[str, AfterValidator(_storable)]


class EnrolRequest(BaseModel):
    code: Text = Field(description="One-time enrolment code (case, spaces and dashes ignored)")
    workstation: Text = Field("", description="Workstation code, e.g. ZT01")
    community: Text = Field(
        "",
        description="The workstation's community (КАТОТТГ); a code issued for another one "
        "is refused and stays unused",
    )
    token: Text = Field(
        "",
        description="The device token this workstation holds now, if any: the same laptop "
        "enrolling again takes over its own workstation code (its old token stops working)",
    )
    secret: Text = Field(
        "",
        max_length=200,
        description="A random secret the workstation made for this enrolment (32–200 "
        "characters; the registry keeps its hash with the device). Asking again with it "
        "after the answer was lost, with the same code or a new one for the same "
        "workstation, gets a new token for the device that enrolment made",
    )


class BatchItem(BaseModel):
    document: Any = Field(description="An application document (frontdesk.application/1)")
    content_hash: str | None = Field(
        None, description="The workstation's content hash; the registry computes its own"
    )


class BatchRequest(BaseModel):
    items: list[BatchItem] = Field(description="1–500 items")


class BatchResponse(BaseModel):
    results: list[dict[str, Any]] = Field(
        description="One result per item, in order: id, revision, outcome (accepted, "
        "duplicate, conflict, rejected, missing_blobs), ack, problems, missing, code, message"
    )


class DecisionRequest(BaseModel):
    decision: Literal["grant", "refuse", "return", "reopen"] = Field(
        description="reopen: cancel the decision of a granted or refused application (made "
        "in error, or overturned), which is then accepted again, to be decided anew"
    )
    reason: str | None = Field(None, description="Required to refuse, return or reopen")
    revision: int | None = Field(
        None,
        ge=1,
        description="The revision the officer looked at: when the application has another "
        "one now (a correction arrived), nothing is decided (409 decision.stale)",
    )
    decided_by: str = Field(
        "",
        max_length=200,
        description="Who decides (the officer's name or login), kept with the decision; "
        'without it the decision is recorded as decided by "api"',
    )


class CommunityRequest(BaseModel):
    code: Text = Field(description="КАТОТТГ code of the hromada: UA and 17 digits")
    name: Text


class EnrolmentCodeRequest(BaseModel):
    community: Text
