"""Reminders to owners, received by a real SMTP server on loopback (STARTTLS
and a login required) and by a local HTTP receiver standing in for the
企业微信 and 钉钉 group robots and a plain webhook: what each receives, never
the same reminder twice in a round, failures audited and tried again."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any

import pytest
from bulletin_samples import COMMERCE
from receivers import PASSWORD, USER, HookServer, SmtpServer

from luoshi.accounts import Accounts
from luoshi.errors import InputError
from luoshi.reminders import parse_config, remind
from luoshi.store.sql import SqlStore

BASE = "https://luoshi.example.gov.cn"
JULY = datetime(2025, 7, 31, 1, 0, tzinfo=UTC)  # 09:00 in Beijing: 口岸货运量 欠进度
MARCH = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)  # 中欧班列 未完成; 口岸货运量 met


def _config(owners: dict[str, Any], smtp: SmtpServer | None = None, **more: Any):  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {"base_url": BASE, "region": "内蒙古自治区", "period": "2025", "owners": owners, **more}
    if smtp is not None:
        data["smtp"] = {"host": "127.0.0.1", "port": smtp.port, "security": "starttls", "username": USER,
                        "password_env": "LUOSHI_TEST_SMTP_PASSWORD", "sender": "落实督查 <luoshi@example.gov.cn>",
                        "ca_file": str(smtp.cert)}  # fmt: skip
    return parse_config(data, "reminders.yaml")


@pytest.fixture(autouse=True)
def _smtp_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUOSHI_TEST_SMTP_PASSWORD", PASSWORD)


def test_an_owner_gets_an_email_of_their_lagging_tasks_over_starttls(store: SqlStore, smtp_server: SmtpServer) -> None:
    config = _config({COMMERCE: {"email": ["zhang@example.gov.cn"]}, "自治区农牧厅": {"email": "li@example.gov.cn"}},
                     smtp_server, issuer="内蒙古自治区人民政府督查室")  # fmt: skip
    done = remind(store, config, now=MARCH)
    # 自治区农牧厅 has nothing lagging (its targets have no figures yet): no mail
    assert [(d.owner, d.channel, d.recipient, d.sent) for d in done] == [
        (COMMERCE, "email", "zhang@example.gov.cn", True)
    ]
    box = smtp_server.box
    assert box.logins == [USER] and box.tls == [True] and box.recipients == [["zhang@example.gov.cn"]]
    mail = box.messages[0]
    assert mail["Subject"] == "【督办提醒】自治区商务厅有1项任务需要关注（截至2026年3月1日）"
    assert mail["From"] == "落实督查 <luoshi@example.gov.cn>"
    body = mail.get_content()
    assert "截至2026年3月1日，贵单位牵头的以下任务需要关注" in body
    assert "1. 中欧班列（未完成）" in body and "目标：全年到发中欧班列力争超过500列" in body
    assert "最新进展：2025年450列" in body and "差距：完成目标的90.0%，距目标差50列" in body
    key = done[0].tasks[0].key
    assert f"详情：{BASE}/targets?key={key.replace(':', '%3A')}" in body
    assert body.rstrip().endswith("内蒙古自治区人民政府督查室")
    entry = Accounts(store).audit_log(object=f"owner:{COMMERCE}")[0]
    assert (entry.action, entry.after["channel"], entry.after["state"], entry.after["tasks"]) == (
        "reminder.send", "email", "sent", ["中欧班列"],
    )  # fmt: skip


def test_the_same_reminder_is_not_sent_twice_in_a_round(any_store: SqlStore, smtp_server: SmtpServer) -> None:
    store = any_store
    config = _config({COMMERCE: {"email": ["zhang@example.gov.cn"]}}, smtp_server)
    assert [d.tasks[0].name for d in remind(store, config, now=JULY)] == ["口岸货运量"]
    assert remind(store, config, now=JULY) == []  # same month, same task and status
    assert len(smtp_server.box.messages) == 1
    # next round: the task that lags now (中欧班列 未完成) — 口岸货运量 is met by then
    later = remind(store, config, now=MARCH)
    assert [t.name for t in later[0].tasks] == ["中欧班列"] and len(smtp_server.box.messages) == 2
    # a week's round: reminded again the next week, not the same week
    weekly = _config({COMMERCE: {"email": ["zhang@example.gov.cn"]}}, smtp_server, round="week")
    assert len(remind(store, weekly, now=MARCH)) == 1  # Sunday 1 March: week 9
    assert remind(store, weekly, now=datetime(2026, 3, 1, 15, tzinfo=UTC)) == []  # 23:00 in Beijing, still week 9
    assert len(remind(store, weekly, now=datetime(2026, 3, 1, 16, tzinfo=UTC))) == 1  # Monday 00:00: week 10
    assert remind(store, weekly, now=datetime(2026, 3, 5, 1, tzinfo=UTC)) == []


def test_group_robots_and_a_plain_webhook_receive_their_json(store: SqlStore, hooks: HookServer) -> None:
    secret = "SECdingtalk-签名"
    config = _config({COMMERCE: {
        "wecom": f"{hooks.url}/wecom?key=wecom-key",
        "dingtalk": {"url": f"{hooks.url}/dingtalk?access_token=ding-token", "secret": secret},
        "webhook": [f"{hooks.url}/plain"],
    }})  # fmt: skip
    done = remind(store, config, now=MARCH)
    assert [(d.channel, d.recipient, d.sent) for d in done] == [
        ("wecom", f"{hooks.url}/wecom", True),  # recorded and audited without the key
        ("dingtalk", f"{hooks.url}/dingtalk", True),
        ("webhook", f"{hooks.url}/plain", True),
    ]
    (wecom,) = hooks.at("/wecom")
    assert wecom.query["key"] == ["wecom-key"] and wecom.body["msgtype"] == "markdown"
    assert "**中欧班列**（未完成）" in wecom.body["markdown"]["content"]
    assert f"[查看]({BASE}/targets?key=" in wecom.body["markdown"]["content"]
    (ding,) = hooks.at("/dingtalk")
    stamp, sign = ding.query["timestamp"][0], ding.query["sign"][0]
    expected = base64.b64encode(hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest())
    assert sign == expected.decode()  # 加签 as 钉钉 checks it (the query already decoded)
    assert ding.body["msgtype"] == "markdown" and ding.body["markdown"]["title"] == "督办提醒"
    (plain,) = hooks.at("/plain")
    assert plain.body["owner"] == COMMERCE and plain.body["round"] == "2026-03"
    task = plain.body["tasks"][0]
    assert (task["name"], task["status"], task["status_word"]) == ("中欧班列", "missed", "未完成")
    assert task["link"].startswith(f"{BASE}/targets?key=")
    audited = [e.after["recipient"] for e in Accounts(store).audit_log(object=f"owner:{COMMERCE}")]
    assert all("key=" not in r and "token" not in r for r in audited)


def test_a_channel_that_fails_is_audited_and_tried_again_next_run(store: SqlStore, hooks: HookServer) -> None:
    config = _config({COMMERCE: {"webhook": f"{hooks.url}/down", "wecom": f"{hooks.url}/wecom?key=k"}})
    first = remind(store, config, now=MARCH)
    assert [(d.channel, d.sent, d.error) for d in first] == [
        ("wecom", True, None),
        ("webhook", False, f"{hooks.url}/down 返回 HTTP 503"),
    ]
    failed = Accounts(store).audit_log(object=f"owner:{COMMERCE}")[0]
    assert (failed.after["state"], failed.after["reason"]) == ("failed", f"{hooks.url}/down 返回 HTTP 503")
    again = remind(store, config, now=MARCH)  # the robot got it; the webhook is tried again
    assert [(d.channel, d.sent) for d in again] == [("webhook", False)]
    assert len(hooks.at("/down")) == 2 and len(hooks.at("/wecom")) == 1


def test_a_dry_run_sends_and_records_nothing(store: SqlStore, hooks: HookServer) -> None:
    config = _config({COMMERCE: {"wecom": f"{hooks.url}/wecom?key=k"}})
    dry = remind(store, config, now=MARCH, dry_run=True)
    assert [(d.dry_run, d.sent, [t.name for t in d.tasks]) for d in dry] == [(True, False, ["中欧班列"])]
    assert hooks.received == [] and Accounts(store).audit_log(object=f"owner:{COMMERCE}") == []
    assert len(remind(store, config, now=MARCH)) == 1  # the real run still sends it


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"owners": {COMMERCE: {"fax": "123"}}}, "owners.自治区商务厅：未知的渠道 fax"),
        ({"owners": {COMMERCE: {"wecom": "ftp://x"}}}, "owners.自治区商务厅.wecom：'ftp://x' 不是 http(s) 网址"),
        ({"owners": {COMMERCE: {"email": ["no-at-sign"]}}}, "owners.自治区商务厅.email：应为电子邮件地址或其列表"),
        ({"owners": {}, "round": "year"}, "round：'year' 不可用；可用 day, week, month"),
        (
            {"owners": {}, "smtp": {"host": "h", "password_env": "LUOSHI_NO_SUCH_VAR"}},
            "环境变量 LUOSHI_NO_SUCH_VAR 未设置",
        ),
        (
            {"owners": {}, "schedule": {"reminders": "every monday"}},
            "schedule.reminders：'every monday' 不是 cron 表达式",
        ),
        (
            {"owners": {}, "schedule": {"bulletins": [{"cron": "0 8 1 * *"}]}},
            "schedule.bulletins[1]：应含 cron、region、period",
        ),
    ],
)
def test_a_bad_reminders_file_is_refused_naming_the_entry(data: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_config(data, "reminders.yaml")
    assert str(caught.value).startswith("reminders.yaml: ") and message in str(caught.value)
