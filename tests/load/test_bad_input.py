"""Bad input: each problem raises its InputError subclass, naming the file in one line."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from luoshi import load
from luoshi.errors import DecodeError, FormatError, InputError
from luoshi.load import MAX_BYTES, iter_paths, load_path

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
UNDECODABLE = bytes(range(128, 256)) * 50


def raised(path, expected_type) -> str:
    """Load ``path``; return the message of the error, checked to name it in one line."""
    with pytest.raises(InputError) as info:
        load_path(path)
    assert type(info.value) is expected_type
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    assert info.value.source == str(path)
    return message


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [PNG, b"text then \x00 a NUL", bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 200 + "正文".encode()],
    ids=["png", "nul", "control-chars"],
)
def test_binary_file_is_a_decode_error(tmp_path, data):
    assert raised(write(tmp_path, "image.txt", data), DecodeError).endswith(": binary file, not text")


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n", "\u3000\n\n".encode(), "\ufeff".encode()],
    ids=["empty", "spaces", "ideographic-space", "bom-only"],
)
def test_empty_or_blank_file_is_a_format_error(tmp_path, data):
    assert raised(write(tmp_path, "blank.md", data), FormatError).endswith(": empty file")


def test_undecodable_bytes_are_a_decode_error(tmp_path):
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            UNDECODABLE.decode(encoding)  # the premise: neither decoder takes these
    message = raised(write(tmp_path, "noise.txt", UNDECODABLE), DecodeError)
    assert message.endswith(": not text in UTF-8, GB18030 or any detectable encoding")


def test_fifty_megabyte_single_line_is_refused(tmp_path):
    path = tmp_path / "blob.txt"
    with path.open("wb") as fh:
        fh.write(b"a" * 50_000_000)
    message = raised(path, FormatError)
    assert message.endswith(": a single line of 50,000,000 characters: not prose; split it into paragraphs")


def test_long_text_of_short_lines_is_accepted(tmp_path):
    text = "口岸货运量1.3亿吨。\r\n" * 100_000  # 1.3 million characters in all
    path = write(tmp_path, "long.txt", text.encode())
    assert load_path(path)[0].text == text


def test_file_above_max_bytes_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: costs no disk, and must never be read
    assert "is above the 200 MB limit" in raised(path, InputError)


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".html", ".htm", ".pdf", ".docx"])
def test_two_gigabyte_file_is_refused_by_size_without_reading(tmp_path, monkeypatch, suffix):
    path = tmp_path / f"huge{suffix}"
    with path.open("wb") as fh:
        fh.truncate(2 * 1024**3 + 1)  # sparse: costs no disk
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    message = raised(path, InputError)
    assert message.endswith(": file of 2,048 MB is above the 200 MB limit; split it into smaller files")
    assert opened == []


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".html", ".pdf", ".docx"])
def test_file_deleted_after_listing(tmp_path, suffix):
    path = write(tmp_path, f"gone{suffix}", "口岸货运量1.3亿吨。".encode())
    [listed] = iter_paths([str(tmp_path)])
    path.unlink()
    assert raised(listed, InputError).endswith(": no such file (deleted while luoshi was running?)")


@pytest.mark.parametrize("suffix", [".txt", ".html", ".pdf", ".docx"])
def test_file_deleted_between_check_and_read(tmp_path, monkeypatch, suffix):
    path = write(tmp_path, f"gone{suffix}", "口岸货运量1.3亿吨。".encode())
    real_check = load.check_file

    def check_then_delete(checked: Path) -> None:
        real_check(checked)
        checked.unlink()  # the race: gone after the check, before the read

    monkeypatch.setattr(load, "check_file", check_then_delete)
    assert raised(path, InputError).endswith(": no such file (deleted while luoshi was running?)")


def test_csv_without_full_text_names_its_columns(tmp_path):
    path = write(tmp_path, "export.csv", "province,title,text\n北京市,报告,正文\n".encode())
    message = raised(path, FormatError)
    assert message.endswith(": CSV has no full_text column (columns: province, title, text)")


def test_csv_that_fails_to_parse_gives_the_line(tmp_path):
    data = 'province,full_text\n北京市,"正文\n天津市,"又一"篇"\n'.encode()
    assert "CSV parse error at line 3" in raised(write(tmp_path, "broken.csv", data), FormatError)


def test_csv_with_no_text_in_any_row_is_a_format_error(tmp_path):
    path = write(tmp_path, "hollow.csv", b"province,full_text\nA,\nB,  \n")
    assert raised(path, FormatError).endswith(": CSV has no row with text in its full_text column")


@pytest.mark.parametrize(("name", "shown"), [("report.xyz", ".xyz"), ("README", "(no suffix)")])
def test_unsupported_suffix(tmp_path, name, shown):
    message = raised(write(tmp_path, name, "正文".encode()), InputError)
    readable = ".txt, .md, .csv, .html, .htm, .pdf, .docx, .xlsx"
    assert message.endswith(f": unsupported file type {shown}; luoshi reads {readable}")


def test_missing_file(tmp_path):
    # iter_paths checks the paths a user gives; a file missing here was listed, then deleted.
    assert raised(tmp_path / "nowhere.txt", InputError).endswith(": no such file (deleted while luoshi was running?)")


def test_folder_where_a_file_is_required(tmp_path):
    assert ": is a folder, not a file" in raised(tmp_path, InputError)


def test_missing_path_given_to_iter_paths(tmp_path):
    missing = str(tmp_path / "nowhere")
    with pytest.raises(InputError, match=f"^{missing}: no such file or folder$"):
        list(iter_paths([missing]))


def test_glob_matching_nothing_given_to_iter_paths(tmp_path):
    pattern = str(tmp_path / "*.md")
    with pytest.raises(InputError) as info:
        list(iter_paths([pattern]))
    assert str(info.value) == f"{pattern}: no file matches this pattern"


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", "正文".encode())
    path.chmod(0)
    if os.geteuid() == 0:  # root reads every file: refuse it as the system refuses anyone else

        def refused(self: Path, *args: object, **kwargs: object) -> object:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

        monkeypatch.setattr(Path, "open", refused)
    assert "cannot read: Permission denied" in raised(path, InputError)
