"""The adversarial suite's kit (tests/web/test_adversarial_*.py and
test_api_fuzzed.py): one visitor per role on one app, every route the app
serves found by walking its routers, requests counted per class, and what a
refusal must look like.

A refusal is a 4xx whose message is Chinese and names no path, driver or
traceback; the API answers JSON, a page an HTML page. The counts are printed
at the end of the run:

    .venv/bin/pytest tests/web -q -k "adversarial or fuzzed"
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, get_args
from urllib.parse import quote

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel
from web_samples import COMMERCE, FARMING, IM, PEOPLE, login

from luoshi.accounts import Accounts

WAIT = 30  # seconds an upload request may wait for its job: answered when stored, as before jobs
CLASSES = ("authz", "identity", "xss", "sqli", "uploads", "exports", "limits", "schema")
REQUESTS: Counter[str] = Counter()  # requests sent, by class, over the whole run
ROLES = ("anonymous", "viewer", "owner", "other_owner", "admin")
USERNAMES = {"viewer": "viewer", "owner": "shangwu", "other_owner": "nongmu", "admin": "admin"}
OWNER_OF = {"owner": COMMERCE, "other_owner": FARMING}
assert {p.username: p.owner for p in PEOPLE}["shangwu"] == COMMERCE  # the samples' owners, as named here

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# What a message must never show: a server path, the store, a driver, Python's own words.
LEAKS = re.compile(
    r"/tmp/|/work/|/home/|/root/|/usr/|/var/|\.duckdb|postgresql://|duckdb|psycopg|sqlite|Traceback|"
    r"Error:|Exception|Conversion|Input should|Value error|Field required|unable to parse|site-packages|\.py\b",
    re.IGNORECASE,
)
_ALERT = re.compile(r'<p class="error" role="alert">(.*?)</p>', re.DOTALL)


def classify(nodeid: str) -> str | None:
    """The class of a test by its file: test_adversarial_<class>.py, or the schema fuzz."""
    found = re.search(r"test_adversarial_(\w+?)\.py", nodeid)
    if found:
        return found.group(1)
    return "schema" if "test_api_fuzzed.py" in nodeid else None


class _Summary:
    """Prints requests and test outcomes per class after the run."""

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        tests: Counter[str] = Counter()
        failed: Counter[str] = Counter()
        for outcome in ("passed", "failed", "error", "skipped"):
            for report in terminalreporter.stats.get(outcome, []):
                kind = classify(getattr(report, "nodeid", ""))
                if kind is None or getattr(report, "when", "call") not in ("call", "setup"):
                    continue
                if outcome == "passed" and report.when != "call":
                    continue
                tests[kind] += 1
                failed[kind] += outcome in ("failed", "error")
        if not tests and not REQUESTS:
            return
        write = terminalreporter.write_line
        terminalreporter.section("adversarial requests by class")
        write(f"{'class':<10}{'requests':>10}{'tests':>8}{'failed':>8}")
        for kind in CLASSES:
            if tests[kind] or REQUESTS[kind]:
                write(f"{kind:<10}{REQUESTS[kind]:>10}{tests[kind]:>8}{failed[kind]:>8}")
        write(f"{'all':<10}{sum(REQUESTS.values()):>10}{sum(tests.values()):>8}{sum(failed.values()):>8}")


def register_summary(config: pytest.Config) -> None:
    """Print the counts per class at the end of the run (once)."""
    if not config.pluginmanager.has_plugin("luoshi-adversarial"):
        config.pluginmanager.register(_Summary(), "luoshi-adversarial")


def count_requests(config: pytest.Config, client: httpx.Client, kind: str) -> None:
    """Count every request ``client`` sends (redirects followed included) under ``kind``."""
    register_summary(config)

    def counted(_: httpx.Request) -> None:
        REQUESTS[kind] += 1

    client.event_hooks = {"request": [*client.event_hooks["request"], counted], "response": []}


# -- what an answer must be ----------------------------------------------------


def is_api(path: str) -> bool:
    return path.startswith("/api/")


def message_of(response: httpx.Response) -> str:
    """The error message a refusal shows: JSON's error.message, or the error page's alert."""
    if is_api(response.request.url.path):
        assert response.headers["content-type"].startswith("application/json"), response.text[:300]
        message = response.json()["error"]["message"]
        assert isinstance(message, str)
        return message
    assert response.headers["content-type"].startswith("text/html"), (response.status_code, response.text[:300])
    found = _ALERT.search(response.text)
    assert found, response.text[:500]
    return html.unescape(found.group(1))


def refused(response: httpx.Response, *statuses: int) -> str:
    """Assert a clean refusal (a 4xx, in ``statuses`` if given, in Chinese,
    naming no path or driver); returns its message."""
    where = f"{response.request.method} {str(response.request.url)[:200]}"
    assert 400 <= response.status_code < 500, (where, response.status_code, response.text[:400])
    if statuses:
        assert response.status_code in statuses, (where, response.status_code, response.text[:400])
    message = message_of(response)
    assert CHINESE.search(message), (where, message)
    leak = LEAKS.search(message) or LEAKS.search(response.text)
    assert leak is None, (where, leak and leak.group(), message)
    return message


def answered(response: httpx.Response) -> httpx.Response:
    """Assert no server error: a success, a redirect, or a clean refusal."""
    where = f"{response.request.method} {str(response.request.url)[:200]}"
    assert response.status_code < 500, (where, response.status_code, response.text[:400])
    if response.status_code >= 400:
        refused(response)
    return response


def is_login_redirect(response: httpx.Response) -> bool:
    return response.status_code == 303 and response.headers["location"].startswith("/login")


# -- who asks ------------------------------------------------------------------


@dataclass
class Actor:
    """One visitor: a browser (its own cookies, logged in unless anonymous)
    and the same user's API token."""

    role: str
    username: str | None
    web: TestClient  # the browser
    bare: TestClient  # the API's client: no cookies
    csrf: str | None  # the page session's CSRF token
    bearer: dict[str, str] = field(default_factory=dict)

    @property
    def owner(self) -> str | None:
        return OWNER_OF.get(self.role)

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request as the API's users send it: with the token, no cookies."""
        headers = {**self.bearer, **kwargs.pop("headers", {})}
        return self.bare.request(method, path, headers=headers, **kwargs)

    def page(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request as the browser sends it: cookies, the CSRF token in a form."""
        kwargs.setdefault("follow_redirects", False)
        return self.web.request(method, path, **kwargs)


@dataclass
class Cast:
    """Every role's visitor on one app, and the state the tests act on."""

    app: Any
    actors: dict[str, Actor]
    kind: str

    def __getitem__(self, role: str) -> Actor:
        return self.actors[role]

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def footprint(self) -> tuple[Any, ...]:
        """What any write changes: documents, the audit log, owners, progress reports."""
        state = self.app.state.luoshi
        with state.writing() as store:
            accounts = Accounts(store)
            return (
                sorted(d.id for d in store.documents()),
                len(accounts.audit_log(100_000)),
                sorted(accounts.assigned_owners().items()),
                _count(store, "progress_reports"),
                _count(store, "upload_jobs"),  # an upload is a job, stored while the request has already answered
            )


def _count(store: Any, table: str) -> int:
    rows = store._db.execute(f"SELECT count(*) FROM {table}", [])  # noqa: SLF001 - counts the API has no call for
    return int(rows[0][0])


def assemble(client: TestClient, token: Callable[[str], dict[str, str]], config: pytest.Config, kind: str) -> Cast:
    """One visitor per role on ``client``'s app, each request counted under ``kind``."""
    actors: dict[str, Actor] = {}
    for role in ROLES:
        web, bare = TestClient(client.app), TestClient(client.app)
        # On the entered client's event loop: a client of its own would start a loop, and with it new worker
        # threads each holding a store connection, for every request.
        web.portal = bare.portal = client.portal
        username = USERNAMES.get(role)
        csrf = login(web, username) if username else None
        actors[role] = Actor(role, username, web, bare, csrf, token(username) if username else {})
        count_requests(config, web, kind)
        count_requests(config, bare, kind)
    return Cast(client.app, actors, kind)


# -- the routes ----------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # query, path, form, file, json (a field of the JSON body)
    annotation: Any
    required: bool


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    params: tuple[Param, ...]

    @property
    def api(self) -> bool:
        return is_api(self.path)

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    @property
    def has_files(self) -> bool:
        return any(p.where == "file" for p in self.params)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def routes(app: Any) -> list[Route]:
    """Every route the app serves (FastAPI nests included routers: walked);
    a JSON body's model is listed field by field."""

    def walk(items: list[Any]) -> Iterator[APIRoute]:
        for r in items:
            if hasattr(r, "original_router"):
                yield from walk(r.original_router.routes)
            elif isinstance(r, APIRoute):
                yield r

    found = []
    for r in walk(app.routes):
        d = r.dependant
        params = [Param(p.name, "query", p.field_info.annotation, p.field_info.is_required()) for p in d.query_params]
        params += [Param(p.name, "path", p.field_info.annotation, True) for p in d.path_params]
        for p in d.body_params:
            kind = type(p.field_info).__name__
            model = p.field_info.annotation
            if kind in ("Form", "File"):
                params.append(Param(p.name, kind.lower(), model, p.field_info.is_required()))
            elif (body := _model(model)) is not None:
                params += [Param(n, "json", f.annotation, f.is_required()) for n, f in body.model_fields.items()]
            else:
                params.append(Param(p.name, "json", model, p.field_info.is_required()))
        for method in sorted(r.methods - {"HEAD"}):
            found.append(Route(method, r.path, tuple(params)))
    return found


def _model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model of a JSON body (``Model | None`` too)."""
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


# -- requests that reach a route's logic ----------------------------------------


def _wire(value: Any) -> str:
    """A value in a URL: UTF-8, a lone surrogate as the bytes a broken client would send."""
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def has_surrogate(value: Any) -> bool:
    return isinstance(value, str) and any("\ud800" <= c <= "\udfff" for c in value)


@dataclass
class Plausible:
    """Values that make a request valid, so that what is checked is the
    route's logic, not its parameter parsing: a real target (the owner's),
    document, report, and the actor's CSRF token."""

    target: str  # a key of 自治区商务厅's (the "owner" role's)
    other_target: str  # a key of 自治区农牧厅's
    doc_id: str
    report_id: int  # a report by the "owner" role on ``target``

    def value(self, p: Param, actor: Actor | None) -> Any:
        known: dict[str, Any] = {
            "key": self.target, "target": self.target, "object": self.target, "doc": self.doc_id,
            "doc_id": self.doc_id, "report_id": self.report_id, "fmt": "csv", "what": "document", "q": "货运",
            "region": IM, "period": "2025", "indicator": "port_freight_volume", "kind": "target", "format": "json",
            "status": "met", "owner": COMMERCE, "value": "1.35", "note": "按月调度", "reason": "填错了", "unit": "亿吨",
            "limit": 10, "offset": 0, "page": 1, "at": "0-5", "next": "/", "username": "viewer", "password": "x",
            "wait": WAIT,
            "csrf": (actor.csrf or "no-session") if actor else None,
        }  # fmt: skip
        if p.name in known:
            return known[p.name]
        if not p.required:
            return None  # an option this kit does not know: left to its default
        text = str(p.annotation)
        if "int" in text:
            return 1
        if "float" in text:
            return 1.0
        return "测试"

    def request(self, route: Route, actor: Actor | None, **override: Any) -> dict[str, Any]:
        """httpx keyword arguments for ``route``: the URL encoded here (so
        that any value, a lone surrogate too, goes out as given), a form or
        a JSON body. ``override``: values by parameter name."""
        path = route.path
        query: list[str] = []
        form: dict[str, Any] = {}
        files: dict[str, Any] = {}
        body: dict[str, Any] = {}
        for p in route.params:
            given = override[p.name] if p.name in override else self.value(p, actor)
            if p.where == "path":
                path = path.replace("{" + p.name + "}", _wire(given))
            elif p.where == "query" and given is not None and (p.required or p.name in override or p.name == "wait"):
                query.append(f"{_wire(p.name)}={_wire(given)}")
            elif p.where == "form" and given is not None:
                form[p.name] = given
            elif p.where == "file" and (p.required or p.name in override):
                files[p.name] = override.get(p.name) or ("进展.txt", "2025年口岸货运量1.35亿吨。".encode())
            elif (
                p.where == "json" and given is not None and (p.required or p.name in override or p.name in _JSON_ALWAYS)
            ):
                body[p.name] = given
        kwargs: dict[str, Any] = {"url": path + ("?" + "&".join(query) if query else "")}
        if files:
            kwargs.update(files=files, data=form)
        elif form:
            encoded = "&".join(f"{_wire(k)}={_wire(v)}" for k, v in form.items())
            kwargs.update(content=encoded.encode(), headers={"content-type": "application/x-www-form-urlencoded"})
        elif body:
            kwargs.update(content=json.dumps(body).encode(), headers={"content-type": "application/json"})
        return kwargs


