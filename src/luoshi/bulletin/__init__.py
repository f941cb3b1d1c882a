"""The 通报: what an office sends on the progress of its tasks, in the 公文
layout of GB/T 9704, as DOCX or PDF; each one issued kept with the statuses
it reported, so the next says what changed.

Modules: ``words`` (bulletin.yaml: categories, wording, page, fonts),
``content`` (the ``Bulletin`` as data), ``compose`` (its blocks: masthead,
sections, tables, charts, annex), ``charts`` (PNG charts), ``fonts`` (the
font files by role), ``docx_out`` and ``pdf_out`` (the two writers),
``snapshots`` (the stored 通报), ``report`` (all of it over a store).
"""

from luoshi.bulletin.content import Bulletin, Change, Task, build_bulletin
from luoshi.bulletin.report import FORMATS, bulletin_bytes, issue, make_bulletin, scoreboard_as_of, write_bulletin
from luoshi.bulletin.snapshots import Issued, Snapshots

__all__ = [
    "FORMATS",
    "Bulletin",
    "Change",
    "Issued",
    "Snapshots",
    "Task",
    "build_bulletin",
    "bulletin_bytes",
    "issue",
    "make_bulletin",
    "scoreboard_as_of",
    "write_bulletin",
]
