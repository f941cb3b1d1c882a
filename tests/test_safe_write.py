"""Files a user names with ``-o`` or ``export OUT``: regular files replaced
whole, links followed and kept, FIFOs and devices written through, folders
refused, and nothing process-wide (the umask) touched."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.errors import InputError
from luoshi.safe_write import written_path, written_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "nmg_cooperation_2025.md"
runner = CliRunner()


@pytest.fixture(autouse=True)
def umask_untouched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing the umask, even to read it, changes it for every thread."""

    def refuse(_: int) -> int:
        raise AssertionError("os.umask called: it changes the mask of the whole process")

    monkeypatch.setattr(os, "umask", refuse)


def process_umask() -> int:
    """The umask as the kernel reports it, without setting it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("Umask:"):
            return int(line.split()[1], 8)
    pytest.skip("no /proc/self/status to read the umask from")


def leftovers(folder: Path) -> list[Path]:
    return list(folder.glob(".*.tmp"))


def test_a_regular_file_is_replaced_whole_keeping_its_permissions(tmp_path: Path):
    out = tmp_path / "s.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    before = out.stat().st_ino
    with written_text(out) as fh:
        fh.write("地区,数值\n")
    assert out.read_text(encoding="utf-8") == "地区,数值\n"
    assert out.stat().st_ino != before  # renamed over, not rewritten in place
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_permissions_the_umask_gives(tmp_path: Path):
    out = tmp_path / "new" / "s.jsonl"
    with written_text(out) as fh:
        fh.write("{}\n")
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~process_umask()


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path):
    out = tmp_path / "s.csv"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), written_text(out) as fh:
        fh.write("half")
        raise RuntimeError("disk full")
    assert out.read_text(encoding="utf-8") == "old\n" and leftovers(tmp_path) == []


def test_a_symlink_stays_a_link_to_the_new_content(tmp_path: Path):
    real = tmp_path / "data" / "board.xlsx"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "latest.xlsx"
    link.symlink_to(real)
    with written_path(link) as tmp:
        tmp.write_bytes(b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new" and leftovers(real.parent) == []


def test_a_dangling_symlink_gets_its_target_created(tmp_path: Path):
    link = tmp_path / "out.jsonl"
    link.symlink_to(tmp_path / "store" / "out.jsonl")
    with written_text(link) as fh:
        fh.write("{}\n")
    assert link.is_symlink() and (tmp_path / "store" / "out.jsonl").read_text() == "{}\n"


def read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def drain() -> None:
        with path.open("rb") as fh:
            into.append(fh.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    return reader


@pytest.mark.parametrize("by_name", [False, True], ids=["text", "writer-by-name"])
def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path: Path, by_name: bool):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = read_fifo(fifo, got)
    if by_name:
        with written_path(fifo) as tmp:
            tmp.write_bytes("口岸货运量".encode())
    else:
        with written_text(fifo) as fh:
            fh.write("口岸货运量")
    reader.join(timeout=30)
    assert got == ["口岸货运量".encode()]
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and leftovers(tmp_path) == []


def test_dev_null_stays_a_character_device():
    null = Path("/dev/null")
    if not os.access(null, os.W_OK):
        pytest.skip("/dev/null is not writable here")
    with written_text(null) as fh:
        fh.write("丢弃")
    with written_path(null) as tmp:
        tmp.write_bytes(b"PK")
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_folder_is_refused_naming_it(tmp_path: Path):
    with pytest.raises(InputError, match="是文件夹") as caught, written_text(tmp_path) as fh:
        fh.write("x")
    assert caught.value.source == str(tmp_path)


# -- through the command ---------------------------------------------------------------------------
def test_extract_writes_through_a_fifo(tmp_path: Path):
    fifo = tmp_path / "statements"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = read_fifo(fifo, got)
    result = runner.invoke(app, ["extract", str(SAMPLE), "-f", "jsonl", "-o", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in got[0].decode().splitlines()]
    assert any(r["indicator"] == "port_freight_volume" for r in rows)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_extract_to_dev_stdout_writes_to_the_file_the_shell_opened(tmp_path: Path):
    out = tmp_path / "redirected.jsonl"
    with out.open("wb") as fh:
        inode = os.fstat(fh.fileno()).st_ino
        args = [sys.executable, "-m", "luoshi", "extract", str(SAMPLE), "-f", "jsonl", "-o", "/dev/stdout"]
        done = subprocess.run(args, stdout=fh, stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_ino == inode  # not replaced behind the shell's back
    assert "port_freight_volume" in out.read_text(encoding="utf-8")


def test_extract_into_a_folder_is_one_line_naming_it(tmp_path: Path):
    result = runner.invoke(app, ["extract", str(SAMPLE), "-f", "jsonl", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path}: 是文件夹" in result.output and "Traceback" not in result.output


def test_a_writable_file_in_a_closed_folder_is_rewritten_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import luoshi.safe_write

    out = tmp_path / "shared.csv"
    out.write_text("old\n", encoding="utf-8")
    inode = out.stat().st_ino

    def closed_folder(_: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(luoshi.safe_write, "_new_file_beside", closed_folder)
    with written_text(out) as fh:
        fh.write("new\n")
    assert out.read_text(encoding="utf-8") == "new\n" and out.stat().st_ino == inode
