"""``luoshi fetch`` and ``luoshi watch``: documents from the web, by URL or
from the sources of a sources.yaml (``luoshi.fetch``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from luoshi.cli.common import app, err, fail
from luoshi.cli.extract_cmd import progress_bar
from luoshi.cli.store_cmds import Db, SourceTypeOption, source_type_of, store_at
from luoshi.errors import InputError
from luoshi.given_metadata import given_metadata

if TYPE_CHECKING:  # the fetcher and httpx are imported by the commands that fetch: `luoshi serve` never waits for them
    from rich.progress import Progress, TaskID

    from luoshi.fetch import Outcome, Watcher
    from luoshi.fetch.records import RunTally
    from luoshi.fetch.sources import Source
    from luoshi.fetch.watch import SourceRun

DEFAULT_CONFIG = "sources.yaml"
AllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Allow loopback, private and link-local addresses (an intranet site); refused by default, "
        "so that a URL cannot make luoshi reach internal services.",
    ),
]


class _Counter:
    """Advances a progress bar by one per URL done; an attachment found adds one to the total."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self.progress = progress
        self.task = task

    def __call__(self, outcome: Outcome) -> None:
        if outcome.found_on is not None:
            total = next(t.total for t in self.progress.tasks if t.id == self.task)
            if total is not None:
                self.progress.update(self.task, total=total + 1)
        self.progress.advance(self.task)


def _print_failures(failures: list[tuple[str, str]]) -> None:
    for url, reason in failures:
        err.print(Text("luoshi: 失败 ", style="red") + Text(f"{url}: {reason}"), soft_wrap=True)


@app.command()
def fetch(
    urls: Annotated[list[str], typer.Argument(help="Pages or files (HTML, PDF, DOCX, XLSX) to fetch.")],
    source_type: SourceTypeOption = None,
    region: Annotated[str | None, typer.Option(help="Region of the documents (内蒙古自治区, 兴安盟).")] = None,
    attachments: Annotated[
        bool, typer.Option("--attachments", help="Also fetch the PDF, DOCX and XLSX files the pages link to.")
    ] = False,
    allow_private: AllowPrivate = False,
    db: Db = None,
) -> None:
    """Fetch pages or files and store them with their provenance (URL, final
    URL, fetch time, HTTP Date/ETag/Last-Modified). The same content twice
    changes nothing; a changed page is stored as a new version beside the
    old. robots.txt is obeyed; each failure is named with its reason and the
    other URLs are still fetched. A trusted import, like luoshi ingest."""
    from luoshi.fetch import AddressPolicy, Fetcher, FetchOptions, StoreSink, bring, records

    kind = source_type_of(source_type)
    try:
        place = given_metadata(region=region).region
    except InputError as exc:
        fail(InputError("--region", exc.reason))
    options = FetchOptions(region=place, source_type=kind, attachments=attachments)
    with store_at(db) as store, Fetcher(AddressPolicy(allow_private=allow_private)) as fetcher:
        sink = StoreSink(store)
        run_id = records.start_run(store, None)
        with progress_bar("抓取", True) as progress:
            task = progress.add_task("fetch", total=len(urls))
            brought = bring(urls, fetcher, sink, options, _Counter(progress, task))
        tally = brought.tally()
        records.finish_run(store, run_id, tally)
    err.print(
        f"luoshi: 新增 {tally.new} 篇，未变 {tally.unchanged} 篇，失败 {len(tally.failures)} 个网址；"
        f"新增 {brought.statements} 条记录。",
        highlight=False,
        soft_wrap=True,
    )
    _print_failures(tally.failures)
    if tally.failures:
        raise typer.Exit(1)


@app.command()
def watch(
    once: Annotated[bool, typer.Option("--once", help="Run each source once now, then stop.")] = False,
    source: Annotated[
        list[str] | None, typer.Option("--source", metavar="NAME", help="Only this source; repeatable.")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(help="Sources file (default: ./sources.yaml if there is one; sources added on the web too)."),
    ] = None,
    allow_private: AllowPrivate = False,
    db: Db = None,
) -> None:
    """Follow the sources of sources.yaml (feeds, listing pages, sitemaps)
    and those added on the web: each on its schedule until Ctrl+C, or each
    once now with --once. New items are fetched and stored; every run is
    recorded with its failures (the 来源 page shows them)."""
    from luoshi.fetch import AddressPolicy, StoreSink, Watcher
    from luoshi.fetch.watch import all_sources

    path = _config_path(config)
    with store_at(db) as store:
        sink = StoreSink(store)

        def chosen() -> list[Source]:
            found = all_sources(path, sink)
            if source:
                unknown = sorted(set(source) - {s.name for s in found})
                if unknown:
                    raise InputError("--source", f"没有名为 {unknown[0]} 的来源（可用：{_names(found)}）")
                found = [s for s in found if s.name in source]
            return found

        try:
            sources = chosen()
        except InputError as exc:
            fail(exc)
        if not sources:
            fail(InputError(path or DEFAULT_CONFIG, "没有可跟踪的来源：请写 sources.yaml（见 sources.example.yaml）"))
        watcher = Watcher(chosen, sink, AddressPolicy(allow_private=allow_private))
        if once:
            failed = _run_once(watcher, sources)
            if failed:
                raise typer.Exit(1)
            return
        err.print(f"luoshi: 跟踪 {len(sources)} 个来源：{_names(sources)}（Ctrl+C 停止）", highlight=False)
        _run_forever(watcher)


def _config_path(config: Path | None) -> str | None:
    if config is not None:
        if not config.is_file():
            fail(InputError(str(config), "没有这个来源配置文件"))
        return str(config)
    return DEFAULT_CONFIG if Path(DEFAULT_CONFIG).is_file() else None


def _names(sources: list[Source]) -> str:
    return "、".join(s.name for s in sources) or "无"


def _run_once(watcher: Watcher, sources: list[Source]) -> bool:
    """Each source once now; whether any failed."""
    failed = False
    for item in sources:
        with progress_bar(item.name, True) as progress:
            task = progress.add_task(item.name, total=None)
            [done] = watcher.run([item], _Counter(progress, task))
        _report(done)
        failed = failed or bool(done.tally.failures or done.tally.error)
    return failed


def _run_forever(watcher: Watcher) -> None:
    import threading

    stop = threading.Event()
    try:
        while not stop.is_set():
            for done in watcher.run_due():
                _report(done)
            upcoming = watcher.next_due(list(watcher.sources()))
            wait = 30.0 if upcoming is None else (upcoming - watcher.clock()).total_seconds()
            stop.wait(min(max(wait, 1.0), 30.0))
    except KeyboardInterrupt:
        err.print("luoshi: 已停止跟踪", highlight=False)


def _report(done: SourceRun) -> None:
    tally: RunTally = done.tally
    if tally.error:
        err.print(Text("luoshi: 失败 ", style="red") + Text(f"来源 {done.source.name}：{tally.error}"), soft_wrap=True)
        return
    err.print(
        f"luoshi: 来源 {done.source.name}：找到 {tally.found} 篇，新增 {tally.new} 篇，未变 {tally.unchanged} 篇，"
        f"失败 {len(tally.failures)} 个网址；新增 {done.brought.statements} 条记录。",
        highlight=False,
        soft_wrap=True,
    )
    _print_failures(tally.failures)
