"""``luoshi remind``: each owner's lagging, overdue and nearly-due tasks,
sent as the reminders file says (``luoshi.reminders``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from luoshi.cli.common import app, err, fail
from luoshi.cli.store_cmds import Db, store_at
from luoshi.errors import LuoshiError
from luoshi.reminders.config import DEFAULT_PATH, read_config

_CHANNEL_WORDS = {"email": "电子邮件", "wecom": "企业微信", "dingtalk": "钉钉", "webhook": "Webhook"}


@app.command("remind")
def remind_cmd(
    config: Annotated[
        Path, typer.Option("--config", "-c", help="The reminders file: owners' addresses and webhooks, SMTP.")
    ] = Path(DEFAULT_PATH),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the messages that would go out; send and record nothing.")
    ] = False,
    db: Db = None,
) -> None:
    """Remind each owner of their lagging, overdue and nearly-due tasks, by e-mail and webhook."""
    from luoshi.reminders import remind  # its senders (httpx) and 通报: only to send

    try:
        settings = read_config(config)
    except LuoshiError as exc:
        fail(exc)
    with store_at(db) as store:
        try:
            done = remind(store, settings, dry_run=dry_run)
        except LuoshiError as exc:
            fail(exc)
    out = Console(soft_wrap=True)
    if dry_run:
        for d in done:
            out.print(f"—— {_CHANNEL_WORDS[d.channel]} → {d.recipient}", highlight=False)
            out.print(d.reminder.subject, highlight=False, markup=False)
            out.print(d.reminder.text(), highlight=False, markup=False)
    else:
        table = Table("责任单位", "渠道", "接收方", "任务", "结果", title="提醒")
        for d in done:
            result = "已发送" if d.sent else f"失败：{d.error}"
            table.add_row(d.owner, _CHANNEL_WORDS[d.channel], d.recipient, str(len(d.tasks)), result)
        if done:
            out.print(table)
    failed = [d for d in done if not d.sent and not d.dry_run]
    word = "将发送" if dry_run else "已发送"
    err.print(
        f"luoshi: {word} {len(done) - len(failed)} 条提醒" + (f"，{len(failed)} 条失败" if failed else "")
        + ("" if done else "（没有需要提醒的任务，或本周期已提醒过）"),
        highlight=False,
        soft_wrap=True,
    )  # fmt: skip
    if failed:
        raise typer.Exit(1)
