"""Tables as files to download: CSV that Excel opens as UTF-8, or an Excel
workbook — the comparison table and the 任务分解表."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

from fastapi.responses import Response

from luoshi.track.tables import COMPARE_COLUMNS, PREVIOUS_COLUMN, Cell, write_rows
from luoshi.types import Kind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def compare_columns(kind: Kind) -> tuple[str, ...]:
    return (*COMPARE_COLUMNS, PREVIOUS_COLUMN) if kind is Kind.TARGET else COMPARE_COLUMNS


def table_file(rows: Sequence[Mapping[str, Cell]], columns: Sequence[str], stem: str, fmt: str) -> Response:
    """``rows`` as ``stem.csv`` or ``stem.xlsx``."""
    disposition = f"attachment; filename*=UTF-8''{quote(stem, safe='')}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV as such only with the mark
        write_rows(rows, columns, "csv", buffer)
        media = "text/csv; charset=utf-8"
        return Response(buffer.getvalue(), media_type=media, headers={"Content-Disposition": disposition})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.xlsx"
        write_rows(rows, columns, "xlsx", path)
        data = path.read_bytes()
    return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition})
