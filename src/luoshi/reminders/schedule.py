"""The duties ``luoshi serve --schedule FILE`` keeps on cron schedules
(Beijing time): the reminders, and each 通报 listed (issued, kept, and
written to a folder when one is named). APScheduler runs them in one
background thread, one job at a time, on a store handle of their own; the
file is read again before each run, so an edited owner or address counts
at once (a changed schedule, after a restart).

    schedule:
      reminders: "0 9 * * 1"                  # Mondays at 09:00
      bulletins:
        - {cron: "0 8 1 * *", region: 内蒙古自治区, period: "2025", folder: /srv/通报}
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from luoshi.clock import BEIJING
from luoshi.errors import InputError, LuoshiError
from luoshi.reminders.config import RemindersConfig, ScheduledBulletin, read_config
from luoshi.store import Store

log = logging.getLogger("luoshi.schedule")


_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekdays(field: str) -> str:
    """A crontab weekday field (0 or 7 Sunday, 1 Monday) in names:
    APScheduler numbers days from Monday = 0, so 1 would be Tuesday there."""

    def name(token: str) -> str:
        if not token.isdigit():
            return token
        n = int(token)
        if n > 7:
            raise ValueError(f"weekday {n}")
        return _DAYS[n]

    out = []
    for part in field.split(","):
        base, _, step = part.partition("/")
        base = "-".join(name(t) for t in base.split("-"))
        out.append(f"{base}/{step}" if step else base)
    return ",".join(out)


def cron_trigger(text: str) -> Any:
    """A crontab line's five fields (minute hour day month weekday), in Beijing time."""
    from apscheduler.triggers.cron import CronTrigger

    fields = text.split()
    if len(fields) != 5:
        raise ValueError(f"{len(fields)} fields")
    minute, hour, day, month, weekday = fields
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=_weekdays(weekday), timezone=BEIJING)


def check_cron(text: str, where: str, bad: Callable[[str, str], InputError]) -> None:
    """A cron expression (minute hour day month weekday) or ``bad(where, why)``."""
    try:
        cron_trigger(text)
    except ValueError:
        raise bad(where, f"{text!r} 不是 cron 表达式（分 时 日 月 周，北京时间，如 0 9 * * 1）") from None


def run_reminders(store: Store, config_path: str) -> int:
    """One scheduled round of reminders; how many messages went out."""
    from luoshi.reminders.run import remind

    config = read_config(config_path)
    done = remind(store, config, by="schedule")
    sent = sum(1 for d in done if d.sent)
    for d in done:
        if d.error:
            log.warning("luoshi schedule: 提醒 %s（%s %s）未发送：%s", d.owner, d.channel, d.recipient, d.error)
    log.info("luoshi schedule: 提醒已发送 %d 条，失败 %d 条", sent, len(done) - sent)
    return sent


def issue_scheduled(store: Store, config_path: str, job: ScheduledBulletin) -> int:
    """One scheduled 通报: issued and kept (and written to the job's folder); its id."""
    from luoshi.bulletin import issue, make_bulletin, write_bulletin

    config = read_config(config_path)
    b = make_bulletin(store, job.region, job.period, job.owner, issuer=config.issuer, due_within=config.due_within)
    bulletin_id = issue(store, b, "schedule")
    if job.folder:
        for fmt in ("docx", "pdf"):
            name = f"{b.region}{b.period}通报第{b.number}期_{b.as_of.isoformat()}.{fmt}"
            write_bulletin(b, fmt, Path(job.folder) / name)
    log.info("luoshi schedule: 通报 %s 第%d期 已印发", b.title, b.number)
    return bulletin_id


@dataclass
class Duties:
    """The scheduler of a server: start it, look at its jobs, stop it."""

    store: Store  # a handle of its own (SqlStore.fork): the jobs run in another thread
    config: RemindersConfig
    scheduler: Any = None

    def start(self) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        self.scheduler = BackgroundScheduler(
            timezone=BEIJING,
            executors={"default": ThreadPoolExecutor(1)},  # one job at a time on the one store handle
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        )
        path = self.config.source
        if self.config.reminders_cron:
            self.scheduler.add_job(
                _logged(run_reminders), cron_trigger(self.config.reminders_cron), args=(self.store, path),
                id="reminders", name="提醒",
            )  # fmt: skip
        for n, job in enumerate(self.config.bulletins, start=1):
            self.scheduler.add_job(
                _logged(issue_scheduled), cron_trigger(job.cron), args=(self.store, path, job),
                id=f"bulletin-{n}", name=f"通报 {job.region} {job.period}",
            )  # fmt: skip
        self.scheduler.start()

    def next_runs(self) -> dict[str, datetime]:
        """job id → when it runs next (Beijing time)."""
        return {job.id: job.next_run_time for job in self.scheduler.get_jobs()} if self.scheduler else {}

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        self.store.close()


def _logged(work: Callable[..., Any]) -> Callable[..., Any]:
    """A job whose failure is logged in words, not a traceback, and the schedule goes on."""

    def run(*args: Any) -> Any:
        try:
            return work(*args)
        except LuoshiError as exc:
            log.error("luoshi schedule: %s", exc)
        except Exception:  # the store gone away, a bug: logged; the next run is tried
            log.exception("luoshi schedule: a scheduled job failed")
        return None

    run.__name__ = work.__name__
    return run


def start_duties(store: Store, config_path: str) -> Duties:
    """The scheduler over ``config_path``'s schedule, started; InputError for a bad file."""
    config = read_config(config_path)
    if not config.reminders_cron and not config.bulletins:
        raise InputError(config_path, "没有 schedule：请写 schedule.reminders 或 schedule.bulletins")
    duties = Duties(store, config)
    duties.start()
    return duties
