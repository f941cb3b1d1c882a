"""iter_paths(): files, folders and globs expanded into the files to load."""

from __future__ import annotations

from pathlib import Path

from luoshi.load import iter_paths


def make_tree(root: Path) -> None:
    names = ["b.txt", "a.md", "sub/c.csv", "sub/deeper/d.txt", "image.png", ".hidden/e.txt", "sub/.f.txt"]
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("正文。", encoding="utf-8")


def test_folder_expands_recursively_to_supported_files_sorted(tmp_path):
    make_tree(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_paths([str(tmp_path)])]
    assert found == ["a.md", "b.txt", "sub/c.csv", "sub/deeper/d.txt"]


def test_glob_expands_sorted_and_keeps_supported_files(tmp_path):
    make_tree(tmp_path)
    found = [p.name for p in iter_paths([str(tmp_path / "*")])]
    assert found == ["a.md", "b.txt", "c.csv", "d.txt"]  # sub/ expanded; image.png left out


def test_recursive_glob(tmp_path):
    make_tree(tmp_path)
    assert [p.name for p in iter_paths([str(tmp_path / "**" / "*.txt")])] == ["b.txt", "d.txt"]


def test_file_named_directly_is_yielded_whatever_its_suffix(tmp_path):
    make_tree(tmp_path)
    assert list(iter_paths([str(tmp_path / "image.png")])) == [tmp_path / "image.png"]


def test_each_file_comes_once_in_the_order_given(tmp_path):
    make_tree(tmp_path)
    given = [str(tmp_path / "b.txt"), str(tmp_path), str(tmp_path / "a.md")]
    found = [p.relative_to(tmp_path).as_posix() for p in iter_paths(given)]
    assert found == ["b.txt", "a.md", "sub/c.csv", "sub/deeper/d.txt"]
