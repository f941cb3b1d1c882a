"""Real-browser fixtures: the web app over a store of the real texts (or,
where ../shared is absent, of the bundled samples, as the other web tests
use), served by uvicorn in a background thread, and Debian's Chromium driven
headless by Playwright (never a downloaded browser: ``scripts/install_browser.sh``
installs /usr/bin/chromium). Skipped where Chromium is missing, except under
CI=true, where that fails."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import web_samples  # tests/web, on the path by its conftest

from luoshi.accounts import Accounts, Role
from luoshi.ingest import ingest
from luoshi.stats import read_stats
from luoshi.store import open_store
from luoshi.web import create_app
from luoshi.web.background import BackgroundServer

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seed"
REPORTS = SHARED / "corpus" / "gwr2026"
STATS = ROOT / "statistics" / "nmg_2025_sample.csv"
SCREENSHOTS = ROOT / "out" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# Tables beside the reports in gwr2026 that are not reports (no full_text column).
NOT_REPORTS = {"failures_2026.csv", "run_manifest_2026.csv"}

PASSWORD = web_samples.PASSWORD
USERS = {
    "admin": (Role.ADMIN, None),
    "shangwu": (Role.OWNER, "自治区商务厅"),
    "nongmu": (Role.OWNER, "自治区农牧厅"),
    "viewer": (Role.VIEWER, None),
}


def build_store(path: Path) -> None:
    """The seed texts, every 2026 report, the sample statistics and one account per role;
    where ../shared is absent, the web tests' store of the samples (the same users)."""
    with open_store(path) as store:
        if not (SEEDS.is_dir() and REPORTS.is_dir()):
            web_samples.fill(store)
            return
        summary = ingest([str(p) for p in sorted(SEEDS.glob("*.txt")) + sorted(REPORTS.glob("*.csv"))], store)
        failed = {Path(source).name for source, _ in summary.failed}
        assert failed == NOT_REPORTS, summary.failed
        assert summary.new >= 32
        table = read_stats(STATS)
        store.add_document(table.document, table.statements)
        accounts = Accounts(store)  # type: ignore[arg-type]
        for username, (role, owner) in USERS.items():
            accounts.add_user(username, PASSWORD, role, owner=owner)


@pytest.fixture(scope="session")
def browser_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "browser.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="session")
def site(browser_store: Path) -> Iterator[str]:
    """The base URL of the app over the session's store."""
    with BackgroundServer(create_app(open_store(browser_store), warm=False)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"Chromium is missing at {CHROMIUM}: run scripts/install_browser.sh (Debian's chromium, no download)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        yield launched
        launched.close()


@pytest.fixture
def make_page(browser, site: str) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """Fresh pages (each with its own cookies; options as browser.new_context,
    1280×900 by default) whose console errors and uncaught exceptions fail the test."""
    contexts = []
    errors: list[str] = []

    def console(message) -> None:  # type: ignore[no-untyped-def]
        if message.type == "error":
            errors.append(f"console.error: {message.text} @ {message.location.get('url')}")

    def make(**options: object) -> object:
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", **options}
        context = browser.new_context(base_url=site, **options)
        contexts.append(context)
        new = context.new_page()
        new.on("console", console)
        new.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        return new

    yield make
    for context in contexts:
        context.close()
    assert errors == [], "errors in the browser:\n" + "\n".join(errors)


@pytest.fixture
def page(make_page: Callable[..., object]) -> object:
    return make_page()


@pytest.fixture
def login() -> Callable[[object, str], None]:
    """Logs ``page`` in as one of USERS through the login form."""

    def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("form.login button[type=submit]")
        assert page.locator(".who .user").inner_text().startswith(username)

    return log_in


@pytest.fixture
def shot() -> Callable[[object, str], Path]:
    """A full-page screenshot saved as out/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
