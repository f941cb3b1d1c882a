"""The library a user imports: its exported names, docstring example and
README example stay true."""

from __future__ import annotations

import doctest
import os
import subprocess
import sys
from pathlib import Path

import luoshi


def test_exported_members():
    assert sorted(luoshi.__all__) == [
        "DecodeError", "Document", "FormatError", "InputError", "Kind", "LuoshiError", "Measure",
        "Qualifier", "RulesError", "Statement", "extract", "extract_document", "extract_many",
        "iter_paths", "load_path",
    ]  # fmt: skip


def test_exports_are_listed_and_extract_stays_the_function_beside_its_subpackage():
    """The extractor and the loaders are imported on first use; importing
    the subpackage ``luoshi.extract`` leaves ``luoshi.extract`` the function."""
    code = (
        "import sys, luoshi\n"
        "assert set(luoshi.__all__) <= set(dir(luoshi)), dir(luoshi)\n"
        "import luoshi.extract.pipeline\n"
        "assert luoshi.extract is sys.modules['luoshi.extract.pipeline'].extract, luoshi.extract\n"
        "from luoshi import extract, load_path\n"
        "assert extract is luoshi.extract and load_path is sys.modules['luoshi.load'].load_path\n"
    )
    source = str(Path(luoshi.__file__).resolve().parents[1])
    done = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": source}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_module_docstring_example_runs():
    result = doctest.testmod(luoshi)
    assert result.attempted and not result.failed


def test_readme_library_example():
    (s,) = luoshi.extract("今年全市地区生产总值增长5%左右。", published="2026-02-01", region="北京市")
    assert (s.indicator, s.kind.value, s.period, s.value, s.unit, s.qualifier.value) == (
        "gdp_growth", "target", "2026", 5.0, "%", "about",
    )  # fmt: skip
    assert s.quote == "今年全市地区生产总值增长5%左右"


def test_every_error_is_a_luoshi_error_with_a_source():
    err = luoshi.DecodeError("a.txt", "binary file, not text")
    assert isinstance(err, luoshi.InputError) and isinstance(err, luoshi.LuoshiError)
    assert str(err) == "a.txt: binary file, not text"
