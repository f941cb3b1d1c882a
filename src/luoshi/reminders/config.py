"""The reminders file (reminders.yaml): where each owner is reminded (e-mail
addresses, 企业微信 and 钉钉 group robots, plain JSON webhooks), the SMTP
server, the link base, how often a reminder may repeat, and the schedule
``luoshi serve --schedule`` keeps. Secrets may stay out of the file:
``password_env``/``secret_env`` name an environment variable instead.

    base_url: https://luoshi.example.gov.cn
    region: 内蒙古自治区          # only its targets (and its places'); all when absent
    period: "2025"
    round: month                 # one reminder a task and status a day, week or month
    due_within: 30               # 临期 window, days
    issuer: 内蒙古自治区人民政府督查室
    smtp: {host: smtp.example.gov.cn, port: 587, security: starttls,
           username: luoshi@example.gov.cn, password_env: LUOSHI_SMTP_PASSWORD,
           sender: 落实督查 <luoshi@example.gov.cn>}
    owners:
      自治区商务厅:
        email: [zhang@example.gov.cn]
        wecom: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
        dingtalk: {url: https://oapi.dingtalk.com/robot/send?access_token=…, secret_env: DINGTALK_SECRET}
        webhook: https://hooks.example.gov.cn/luoshi
    schedule:
      reminders: "0 9 * * 1"     # cron, Beijing time
      bulletins:
        - {cron: "0 8 1 * *", region: 内蒙古自治区, period: "2025"}
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from luoshi.errors import InputError

CHANNELS = ("email", "wecom", "dingtalk", "webhook")
ROUNDS = ("day", "week", "month")
SECURITY = ("starttls", "ssl", "none")
DEFAULT_PATH = "reminders.yaml"


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 587
    security: str = "starttls"  # starttls, ssl (implicit TLS, 465) or none (a relay on loopback)
    username: str | None = None
    password: str | None = None
    sender: str = "luoshi"
    ca_file: str | None = None  # a CA to trust (the office's own), besides the system's
    timeout: float = 30.0


@dataclass(frozen=True)
class Hook:
    url: str
    secret: str | None = None  # 钉钉 加签

    @property
    def name(self) -> str:
        """The hook as recorded and audited: the address without its query (the key or token)."""
        return self.url.split("?", 1)[0]


@dataclass(frozen=True)
class Recipients:
    email: tuple[str, ...] = ()
    wecom: tuple[Hook, ...] = ()
    dingtalk: tuple[Hook, ...] = ()
    webhook: tuple[Hook, ...] = ()


@dataclass(frozen=True)
class ScheduledBulletin:
    cron: str
    region: str
    period: str
    owner: str | None = None
    folder: str | None = None  # also write it here (DOCX and PDF), besides keeping it


@dataclass(frozen=True)
class RemindersConfig:
    owners: dict[str, Recipients]
    base_url: str = "http://127.0.0.1:8000"
    region: str | None = None
    period: str | None = None
    round: str = "month"
    due_within: int | None = None
    issuer: str | None = None
    smtp: Smtp | None = None
    reminders_cron: str | None = None
    bulletins: tuple[ScheduledBulletin, ...] = ()
    source: str = DEFAULT_PATH
    extra: dict[str, Any] = field(default_factory=dict)


class _Bad:
    def __init__(self, source: str) -> None:
        self.source = source

    def __call__(self, where: str, why: str) -> InputError:
        return InputError(self.source, f"{where}：{why}")


def _secret(item: dict[str, Any], key: str, where: str, bad: _Bad) -> str | None:
    if item.get(f"{key}_env"):
        name = str(item[f"{key}_env"])
        value = os.environ.get(name)
        if value is None:
            raise bad(where, f"环境变量 {name} 未设置（{key}_env）")
        return value
    value = item.get(key)
    return None if value is None else str(value)


def _hooks(value: Any, where: str, bad: _Bad) -> tuple[Hook, ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for n, item in enumerate(items, start=1):
        here = f"{where}[{n}]" if isinstance(value, list) else where
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            raise bad(here, "应为网址，或含 url 的映射")
        url = item["url"].strip()
        if not url.startswith(("http://", "https://")):
            raise bad(here, f"{url!r} 不是 http(s) 网址")
        out.append(Hook(url, _secret(item, "secret", here, bad)))
    return tuple(out)


def _recipients(owner: str, item: Any, bad: _Bad) -> Recipients:
    where = f"owners.{owner}"
    if not isinstance(item, dict):
        raise bad(where, "应为映射：email、wecom、dingtalk、webhook")
    unknown = sorted(set(item) - set(CHANNELS))
    if unknown:
        raise bad(where, f"未知的渠道 {', '.join(unknown)}；可用 {', '.join(CHANNELS)}")
    emails = item.get("email") or []
    emails = [emails] if isinstance(emails, str) else emails
    if not isinstance(emails, list) or not all(isinstance(e, str) and "@" in e for e in emails):
        raise bad(f"{where}.email", "应为电子邮件地址或其列表")
    hooks = {c: _hooks(item[c], f"{where}.{c}", bad) if item.get(c) else () for c in ("wecom", "dingtalk", "webhook")}
    return Recipients(tuple(e.strip() for e in emails), hooks["wecom"], hooks["dingtalk"], hooks["webhook"])


def _smtp(item: Any, bad: _Bad) -> Smtp:
    if not isinstance(item, dict) or not item.get("host"):
        raise bad("smtp", "应为映射，至少含 host")
    security = str(item.get("security", "starttls"))
    if security not in SECURITY:
        raise bad("smtp.security", f"{security!r} 不可用；可用 {', '.join(SECURITY)}")
    try:
        port = int(item.get("port", 465 if security == "ssl" else 587))
        timeout = float(item.get("timeout", 30))
    except (TypeError, ValueError):
        raise bad("smtp", "port 和 timeout 应为数字") from None
    return Smtp(
        host=str(item["host"]),
        port=port,
        security=security,
        username=None if item.get("username") is None else str(item["username"]),
        password=_secret(item, "password", "smtp", bad),
        sender=str(item.get("sender") or item.get("username") or "luoshi"),
        ca_file=None if item.get("ca_file") is None else str(item["ca_file"]),
        timeout=timeout,
    )


def _schedule(item: Any, bad: _Bad) -> tuple[str | None, tuple[ScheduledBulletin, ...]]:
    if item is None:
        return None, ()
    if not isinstance(item, dict):
        raise bad("schedule", "应为映射：reminders、bulletins")
    from luoshi.reminders.schedule import check_cron

    reminders = item.get("reminders")
    if reminders is not None:
        check_cron(str(reminders), "schedule.reminders", bad)
    bulletins = []
    for n, b in enumerate(item.get("bulletins") or [], start=1):
        where = f"schedule.bulletins[{n}]"
        if not isinstance(b, dict) or not all(b.get(k) for k in ("cron", "region", "period")):
            raise bad(where, "应含 cron、region、period")
        check_cron(str(b["cron"]), f"{where}.cron", bad)
        bulletins.append(
            ScheduledBulletin(
                str(b["cron"]),
                str(b["region"]),
                str(b["period"]),
                None if b.get("owner") is None else str(b["owner"]),
                None if b.get("folder") is None else str(b["folder"]),
            )
        )
    return (None if reminders is None else str(reminders)), tuple(bulletins)


def parse_config(data: Any, source: str = DEFAULT_PATH) -> RemindersConfig:
    bad = _Bad(source)
    if not isinstance(data, dict):
        raise bad("文件", "应为 YAML 映射")
    owners = data.get("owners") or {}
    if not isinstance(owners, dict):
        raise bad("owners", "应为映射：责任单位名称 → 渠道")
    round_ = str(data.get("round", "month"))
    if round_ not in ROUNDS:
        raise bad("round", f"{round_!r} 不可用；可用 {', '.join(ROUNDS)}")
    due_within = data.get("due_within")
    if due_within is not None and (not isinstance(due_within, int) or due_within < 0):
        raise bad("due_within", "应为天数（非负整数）")
    base_url = str(data.get("base_url", "http://127.0.0.1:8000")).rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise bad("base_url", f"{base_url!r} 不是 http(s) 网址")
    cron, bulletins = _schedule(data.get("schedule"), bad)
    return RemindersConfig(
        owners={str(o).strip(): _recipients(str(o), r, bad) for o, r in owners.items()},
        base_url=base_url,
        region=None if data.get("region") is None else str(data["region"]),
        period=None if data.get("period") is None else str(data["period"]),
        round=round_,
        due_within=due_within,
        issuer=None if data.get("issuer") is None else str(data["issuer"]),
        smtp=None if data.get("smtp") is None else _smtp(data["smtp"], bad),
        reminders_cron=cron,
        bulletins=bulletins,
        source=source,
    )


def read_config(path: str | Path) -> RemindersConfig:
    """The reminders file at ``path``; InputError naming the file and the entry that is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "没有这个提醒配置文件") from None
    except OSError as exc:
        raise InputError(str(path), f"无法读取（{exc.strerror or exc}）") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"不是有效的 YAML：{exc}") from None
    config = parse_config(data, str(path))
    if config.smtp is None and any(r.email for r in config.owners.values()):
        raise InputError(str(path), "有电子邮件接收人，但没有 smtp 设置")
    return config
