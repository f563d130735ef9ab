"""Multipart uploads read as they stream in, with the size limit enforced on the bytes received so far.

The body is never spooled whole before it is checked: past ``max_bytes`` (the declared ``Content-Length`` or the
running count of a chunked body) the read stops with :class:`~models.errors.TooLarge` (413 at the edge). Page
limits are enforced per file by preflight (``too_many_pages`` in that file's Result), before any page is decoded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header

from models.errors import InvalidRequest, TooLarge

MAX_FIELD_BYTES = 2048  # a plain form field (webhook URL, flags)


@dataclass
class Upload:
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (file name as sent, bytes)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)


async def read_upload(request: Request, max_bytes: int, max_files: int) -> Upload:
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or b"boundary" not in options:
        raise InvalidRequest("send multipart/form-data with one or more 'files' parts")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"request body over {max_bytes} bytes")

    upload = Upload()
    current = _Part()
    header_field = bytearray()
    header_value = bytearray()

    def on_part_begin() -> None:
        nonlocal current
        current = _Part()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        current.headers[bytes(header_field).lower()] = bytes(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        _, disposition = parse_options_header(current.headers.get(b"content-disposition", b""))
        current.name = disposition.get(b"name", b"").decode("utf-8", "replace")
        raw = disposition.get(b"filename")
        current.filename = raw.decode("utf-8", "replace") if raw is not None else None
        if current.filename is not None and len(upload.files) >= max_files:
            raise TooLarge(f"more than {max_files} files in one request")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        current.data.extend(data[start:end])
        if current.filename is None and len(current.data) > MAX_FIELD_BYTES:
            raise InvalidRequest(f"form field {current.name!r} is too long")

    def on_part_end() -> None:
        if current.filename is not None:
            upload.files.append((current.filename or f"file-{len(upload.files) + 1}", bytes(current.data)))
        elif current.name:
            upload.fields[current.name] = current.data.decode("utf-8", "replace")

    parser = MultipartParser(
        options[b"boundary"],
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > max_bytes:
            raise TooLarge(f"request body over {max_bytes} bytes")
        parser.write(chunk)
    parser.finalize()
    if not upload.files:
        raise InvalidRequest("no file in the request (multipart parts named 'files' with a file name)")
    return upload
