"""Bad input: each problem raises its InputError subclass, naming the file in
one line of Chinese that says what is wrong and what to do."""

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
    assert "；请" in message or "；luoshi" in message, message  # says what to do
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
    assert "是二进制文件，不是文字" in raised(write(tmp_path, "image.txt", data), DecodeError)


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n", "\u3000\n\n".encode(), "\ufeff".encode()],
    ids=["empty", "spaces", "ideographic-space", "bom-only"],
)
def test_empty_or_blank_file_is_a_format_error(tmp_path, data):
    assert "文件是空的" in raised(write(tmp_path, "blank.md", data), FormatError)


def test_undecodable_bytes_are_a_decode_error(tmp_path):
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            UNDECODABLE.decode(encoding)  # the premise: neither decoder takes these
    message = raised(write(tmp_path, "noise.txt", UNDECODABLE), DecodeError)
    assert "不是 UTF-8、GB18030 或其他能识别的编码的文字" in message and "另存为 UTF-8" in message


def test_fifty_megabyte_single_line_is_refused(tmp_path):
    path = tmp_path / "blob.txt"
    with path.open("wb") as fh:
        fh.write(b"a" * 50_000_000)
    message = raised(path, FormatError)
    assert "有一行长达 50,000,000 个字符，不是正文" in message and "请分段" in message


def test_long_text_of_short_lines_is_accepted(tmp_path):
    text = "口岸货运量1.3亿吨。\r\n" * 100_000  # 1.3 million characters in all
    path = write(tmp_path, "long.txt", text.encode())
    assert load_path(path)[0].text == text


def test_file_above_max_bytes_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: costs no disk, and must never be read
    assert "超过 200 MB 的上限" in raised(path, InputError)


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".html", ".htm", ".pdf", ".docx"])
def test_two_gigabyte_file_is_refused_by_size_without_reading(tmp_path, monkeypatch, suffix):
    path = tmp_path / f"huge{suffix}"
    with path.open("wb") as fh:
        fh.truncate(2 * 1024**3 + 1)  # sparse: costs no disk
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    message = raised(path, InputError)
    assert message.endswith(": 文件有 2,048 MB，超过 200 MB 的上限；请拆成较小的文件")
    assert opened == []


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".html", ".pdf", ".docx"])
def test_file_deleted_after_listing(tmp_path, suffix):
    path = write(tmp_path, f"gone{suffix}", "口岸货运量1.3亿吨。".encode())
    [listed] = iter_paths([str(tmp_path)])
    path.unlink()
    assert "文件不存在（可能在 luoshi 运行时被删除" in raised(listed, InputError)


@pytest.mark.parametrize("suffix", [".txt", ".html", ".pdf", ".docx"])
def test_file_deleted_between_check_and_read(tmp_path, monkeypatch, suffix):
    path = write(tmp_path, f"gone{suffix}", "口岸货运量1.3亿吨。".encode())
    real_check = load.check_file

    def check_then_delete(checked: Path) -> None:
        real_check(checked)
        checked.unlink()  # the race: gone after the check, before the read

    monkeypatch.setattr(load, "check_file", check_then_delete)
    assert "文件不存在（可能在 luoshi 运行时被删除" in raised(path, InputError)


def test_csv_without_full_text_names_its_columns(tmp_path):
    path = write(tmp_path, "export.csv", "province,title,text\n北京市,报告,正文\n".encode())
    message = raised(path, FormatError)
    assert "CSV 中没有 full_text 列（现有的列：province、title、text）" in message


def test_csv_that_fails_to_parse_gives_the_line(tmp_path):
    data = 'province,full_text\n北京市,"正文\n天津市,"又一"篇"\n'.encode()
    message = raised(write(tmp_path, "broken.csv", data), FormatError)
    assert "CSV 第 3 行格式有误：引号没有配对" in message and "Error" not in message


def test_csv_with_no_text_in_any_row_is_a_format_error(tmp_path):
    path = write(tmp_path, "hollow.csv", b"province,full_text\nA,\nB,  \n")
    assert "CSV 的 full_text 列中没有一行有文字" in raised(path, FormatError)


@pytest.mark.parametrize(("name", "shown"), [("report.xyz", ".xyz"), ("README", "（无扩展名）")])
def test_unsupported_suffix(tmp_path, name, shown):
    message = raised(write(tmp_path, name, "正文".encode()), InputError)
    readable = ".txt .md .csv .html .htm .pdf .docx .xlsx"
    assert f": 不支持的文件类型 {shown}：luoshi 只读取 {readable}；请另存为" in message


def test_missing_file(tmp_path):
    # iter_paths checks the paths a user gives; a file missing here was listed, then deleted.
    assert "文件不存在" in raised(tmp_path / "nowhere.txt", InputError)


def test_folder_where_a_file_is_required(tmp_path):
    assert ": 是文件夹，不是文件" in raised(tmp_path, InputError)


def test_missing_path_given_to_iter_paths(tmp_path):
    missing = str(tmp_path / "nowhere")
    with pytest.raises(InputError, match=f"^{missing}: 没有这个文件或文件夹；请检查拼写和路径$"):
        list(iter_paths([missing]))


def test_glob_matching_nothing_given_to_iter_paths(tmp_path):
    pattern = str(tmp_path / "*.md")
    with pytest.raises(InputError) as info:
        list(iter_paths([pattern]))
    assert str(info.value) == f"{pattern}: 没有文件与这个模式匹配；请检查拼写和路径"


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", "正文".encode())
    path.chmod(0)
    if os.geteuid() == 0:  # root reads every file: refuse it as the system refuses anyone else

        def refused(self: Path, *args: object, **kwargs: object) -> object:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

        monkeypatch.setattr(Path, "open", refused)
    message = raised(path, InputError)
    assert "没有读取这个文件的权限" in message and "Permission" not in message
