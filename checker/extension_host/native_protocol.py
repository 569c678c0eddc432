"""Native messaging: the framing and the message models shared by the host and its tests.

Framing (Chrome and Firefox): a 4-byte length in native byte order, then that many bytes of UTF-8
JSON, in both directions. Every request is validated by pydantic before anything acts on it.
"""

from __future__ import annotations

import json
import struct
from typing import Annotated, BinaryIO, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from ..results import Reason, Status

MAX_MESSAGE = 1024 * 1024  # 1 MiB: an extension message is a few hundred bytes; anything huge is refused
MAX_REPLY = 1024 * 1024 - 1  # Chrome refuses a message from the host of 1 MiB or more, closing the port
MAX_ID_LENGTH = 64  # the request id is echoed in the reply, so it stays small
HEADER = struct.Struct("=I")  # native byte order, unsigned 32-bit, as Chrome writes it
ID_PATTERN = r"^[a-z][a-z0-9_-]{0,63}$"


class Request(BaseModel):
    # Unknown keys are errors, so a typo or an injected field never passes silently.
    model_config = ConfigDict(extra="forbid")
    id: int | Annotated[str, Field(max_length=MAX_ID_LENGTH)] | None = Field(
        None, description="Echoed in the reply, so callers can match replies.")


class StatusRequest(Request):
    type: Literal["status"]


class CatalogRequest(Request):
    type: Literal["catalog"]


class RecordReadingRequest(Request):
    type: Literal["record_reading"]
    provider: str = Field(pattern=ID_PATTERN)
    control: str = Field(pattern=ID_PATTERN)
    # not_applicable: the page says the setting is not offered to this account (a plan, a region).
    status: Literal[Status.on, Status.off, Status.unknown, Status.not_applicable]
    reason: Reason | None = None
    label: str = Field("", max_length=200)
    url: str = Field("", max_length=2000)
    detail: str | None = Field(None, max_length=500)


class ScanRequest(Request):
    type: Literal["scan"]
    provider: str = Field(pattern=ID_PATTERN)


AnyRequest = Annotated[
    Union[StatusRequest, CatalogRequest, RecordReadingRequest, ScanRequest], Field(discriminator="type")
]
REQUEST_TYPES = ("status", "catalog", "record_reading", "scan")


# -- replies. The host builds every reply as one of these, so what the extension reads is written
# down once (checker/schemas/native-messages.schema.json is generated from them).


class Reply(BaseModel):
    # A field not declared here is never sent; the extension reads only what these models say.
    model_config = ConfigDict(extra="forbid")
    ok: bool = True
    id: int | str | None = Field(None, description="The request's id, echoed when it was small enough.")


class ControlStateMessage(BaseModel):
    """The newest state of one control, from a scan or a reading (history's ControlState)."""

    provider: str
    control: str
    label: str
    status: Status
    reason: Reason | None = None
    detail: str | None = None
    at: str
    source: str  # a Source value; a row from a newer Untrain may hold one this one lacks


class StatusReply(Reply):
    type: Literal["status"] = "status"
    controls: list[ControlStateMessage]
    on: int = Field(description="Controls still on whose meaning counts: the badge.")
    scanning: list[str] = Field(description="Providers whose scan this host is running.")


class CatalogReply(Reply):
    type: Literal["catalog"] = "catalog"
    catalog: dict = Field(description="The catalogue as the extension's generated catalog.js holds it.")


class RecordedReply(Reply):
    type: Literal["recorded"] = "recorded"
    reading: int = Field(description="The reading's row in history.")
    on: int
    controls: list[ControlStateMessage]  # the latest states ride along: no second call for the badge


class ScanProgress(Reply):
    type: Literal["scan_progress"] = "scan_progress"
    provider: str
    stage: Literal["started", "running"]


class ScannedControl(BaseModel):
    control: str
    label: str
    status: Status
    reason: Reason | None = None


class ScanDone(Reply):
    type: Literal["scan_done"] = "scan_done"
    provider: str
    exit_code: int
    status: Status
    controls: list[ScannedControl]


class ScanFailed(Reply):
    """A scan that gave no report. It is still a scan_done: the popup waits for exactly one."""

    ok: Literal[False] = False
    type: Literal["scan_done"] = "scan_done"
    provider: str
    code: Literal["data", "scan_failed", "timeout"]
    error: str


class ErrorReply(Reply):
    ok: Literal[False] = False
    type: Literal["error"] = "error"
    code: Literal["malformed", "unknown_type", "invalid", "data", "internal", "too_large", "forbidden_origin"]
    error: str


AnyReply = Union[StatusReply, CatalogReply, RecordedReply, ScanProgress, ScanDone, ScanFailed, ErrorReply]


class NativeMessages(BaseModel):
    """Both directions in one document, for checker/schemas/native-messages.schema.json: what the
    extension may send (`request`) and what the host answers (`reply`)."""

    request: AnyRequest
    reply: AnyReply


class FrameTooLarge(Exception):
    def __init__(self, size: int):
        super().__init__(f"message of {size} bytes is over the {MAX_MESSAGE}-byte limit")
        self.size = size


def encode(message: dict | Reply) -> bytes:
    if isinstance(message, Reply):
        message = message.model_dump(mode="json")
    data = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return HEADER.pack(len(data)) + data


def write_message(stream: BinaryIO, message: dict | Reply) -> None:
    stream.write(encode(message))
    stream.flush()


def _read_exact(stream: BinaryIO, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: BinaryIO) -> bytes | None:
    """One message's bytes; None at end of input. An oversized frame is skipped, then raised,
    so the stream stays in step and the host can answer and keep serving."""
    header = _read_exact(stream, HEADER.size)
    if header is None:
        return None
    (size,) = HEADER.unpack(header)
    if size > MAX_MESSAGE:
        left = size
        while left:  # discard without buffering it all
            chunk = stream.read(min(left, 64 * 1024))
            if not chunk:
                break
            left -= len(chunk)
        raise FrameTooLarge(size)
    return _read_exact(stream, size)
