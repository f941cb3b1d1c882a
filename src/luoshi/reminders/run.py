"""``remind``: each configured owner's lagging, overdue and nearly-due tasks
sent on each of their channels — never the same task and status to the same
recipient twice in a round (table ``reminders_sent``), every message (sent
or failed) in the audit log. A message that fails is not recorded, so the
next run tries it again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from luoshi.accounts import audit
from luoshi.clock import beijing
from luoshi.errors import InputError
from luoshi.reminders.config import Hook, Recipients, RemindersConfig, Smtp
from luoshi.reminders.messages import Reminder, only_new
from luoshi.reminders.senders import SendFailed, post_json, send_email, signed_url
from luoshi.reminders.tasks import DueTask, owner_tasks
from luoshi.store import Store
from luoshi.store.backend import Backend, driver_errors
from luoshi.store.rows import utc_naive
from luoshi.store.sql import SqlStore

Send = Callable[[Reminder], None]


@dataclass(frozen=True)
class Delivery:
    """One message: to whom, on which channel, with which tasks, and how it went."""

    owner: str
    channel: str  # email, wecom, dingtalk, webhook
    recipient: str  # an address, or a webhook without its query
    reminder: Reminder
    sent: bool
    error: str | None = None
    dry_run: bool = False

    @property
    def tasks(self) -> tuple[DueTask, ...]:
        return self.reminder.tasks


def round_of(day: date, every: str) -> str:
    """The round a day falls in: 2025-12-08 (day), 2025-W50 (week), 2025-12 (month)."""
    if every == "day":
        return day.isoformat()
    if every == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def _channels(config: RemindersConfig, to: Recipients) -> Iterator[tuple[str, str, Send]]:
    """(channel, recipient, how to send) for each of an owner's recipients."""
    smtp = config.smtp
    for address in to.email:
        assert smtp is not None  # read_config refuses addresses without smtp
        yield "email", address, partial(_mail, smtp, address)
    for hook in to.wecom:
        yield "wecom", hook.name, partial(_robot, hook, "wecom")
    for hook in to.dingtalk:
        yield "dingtalk", hook.name, partial(_robot, hook, "dingtalk")
    for hook in to.webhook:
        yield "webhook", hook.name, partial(_robot, hook, "webhook")


def _mail(smtp: Smtp, address: str, r: Reminder) -> None:
    send_email(smtp, address, r.subject, r.text())


def _robot(hook: Hook, channel: str, r: Reminder) -> None:
    if channel == "wecom":
        post_json(hook.url, r.wecom(), robot=True)
    elif channel == "dingtalk":
        post_json(signed_url(hook), r.dingtalk(), robot=True)
    else:
        post_json(hook.url, r.plain(), robot=False)


def _sent(db: Backend, owner: str, round_: str, channel: str, recipient: str) -> set[tuple[str, str]]:
    with driver_errors(db, "cannot read the reminders sent"):
        rows = db.execute(
            "SELECT target, status FROM reminders_sent WHERE owner = ? AND round = ? AND channel = ? AND recipient = ?",
            [owner, round_, channel, recipient],
        )
    return {(str(t), str(s)) for t, s in rows}


def _record(db: Backend, d: Delivery, by: str) -> None:
    """The delivery in the audit log and, when sent, each task in the ledger."""
    after = {
        "channel": d.channel,
        "recipient": d.recipient,
        "round": d.reminder.round,
        "tasks": [t.name for t in d.tasks],
        "targets": [t.key for t in d.tasks],
        "state": "sent" if d.sent else "failed",
        "reason": d.error,
    }
    with driver_errors(db, "cannot record the reminder"), db.transaction():
        if d.sent:
            now = utc_naive(None)
            for t in d.tasks:
                db.execute(
                    "INSERT INTO reminders_sent (owner, target, status, round, channel, recipient, sent_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [d.owner, t.key, t.status, d.reminder.round, d.channel, d.recipient, now],
                )
        audit.write(db, by, "reminder.send", f"owner:{d.owner}", None, after)


def remind(
    store: Store,
    config: RemindersConfig,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    by: str = "cli",
) -> list[Delivery]:
    """Send (or, ``dry_run``, only compose) every reminder due now; the deliveries, in order."""
    if not isinstance(store, SqlStore):
        raise InputError(str(store), "提醒需要数据库存储（DuckDB 或 PostgreSQL）记录已发送的提醒")
    day = beijing(now or datetime.now().astimezone()).date()
    round_ = round_of(day, config.round)
    due = owner_tasks(store, list(config.owners), config.base_url, config.region, config.period, day,
                      config.due_within)  # fmt: skip
    db = store.backend
    out: list[Delivery] = []
    for owner, recipients in config.owners.items():
        tasks = due.get(owner) or []
        if not tasks:
            continue
        for channel, recipient, send in _channels(config, recipients):
            new = only_new(tasks, _sent(db, owner, round_, channel, recipient))
            if not new:
                continue
            reminder = Reminder(owner, day, round_, new, config.issuer)
            if dry_run:
                out.append(Delivery(owner, channel, recipient, reminder, sent=False, dry_run=True))
                continue
            try:
                send(reminder)
                delivery = Delivery(owner, channel, recipient, reminder, sent=True)
            except SendFailed as exc:
                delivery = Delivery(owner, channel, recipient, reminder, sent=False, error=str(exc))
            _record(db, delivery, by)
            out.append(delivery)
    return out
