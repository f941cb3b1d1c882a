"""``luoshi remind`` from the command line, and the duties ``luoshi serve
--schedule`` keeps: cron schedules in Beijing time, a scheduled 通报 issued
and written, scheduled reminders sent."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import yaml
from bulletin_samples import COMMERCE, IM
from receivers import HookServer
from typer.testing import CliRunner

from luoshi.bulletin import Snapshots
from luoshi.cli import app
from luoshi.clock import BEIJING
from luoshi.reminders import read_config, start_duties
from luoshi.reminders.config import ScheduledBulletin
from luoshi.reminders.schedule import issue_scheduled, run_reminders
from luoshi.store.duckdb_store import DuckDBStore

runner = CliRunner()


def _file(folder: Path, hooks: HookServer, **more: object) -> Path:
    path = folder / "reminders.yaml"
    data = {"base_url": "https://luoshi.example.gov.cn", "region": IM, "period": "2025",
            "owners": {COMMERCE: {"webhook": f"{hooks.url}/plain"}}, **more}  # fmt: skip
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_remind_dry_run_prints_the_messages_and_a_real_run_sends_them(
    store: DuckDBStore, hooks: HookServer, tmp_path: Path
) -> None:
    config = _file(tmp_path, hooks)
    url = str(store.url)
    store.close()
    dry = runner.invoke(app, ["remind", "--dry-run", "--config", str(config), "--db", url])
    assert dry.exit_code == 0, dry.output
    assert "【督办提醒】自治区商务厅有" in dry.output and "Webhook →" in dry.output and "将发送 1 条提醒" in dry.output
    assert hooks.received == []
    sent = runner.invoke(app, ["remind", "-c", str(config), "--db", url])
    assert sent.exit_code == 0, sent.output
    assert "已发送 1 条提醒" in sent.output and len(hooks.at("/plain")) == 1
    again = runner.invoke(app, ["remind", "-c", str(config), "--db", url])
    assert again.exit_code == 0 and "本周期已提醒过" in again.output


def test_remind_exits_1_when_a_message_fails_and_2_for_a_bad_file(
    store: DuckDBStore, hooks: HookServer, tmp_path: Path
) -> None:
    url = str(store.url)
    store.close()
    down = tmp_path / "down.yaml"
    down.write_text(yaml.safe_dump({"owners": {COMMERCE: {"webhook": f"{hooks.url}/down"}}}, allow_unicode=True))
    failed = runner.invoke(app, ["remind", "-c", str(down), "--db", url])
    assert failed.exit_code == 1 and "1 条失败" in failed.output and "返回 HTTP 503" in failed.output
    missing = runner.invoke(app, ["remind", "-c", str(tmp_path / "none.yaml"), "--db", url])
    assert missing.exit_code == 2 and "没有这个提醒配置文件" in missing.output
    mail = tmp_path / "mail.yaml"
    mail.write_text(yaml.safe_dump({"owners": {COMMERCE: {"email": "a@b.cn"}}}), encoding="utf-8")
    no_smtp = runner.invoke(app, ["remind", "-c", str(mail), "--db", url])
    assert no_smtp.exit_code == 2 and "有电子邮件接收人，但没有 smtp 设置" in no_smtp.output


def test_the_schedule_runs_on_cron_times_in_beijing(store: DuckDBStore, hooks: HookServer, tmp_path: Path) -> None:
    config = _file(tmp_path, hooks, schedule={
        "reminders": "0 9 * * 1",
        "bulletins": [{"cron": "30 8 1 * *", "region": IM, "period": "2025"}],
    })  # fmt: skip
    duties = start_duties(store, str(config))
    try:
        runs = duties.next_runs()
    finally:
        duties.stop()
    reminders, bulletin = runs["reminders"], runs["bulletin-1"]
    assert reminders.utcoffset() == timedelta(hours=8)
    assert (reminders.weekday(), reminders.hour, reminders.minute) == (0, 9, 0)  # a Monday, 09:00
    assert (bulletin.day, bulletin.hour, bulletin.minute) == (1, 8, 30)
    now = datetime.now(BEIJING)
    assert now < reminders <= now + timedelta(days=7)


def test_a_scheduled_bulletin_is_issued_and_written_and_reminders_sent(
    store: DuckDBStore, hooks: HookServer, tmp_path: Path
) -> None:
    config = _file(tmp_path, hooks)
    folder = tmp_path / "通报"
    bulletin_id = issue_scheduled(store, str(config), ScheduledBulletin("0 8 1 * *", IM, "2025", folder=str(folder)))
    issued = Snapshots(store.backend).list()
    assert [(i.id, i.issued_by, i.number) for i in issued] == [(bulletin_id, "schedule", 1)]
    written = sorted(p.suffix for p in folder.iterdir())
    assert written == [".docx", ".pdf"]
    assert run_reminders(store, str(config)) == 1 and len(hooks.at("/plain")) == 1
    assert read_config(config).bulletins == ()


def test_weekdays_are_read_as_crontab_numbers_them_sunday_0_or_7() -> None:
    from luoshi.reminders.schedule import cron_trigger

    wednesday = datetime(2026, 3, 4, 10, 0, tzinfo=BEIJING)
    fires = {text: cron_trigger(text).get_next_fire_time(None, wednesday) for text in
             ("0 9 * * 1", "0 9 * * 0", "0 9 * * 7", "0 9 * * 1-5", "0 9 * * 6,0")}  # fmt: skip
    assert {t: (f.weekday(), f.day) for t, f in fires.items()} == {
        "0 9 * * 1": (0, 9),  # next Monday
        "0 9 * * 0": (6, 8),  # Sunday
        "0 9 * * 7": (6, 8),
        "0 9 * * 1-5": (3, 5),  # Thursday (Wednesday 09:00 has passed)
        "0 9 * * 6,0": (5, 7),  # Saturday
    }


def test_serve_refuses_a_schedule_file_without_a_schedule_before_starting(hooks: HookServer, tmp_path: Path) -> None:
    config = _file(tmp_path, hooks)
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.duckdb"), "--schedule", str(config)])
    assert result.exit_code == 2 and "没有 schedule" in result.output
    bad = _file(tmp_path, hooks, schedule={"reminders": "61 9 * * *"})
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.duckdb"), "--schedule", str(bad)])
    assert result.exit_code == 2 and "schedule.reminders：'61 9 * * *' 不是 cron 表达式" in result.output
    assert not (tmp_path / "x.duckdb").exists()  # refused before the store was opened
