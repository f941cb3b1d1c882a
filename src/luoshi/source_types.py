"""What kind of source a stored document is — the closed vocabulary that
decides how much its figures count (``rules/data/status.yaml``, ``authority``).

A document's source type is set by *who* brought it in, never read off its
title by the web: an admin (on upload, or when confirming a document), or a
trusted import (``luoshi ingest`` / ``luoshi import-stats`` /
``luoshi import-tasks``, run by whoever holds the store, which may infer it
from the title as it always has). An owner's web upload is always 责任单位报送.
A 任务分解表 is the office's own list of tasks (``luoshi.tasks``): it states
targets only, and for them it is the authority on who leads and by when. ``UNKNOWN`` marks documents whose
type nobody set (uploads stored before types were kept); they count only
once an admin confirms them with a type.

The ids are stable English words (stored, and used by the API and the CLI);
``label`` is the Chinese word shown to people, which the CLI and the API
also accept.
"""

from __future__ import annotations

from enum import StrEnum

from luoshi.errors import InputError

# ``confirmed_by`` of a document a trusted import stored: it counts for
# every target from the start.
TRUSTED_IMPORT = "命令行导入"
# ``confirmed_by`` that migration 0007 gave documents stored, before who
# brought them was kept, by a trusted import (or an admin's statistics upload).
STORED_BEFORE = "迁移前入库"


class SourceType(StrEnum):
    STATISTICS = "statistics"
    TASK_LIST = "task_list"
    GOVERNMENT_WORK_REPORT = "government_work_report"
    GOVERNMENT_DOCUMENT = "government_document"
    NEWS = "news"
    OWNER_REPORT = "owner_report"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _LABELS[self]


# The words the scoreboard has always shown for the first four kinds of
# source stay as they were (统计数据, 新闻及其他…), so that exports keep them.
_LABELS = {
    SourceType.STATISTICS: "统计数据",
    SourceType.TASK_LIST: "任务分解表",
    SourceType.GOVERNMENT_WORK_REPORT: "政府工作报告",
    SourceType.GOVERNMENT_DOCUMENT: "政府文件",
    SourceType.NEWS: "新闻及其他",
    SourceType.OWNER_REPORT: "责任单位报送",
    SourceType.UNKNOWN: "未确认",
}
# Types a person may choose (CLI option, upload form, confirmation): every
# one but UNKNOWN, which only says that nobody chose.
CHOOSABLE = tuple(t for t in SourceType if t is not SourceType.UNKNOWN)


def parse_source_type(text: str, given_as: str = "来源类型") -> SourceType:
    """A choosable source type from its id (news), its Chinese word
    (新闻及其他) or the start of it that fits one type only (新闻, 统计);
    InputError naming the value otherwise."""
    word = text.strip()
    for t in CHOOSABLE:
        if word in (t.value, t.label):
            return t
    starting = [t for t in CHOOSABLE if len(word) >= 2 and t.label.startswith(word)]
    if len(starting) == 1:
        return starting[0]
    choices = "、".join(f"{t.value}（{t.label}）" for t in CHOOSABLE)
    raise InputError(given_as, f"{text!r} 不是可选的来源类型：应为 {choices} 之一")
