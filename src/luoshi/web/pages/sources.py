"""来源 (``/sources``): the sources followed — from the server's
sources.yaml and added on the web — each with its last run (new documents,
failures with their reasons), and the URLs fetched by hand. Admins fetch
URLs now (``/sources/fetch``), add a source to follow (``/sources/add``),
run one now (``/sources/{name}/run``) or stop following one added on the
web (``/sources/{name}/remove``); the work runs in the background
(``luoshi.web.watching``), its outcome on this page once done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.accounts import Role
from luoshi.errors import InputError
from luoshi.given_metadata import region_options
from luoshi.source_types import CHOOSABLE
from luoshi.store import Store
from luoshi.web import writes
from luoshi.web.auth import check_csrf, state_of
from luoshi.web.errors import WebError
from luoshi.web.pages.choices import main_region
from luoshi.web.pages.render import Who, render
from luoshi.web.watching import Fetching

router = APIRouter(include_in_schema=False)
MOST_URLS = 20  # a form's URLs fetched at once: more is a source to follow
RECENT_RUNS = 20


def fetching_of(request: Request) -> Fetching:
    """The server's fetching (``luoshi serve`` makes it with its sources
    file); one without a file when the app was made without one."""
    found: Fetching | None = getattr(request.app.state, "fetching", None)
    if found is None:
        found = request.app.state.fetching = Fetching(state_of(request))
    return found


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, who: Who) -> HTMLResponse:
    # The fetcher (httpx, the extractor) is imported by the pages that use it: the server starts without it.
    from luoshi.fetch import SourceKind, records
    from luoshi.fetch.sources import schedule_text

    fetching = fetching_of(request)
    problem = None
    try:
        sources = fetching.sources()
    except InputError as exc:
        problem, sources = str(exc), []
    store = state_of(request).reader()
    last = records.last_runs(store)
    added = {s.source.name: s for s in records.stored_sources(store)}
    by_hand = [r for r in records.recent_runs(store, RECENT_RUNS * 5) if r.source_name is None][:RECENT_RUNS]
    state = state_of(request)
    main = main_region(state)
    return render(
        request, "sources.html", who, sources=sources, last=last, added=added, by_hand=by_hand, problem=problem,
        watching=fetching.config, kinds=list(SourceKind), source_types=CHOOSABLE, region_options=region_options(main),
        most_urls=MOST_URLS, schedule_text=schedule_text,
    )  # fmt: skip


@router.post("/sources/fetch")
def fetch_form(
    request: Request, who: Who, csrf: Annotated[str, Form()], urls: Annotated[str, Form(max_length=20_000)],
    region: Annotated[str | None, Form(max_length=40)] = None,
    source_type: Annotated[str | None, Form(max_length=40)] = None,
) -> Response:  # fmt: skip
    from luoshi.fetch import records
    from luoshi.fetch.safety import UnsafeAddress, check_url

    user = who.require(Role.ADMIN)
    check_csrf(request, who, csrf)
    wanted = list(dict.fromkeys(u.strip() for u in urls.splitlines() if u.strip()))
    if not wanted:
        raise WebError(422, "网址：请至少填写一个网址（每行一个）")
    if len(wanted) > MOST_URLS:
        raise WebError(422, f"网址：一次最多 {MOST_URLS} 个；更多的请添加为跟踪来源")
    for url in wanted:
        try:
            check_url(url)
        except UnsafeAddress as exc:
            raise WebError(422, f"网址 {url}：{exc.reason}") from None
    given = writes.metadata_fields(region, None, None)
    kind = writes.source_type_field(source_type)
    asked = {"urls": wanted, "region": given.region, "source_type": kind.value if kind else None}
    with state_of(request).writing() as store:
        records.record_request(store, user.username, "source.fetch", "sources", asked)
    fetching_of(request).fetch_urls(wanted, user.username, given.region, kind)
    return RedirectResponse("/sources#by-hand", status_code=303)


@router.post("/sources/add")
def add_form(
    request: Request, who: Who, csrf: Annotated[str, Form()], name: Annotated[str, Form(max_length=64)],
    kind: Annotated[str, Form(max_length=20)], url: Annotated[str, Form(max_length=2000)],
    title: Annotated[str | None, Form(max_length=100)] = None,
    link_pattern: Annotated[str | None, Form(max_length=500)] = None,
    region: Annotated[str | None, Form(max_length=40)] = None,
    source_type: Annotated[str | None, Form(max_length=40)] = None,
    schedule: Annotated[str | None, Form(max_length=20)] = None,
    pages: Annotated[int | None, Form(ge=1, le=50)] = None,
    page_url: Annotated[str | None, Form(max_length=200)] = None,
    attachments: Annotated[bool, Form()] = False,
) -> Response:  # fmt: skip
    from luoshi.fetch import records
    from luoshi.fetch.sources import source_from

    user = who.require(Role.ADMIN)
    check_csrf(request, who, csrf)
    fields = {"name": name, "kind": kind, "url": url, "title": title, "link_pattern": link_pattern,
              "region": region, "source_type": source_type, "schedule": schedule, "pages": pages,
              "page_url": page_url, "attachments": attachments}  # fmt: skip
    fetching = fetching_of(request)
    try:
        source = source_from({k: v for k, v in fields.items() if v not in (None, "")}, "来源表单")
        if source.name in {s.name for s in fetching.sources()}:
            raise InputError("来源名称", f"已有名为 {source.name} 的来源")
        with state_of(request).writing() as store:
            records.add_source(store, source, user.username)
    except InputError as exc:
        raise WebError(422, f"{exc.source}：{exc.reason}") from None
    fetching.run_now(source, user.username)
    return RedirectResponse(f"/sources#source-{source.name}", status_code=303)


@router.post("/sources/{name}/run")
def run_form(request: Request, who: Who, name: str, csrf: Annotated[str, Form()]) -> Response:
    from luoshi.fetch import records

    user = who.require(Role.ADMIN)
    check_csrf(request, who, csrf)
    fetching = fetching_of(request)
    try:
        found = {s.name: s for s in fetching.sources()}
    except InputError as exc:
        raise WebError(422, str(exc)) from None
    if name not in found:
        raise WebError(404, f"没有名为 {name} 的来源")
    with state_of(request).writing() as store:
        records.record_request(store, user.username, "source.run", f"source:{name}", {"name": name})
    fetching.run_now(found[name], user.username)
    return RedirectResponse(f"/sources#source-{name}", status_code=303)


@router.post("/sources/{name}/remove")
def remove_form(request: Request, who: Who, name: str, csrf: Annotated[str, Form()]) -> Response:
    from luoshi.fetch import records

    user = who.require(Role.ADMIN)
    check_csrf(request, who, csrf)
    with state_of(request).writing() as store:
        removed = records.remove_source(store, name, user.username)
    if not removed:
        raise WebError(404, f"没有在网页上添加的名为 {name} 的来源（配置文件中的来源请在文件中删除）")
    return RedirectResponse("/sources", status_code=303)


@dataclass(frozen=True)
class FetchedFrom:
    """Where a fetched document came from, for its page: the URL (always
    http or https: only those are fetched), and the URL's other versions."""

    url: str
    final_url: str
    fetched_at: datetime
    last_modified: str | None
    found_on: str | None
    others: list[tuple[str, str]]  # (name, id) of the URL's other versions, oldest first


def fetched_from(store: Store, doc_id: str) -> FetchedFrom | None:
    from luoshi.fetch import records
    from luoshi.fetch.safety import SCHEMES

    versions = records.versions_of_document(store, doc_id)
    if not versions or urlsplit(versions[0].url).scheme not in SCHEMES:
        return None
    first = versions[0]
    others: list[tuple[str, str]] = []
    for version in records.versions_of_url(store, first.url):
        if version.doc_id != doc_id and version.doc_id not in {i for _, i in others}:
            doc = store.document(version.doc_id)
            if doc is not None:
                others.append((doc.name, doc.id))
    return FetchedFrom(first.url, first.final_url, first.fetched_at, first.last_modified, first.found_on, others)