_JSON_ALWAYS = {"owner", "target", "value"}


def plausible_values(cast: Cast) -> Plausible:
    """The samples' targets and documents, and one progress report by the owner."""
    admin, owner = cast["admin"], cast["owner"]
    items = admin.api("GET", "/api/v1/targets", params={"region": IM, "period": "2025"}).json()["items"]
    mine = next(i for i in items if i["target"]["owner"] == COMMERCE and i["target"]["kind"] == "target")
    theirs = next(i for i in items if i["target"]["owner"] == FARMING)
    reported = owner.api(
        "POST", "/api/v1/progress", data={"target": mine["key"], "value": "1.31", "period": "2025", "unit": "亿吨"}
    )
    assert reported.status_code == 201, reported.text
    return Plausible(mine["key"], theirs["key"], mine["target"]["doc_id"], reported.json()["report"]["id"])


def send(actor: Actor, route: Route, kwargs: dict[str, Any]) -> httpx.Response:
    """``route`` as its users send it: the API with the token, a page from the browser."""
    kwargs = dict(kwargs)
    url = kwargs.pop("url")
    if route.api:
        return actor.api(route.method, url, **kwargs)
    return actor.page(route.method, url, **kwargs)


class Findings:
    """Every failed expectation of a sweep, reported together at its end."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.checked = 0

    def check(self, expect: Callable[..., Any], response: httpx.Response, *args: Any, what: str = "") -> None:
        self.checked += 1
        try:
            expect(response, *args)
        except AssertionError as exc:
            self.found.append(f"{what} -> {response.status_code}: {str(exc)[:400]}")

    def assert_none(self) -> None:
        assert self.checked, "nothing was checked"
        shown = "\n".join(self.found[:30])
        assert not self.found, f"{len(self.found)} of {self.checked} answers wrong:\n{shown}"
