"""The comparison table as a file to download: CSV that Excel opens as
UTF-8, or an Excel workbook."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from urllib.parse import quote

from fastapi.responses import Response

from luoshi.track.tables import COMPARE_COLUMNS, PREVIOUS_COLUMN, write_rows
from luoshi.types import Kind


def compare_file(rows: list[dict[str, str]], kind: Kind, stem: str, fmt: str) -> Response:
    """The comparison table as a CSV or Excel download."""
    columns = (*COMPARE_COLUMNS, PREVIOUS_COLUMN) if kind is Kind.TARGET else COMPARE_COLUMNS
    disposition = f"attachment; filename*=UTF-8''{quote(stem, safe='')}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV as such only with the mark
        write_rows(rows, columns, "csv", buffer)
        return Response(
            buffer.getvalue(), media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition}
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "compare.xlsx"
        write_rows(rows, columns, "xlsx", path)
        data = path.read_bytes()
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})
