"""Reading an uploaded file into memory, refusing it past a size limit
without reading further."""

from __future__ import annotations

from fastapi import UploadFile

from luoshi.web.errors import WebError

_CHUNK = 1024 * 1024
ATTACHMENT_LIMIT = 10 * 1024 * 1024  # of a progress report


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"


def read_upload(upload: UploadFile, limit: int, what: str) -> bytes:
    name = upload.filename or "?"
    if upload.size is not None and upload.size > limit:
        raise WebError(413, f"{what} {name} 太大（{megabytes(upload.size)}），上限为 {megabytes(limit)}")
    parts: list[bytes] = []
    total = 0
    while chunk := upload.file.read(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise WebError(413, f"{what} {name} 太大，上限为 {megabytes(limit)}")
        parts.append(chunk)
    if total == 0:
        raise WebError(400, f"{what} {name} 是空的")
    return b"".join(parts)


def attached_file(upload: UploadFile | None) -> tuple[str, bytes] | None:
    """A progress report's optional attachment: (file name, bytes)."""
    if upload is None or not upload.filename:
        return None
    return upload.filename, read_upload(upload, ATTACHMENT_LIMIT, "附件")
