"""The suite's skip policy (tests/conftest.py), on a small suite of its own run
by pytest in a child process: outside CI only a PostgreSQL, Chromium or Java
skip stays a skip, and says how to enable the test; any other skip fails; under
CI=true every skip fails; tests of the real texts are left out where
../shared is absent and run where it is there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parent / "conftest.py"

SUITE = """
import pytest


def test_runs():
    assert True


def test_without_postgresql():
    pytest.skip("PostgreSQL unreachable at postgresql://127.0.0.1:1/test")


def test_without_chromium():
    pytest.skip("Chromium is missing at /usr/bin/chromium")


def test_without_java():
    pytest.skip("Java 17 or newer is missing: no java on PATH")


def test_skipped_for_no_good_reason():
    pytest.skip("the data is not there")


@pytest.mark.real_texts
def test_of_the_real_texts():
    assert True
"""


def _run(root: Path, ci: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider", str(root / "repo" / "tests")],
        capture_output=True, text=True, env=env, cwd=root / "repo", timeout=120,
    )  # fmt: skip
    return done.stdout


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    tests = tmp_path / "repo" / "tests"
    tests.mkdir(parents=True)
    shutil.copy(CONFTEST, tests / "conftest.py")
    (tests / "test_suite.py").write_text(SUITE, encoding="utf-8")
    return tmp_path


def test_outside_ci_only_a_missing_service_browser_or_java_may_skip(suite: Path):
    out = _run(suite, ci=False)
    assert "1 failed, 1 passed, 3 skipped, 1 deselected" in out, out
    assert "FAILED" in out and "test_skipped_for_no_good_reason" in out.split("FAILED", 1)[1].splitlines()[0]
    assert "only PostgreSQL, browser and Spark tests may skip outside CI" in out
    assert "LUOSHI_TEST_PG" in out and "scripts/install_browser.sh" in out and "scripts/install_java.sh" in out
    assert "1 tests of the real texts left out (deselected)" in out


def test_the_real_texts_run_where_shared_is_there(suite: Path):
    (suite / "shared").mkdir()
    out = _run(suite, ci=False)
    assert "1 failed, 2 passed, 3 skipped" in out and "deselected" not in out, out


def test_in_ci_every_skip_fails(suite: Path):
    out = _run(suite, ci=True)
    assert "4 failed, 2 passed" in out and "skipped" not in out.splitlines()[-1], out
    assert out.count("CI=true: nothing may skip") >= 4
