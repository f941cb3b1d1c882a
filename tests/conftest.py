"""What may skip, for the whole suite.

Every test that needs no service runs on a fresh clone: the web, API,
security and fuzz tests run on samples/. Outside CI a test may skip only
when the machine lacks a service or program it drives:

- PostgreSQL is unreachable (the reason starts with "PostgreSQL");
- Chromium is missing for the browser tests (the reason starts with "Chromium");
- Java 17 or newer is missing for the Spark tests (the reason starts with "Java").

Such a skip says how to enable it; any other skip fails the test, naming its
reason. Under CI=true nothing may skip: a skip fails the test.

Tests that read the real texts in ../shared (a folder beside the
repository, which the project never copies) are not skipped but left out
where that folder is absent: they carry the ``real_texts`` mark, use a
fixture that loads those texts (REAL_TEXT_FIXTURES), or have a ``skipif``
whose reason names the folder. The summary says how many were left out.
Under CI=true they are always collected, so a missing folder fails them.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"

# Reason prefix of an allowed skip → how to enable what it skipped.
ALLOWED_SKIPS = {
    "PostgreSQL": "to run it, start PostgreSQL on 127.0.0.1:5432 (trust auth, database test) "
    "or set LUOSHI_TEST_PG to a server's URL",
    "Chromium": "to run it, install Debian's chromium and fonts-noto-cjk (scripts/install_browser.sh)",
    "Java": "to run it, install Debian's openjdk-17-jre-headless (scripts/install_java.sh)",
}
# Fixtures that load ../shared (tests/extract/conftest.py, tests/track/conftest.py).
REAL_TEXT_FIXTURES = frozenset({"seed", "reports", "score", "real_store", "real_store_file"})
_LEFT_OUT = pytest.StashKey[int]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_texts: reads the real texts in ../shared; left out where that folder is absent (not in CI)"
    )
    config.addinivalue_line(
        "markers", "spark: runs Spark (needs Java 17); -m spark selects them, -m 'not spark' leaves them out"
    )


def needs_real_texts(item: pytest.Item) -> bool:
    if item.get_closest_marker("real_texts") or REAL_TEXT_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    return any(_names_shared(str(mark.kwargs.get("reason", ""))) for mark in item.iter_markers("skipif"))


def _names_shared(reason: str) -> bool:
    return str(SHARED) in reason or "../shared" in reason


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if IN_CI or SHARED.is_dir():
        return
    left_out = [item for item in items if needs_real_texts(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not needs_real_texts(item)]
    config.stash[_LEFT_OUT] = len(left_out)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    left_out = config.stash.get(_LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(
            f"{left_out} tests of the real texts left out (deselected): {SHARED} is absent; "
            "put the shared folder beside the repository to run them"
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, None, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = skip_reason(report)
    if not IN_CI:
        prefix = next((p for p in ALLOWED_SKIPS if reason.startswith(p)), None)
        if prefix is not None:
            if isinstance(report.longrepr, tuple) and ALLOWED_SKIPS[prefix] not in reason:
                path, line, _ = report.longrepr
                report.longrepr = (path, line, f"{reason} — {ALLOWED_SKIPS[prefix]}")
            return
        verdict = f"only PostgreSQL, browser and Spark tests may skip outside CI, and this one skipped: {reason}"
    else:
        verdict = f"CI=true: nothing may skip, and this test skipped: {reason}"
    report.outcome = "failed"
    report.longrepr = verdict


def skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")
