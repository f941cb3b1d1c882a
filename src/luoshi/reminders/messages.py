"""A reminder in the shapes its channels take: an e-mail (subject and plain
text), the markdown JSON 企业微信 and 钉钉 group robots accept, and a plain
JSON body for any other webhook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from luoshi.bulletin.words import date_words
from luoshi.reminders.tasks import DueTask

WECOM_MAX_BYTES = 4096  # 企业微信 markdown content limit
DINGTALK_MAX_BYTES = 20000


@dataclass(frozen=True)
class Reminder:
    owner: str
    as_of: date
    round: str
    tasks: tuple[DueTask, ...]
    issuer: str | None = None

    @property
    def subject(self) -> str:
        return f"【督办提醒】{self.owner}有{len(self.tasks)}项任务需要关注（截至{date_words(self.as_of)}）"

    def _line(self, n: int, t: DueTask) -> list[str]:
        lines = [f"{n}. {t.name}（{t.category}）", f"   目标：{t.target}"]
        if t.latest:
            lines.append(f"   最新进展：{t.latest}")
        if t.shortfall:
            lines.append(f"   差距：{t.shortfall}")
        if t.deadline:
            lines.append(f"   完成时限：{t.deadline}")
        lines.append(f"   详情：{t.link}")
        return lines

    def text(self) -> str:
        """The e-mail's body and the plain webhook's ``text``."""
        lines = [f"{self.owner}：", "", f"截至{date_words(self.as_of)}，贵单位牵头的以下任务需要关注：", ""]
        for n, t in enumerate(self.tasks, start=1):
            lines += self._line(n, t)
        lines += ["", "请对照目标任务抓紧推进，并及时报送进展情况。"]
        if self.issuer:
            lines += ["", self.issuer]
        return "\n".join(lines) + "\n"

    def markdown(self, limit: int) -> str:
        """The group robots' markdown, cut to ``limit`` bytes (……另有N项)."""
        head = [f"### {self.subject}", f"> 责任单位：{self.owner}", ""]
        items: list[str] = []
        for n, t in enumerate(self.tasks, start=1):
            item = f"{n}. **{t.name}**（{t.category}）：{t.target}"
            if t.shortfall:
                item += f"；{t.shortfall}"
            if t.deadline:
                item += f"；完成时限{t.deadline}"
            item += f" [查看]({t.link})"
            items.append(item)
        text = "\n".join(head + items)
        while len(text.encode("utf-8")) > limit and items:
            items.pop()
            rest = len(self.tasks) - len(items)
            text = "\n".join(head + items + [f"……另有{rest}项，请登录系统查看"])
        return text

    def wecom(self) -> dict[str, Any]:
        return {"msgtype": "markdown", "markdown": {"content": self.markdown(WECOM_MAX_BYTES)}}

    def dingtalk(self) -> dict[str, Any]:
        return {"msgtype": "markdown", "markdown": {"title": "督办提醒", "text": self.markdown(DINGTALK_MAX_BYTES)}}

    def plain(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "as_of": self.as_of.isoformat(),
            "round": self.round,
            "subject": self.subject,
            "text": self.text(),
            "tasks": [t.as_json() for t in self.tasks],
        }


def only_new(tasks: Sequence[DueTask], sent: set[tuple[str, str]]) -> tuple[DueTask, ...]:
    """The tasks not yet reminded of in this round ((target key, status) pairs sent)."""
    return tuple(t for t in tasks if (t.key, t.status) not in sent)
