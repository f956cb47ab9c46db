"""A file uploaded through a form (multipart), bounded before a byte of it is parsed.

FastAPI would read a `File()` parameter's whole body before any check of ours runs, so the
routes that take a file call this instead: the declared length is refused first when it is
larger than an HR file may be (the server never reads past a declared length), then the one
file field is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from succession_flow.domain.errors import InvalidInput
from succession_flow.formats.yaml_limits import MAX_YAML_BYTES

FRAMING = 16 * 1024
"""Room for the multipart boundaries and headers around the file."""
LIMIT = MAX_YAML_BYTES + FRAMING


@dataclass(frozen=True)
class Uploaded:
    name: str
    data: bytes


def multipart_body(field: str, required: bool) -> dict[str, Any]:
    """The OpenAPI description of a form with one file field, for `openapi_extra`."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {field: {"type": "string", "format": "binary"}},
    }
    if required:
        schema["required"] = [field]
    body = {"content": {"multipart/form-data": {"schema": schema}}, "required": required}
    return {"requestBody": body}


async def uploaded_file(request: Request, field: str) -> Uploaded:
    """The file sent as `field`; bad input when there is none."""
    found = await optional_file(request, field)
    if found is None:
        raise InvalidInput(f"upload: no file in field {field!r} (multipart/form-data)")
    return found


async def optional_file(request: Request, field: str) -> Uploaded | None:
    """The file sent as `field`, or None when the form left it empty (or sent no form)."""
    form = await bounded_form(request)
    if form is None:
        return None
    try:
        found = form.get(field)
        if not isinstance(found, UploadFile) or not found.filename:
            return None
        return Uploaded(found.filename, await found.read())
    finally:
        await form.close()  # the parser's spooled files


async def bounded_form(request: Request) -> FormData | None:
    """The multipart form, parsed only once its declared length is within LIMIT (None for a
    request that is not multipart). Starlette keeps the parsed form on the request, so a
    check that reads a field first (a CSRF token) and the route share one bounded parse."""
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        raise InvalidInput("upload: send the form with its Content-Length")
    if int(declared) > LIMIT:
        raise InvalidInput(f"upload: {int(declared):,} bytes; the limit is {LIMIT:,}")
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return None
    try:
        return await request.form(max_files=1, max_fields=4)
    except HTTPException as error:  # Starlette's word for every multipart refusal
        raise InvalidInput(f"upload: {error.detail}") from None
