"""``luoshi serve``: the web scoreboard and REST API over a store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from luoshi.cli.common import app, err, fail
from luoshi.cli.store_cmds import Db
from luoshi.errors import InputError
from luoshi.jobs import JobLimits
from luoshi.store import Store, StoreError, open_store
from luoshi.store.sql import SqlStore

if TYPE_CHECKING:
    from luoshi.reminders import Duties
    from luoshi.web.watching import Fetching

DEFAULT_SOURCES = "sources.yaml"

_LIMITS = JobLimits()  # the defaults


@app.command()
def serve(
    db: Db = None,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    max_upload_mb: Annotated[int, typer.Option(help="Largest upload accepted, in MB.")] = 50,
    login_required: Annotated[bool, typer.Option(help="Pages and API need an account even to read.")] = False,
    secure_cookies: Annotated[bool, typer.Option(help="Send cookies over HTTPS only (behind a TLS proxy).")] = False,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            metavar="ADDRESS|CIDR",
            help="A proxy (address or CIDR) whose X-Forwarded-For names the client; repeatable "
            "(default: $LUOSHI_TRUSTED_PROXIES, else none: the socket peer is the client).",
        ),
    ] = None,
    job_rows: Annotated[
        int, typer.Option(min=1, help="Most data rows of one upload (a bulk CSV's, a statistics table's).")
    ] = _LIMITS.rows,
    job_documents: Annotated[int, typer.Option(min=1, help="Most documents one upload may hold.")] = _LIMITS.documents,
    job_cpu_seconds: Annotated[
        float, typer.Option(min=1, help="Most CPU seconds one upload job may take (extracting and storing).")
    ] = _LIMITS.cpu_seconds,
    jobs_per_user: Annotated[
        int, typer.Option(min=1, help="Most unfinished upload jobs (queued or running) of one user.")
    ] = _LIMITS.queued_per_user,
    job_cpu_seconds_per_user_day: Annotated[
        float, typer.Option(min=1, help="Most CPU seconds of one user's upload jobs in 24 hours.")
    ] = _LIMITS.cpu_seconds_per_user_day,
    job_workers: Annotated[
        int, typer.Option(min=1, help="Upload jobs run at once, each a process on a core of its own.")
    ] = _LIMITS.workers,
    due_within: Annotated[
        int | None,
        typer.Option("--due-within", min=0, help="临期: a deadline at most this many days ahead (default 30)."),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option("--watch", help="Follow the sources (--sources, and those added on the web) on their schedules."),
    ] = False,
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Sources file for --watch and the 来源 page (default: ./sources.yaml)."),
    ] = None,
    schedule: Annotated[
        Path | None,
        typer.Option(
            "--schedule",
            metavar="FILE",
            help="Send reminders and issue 通报 on the cron schedule of this reminders file (Beijing time).",
        ),
    ] = None,
) -> None:
    """Web scoreboard (总览, 地区, 指标, 文档, 比较, 来源) and REST API (/api/v1)."""
    import uvicorn

    from luoshi.web import create_app

    if schedule is not None:
        _check_schedule(schedule)
    try:
        store = open_store(db)
    except StoreError as exc:
        fail(exc)
    try:
        web = create_app(
            store,
            max_upload=max_upload_mb * 1024 * 1024,
            login_required=login_required,
            secure_cookies=secure_cookies,
            trusted_proxies=trusted_proxy,
            job_limits=JobLimits(
                rows=job_rows,
                documents=job_documents,
                cpu_seconds=job_cpu_seconds,
                queued_per_user=jobs_per_user,
                cpu_seconds_per_user_day=job_cpu_seconds_per_user_day,
                workers=job_workers,
            ),  # fmt: skip
            due_within=due_within,
            own_process=True,
        )
    except ValueError as exc:  # a trusted proxy that is no address
        store.close()
        fail(exc)
    fetching = _fetching(web, sources)
    if watch:
        fetching.watch()
        err.print(f"luoshi: 按计划跟踪来源（{fetching.config or '仅网页上添加的来源'}）", highlight=False)
    duties = _duties(store, schedule) if schedule is not None else None
    err.print(f"luoshi: 正在提供 http://{host}:{port}/ （数据库 {store.url}；Ctrl+C 停止）", highlight=False)
    # uvicorn's own proxy_headers would trust X-Forwarded-For from 127.0.0.1 by default: the app reads it itself
    try:
        uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=False)
    finally:
        fetching.close()
        if duties is not None:
            duties.stop()


def _check_schedule(path: Path) -> None:
    """A --schedule file that can be read and has a schedule, before anything starts."""
    from luoshi.reminders import read_config

    try:
        config = read_config(path)
    except InputError as exc:
        fail(exc)
    if not config.reminders_cron and not config.bulletins:
        fail(InputError(str(path), "没有 schedule：请写 schedule.reminders 或 schedule.bulletins"))


def _duties(store: Store, path: Path) -> Duties:
    """Reminders and 通报 on their schedule, in a thread on a store handle of its own."""
    from luoshi.reminders import start_duties

    handle = store.fork() if isinstance(store, SqlStore) else store
    duties = start_duties(handle, str(path))
    runs = "，".join(f"{job} 下次 {when:%Y-%m-%d %H:%M}" for job, when in duties.next_runs().items())
    err.print(f"luoshi: 按计划发送提醒、印发通报（{path}：{runs}，北京时间）", highlight=False)
    return duties


def _fetching(web: Any, sources: Path | None) -> Fetching:
    """The server's fetching (the 来源 page and --watch), with its sources file."""
    from luoshi.web.watching import Fetching

    if sources is not None and not sources.is_file():
        fail(InputError(str(sources), "没有这个来源配置文件"))
    path = sources or (Path(DEFAULT_SOURCES) if Path(DEFAULT_SOURCES).is_file() else None)
    if path is not None:
        from luoshi.fetch.sources import read_sources  # the fetcher, httpx: only with a sources file

        try:
            read_sources(path)
        except InputError as exc:
            fail(exc)
    fetching = Fetching(web.state.luoshi, str(path) if path else None)
    web.state.fetching = fetching
    return fetching
