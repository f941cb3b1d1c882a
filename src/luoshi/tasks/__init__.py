"""The 督查 office's own task list (任务分解表) as targets: ``read_tasks``
reads an Excel, Word or CSV table, one row a task, into a document and its
target statements, each with its lead unit, the units working with it and
its deadline (``luoshi.tasks.deadlines``); ``luoshi import-tasks`` stores
them as a trusted import of type 任务分解表."""

from luoshi.tasks.deadlines import Deadline, DeadlineError, parse_deadline
from luoshi.tasks.table import COMMITMENT, RULE, TaskTable, read_tasks

__all__ = ["COMMITMENT", "RULE", "Deadline", "DeadlineError", "TaskTable", "parse_deadline", "read_tasks"]
