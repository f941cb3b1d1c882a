"""The web app over a store of the bundled samples (web_samples), built once
per session and copied for each test (tests write to it)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_samples import fill

from luoshi.accounts import Accounts
from luoshi.store import Store, open_store
from luoshi.web import create_app


@pytest.fixture(scope="session")
def web_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    with open_store(path) as store:
        fill(store)
    return path


@pytest.fixture
def store_path(web_store_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "web.duckdb"
    shutil.copy(web_store_file, copy)
    return copy


@pytest.fixture
def make_client(store_path: Path) -> Iterator[Callable[..., TestClient]]:
    """A client of an app over the test's copy of the store (options as create_app)."""
    opened: list[TestClient] = []

    def make(**options: object) -> TestClient:
        client = TestClient(create_app(open_store(store_path), warm=False, **options))  # type: ignore[arg-type]
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture
def token(client: TestClient) -> Callable[[str], dict[str, str]]:
    """Authorization headers for a user's fresh API token."""
    store: Store = client.app.state.luoshi.store  # type: ignore[attr-defined]

    def headers(username: str) -> dict[str, str]:
        with client.app.state.luoshi.writing():  # type: ignore[attr-defined]
            issued = Accounts(store).issue_token(username, "tests")  # type: ignore[arg-type]
        return {"Authorization": f"Bearer {issued}"}

    return headers
