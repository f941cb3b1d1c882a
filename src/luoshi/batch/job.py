"""One batch run, whatever the engine: resolve the inputs, decide what the
output folder allows (``manifest``), run the engine, write the manifest.

The engines share one call: ``run(files, output, progress=…)`` for the local
engine; ``luoshi.batch.spark_engine.run(files, output, master=…,
progress=…)`` for Spark. Each gets the resolved inputs and an output folder
that is empty (or cleared, with ``--overwrite``), writes the three tables of
``layout`` under it, reports running ``BatchCounts`` to ``progress`` and
returns the totals; the manifest is written here, once the engine returned.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from luoshi.batch import local
from luoshi.batch.inputs import InputFile, resolve
from luoshi.batch.manifest import OutputState, clear, read_manifest, state_of, write_manifest
from luoshi.batch.partition import BatchCounts, Progress
from luoshi.errors import InputError, LuoshiError

ENGINES = ("local", "spark")


class EngineMissing(LuoshiError):
    """The engine asked for cannot run here (PySpark not installed)."""


@dataclass(frozen=True)
class BatchResult:
    files: list[InputFile]
    counts: BatchCounts
    skipped: bool = False  # the output was already complete for these inputs


def run_batch(
    paths: Sequence[str],
    output: Path,
    engine: str = "local",
    master: str | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> BatchResult:
    """Extract ``paths`` into a batch output at ``output``. Raises
    InputError for inputs that name nothing or an output it may not write."""
    if engine not in ENGINES:
        raise InputError("--engine", f"没有引擎“{engine}”；可用的引擎：{'、'.join(ENGINES)}")
    files = resolve(paths)
    state = state_of(output, files)
    if state is OutputState.DONE:
        manifest = read_manifest(output) or {}
        return BatchResult(files, BatchCounts(**manifest.get("counts", {})), skipped=True)
    if state is not OutputState.EMPTY:
        if not overwrite:
            raise InputError(str(output), _REFUSALS[state])
        clear(output)
    output.mkdir(parents=True, exist_ok=True)
    counts = _engine_run(engine, files, output, master, progress)
    write_manifest(output, files, counts, engine)
    return BatchResult(files, counts)


_REFUSALS = {
    OutputState.OTHER: "已有另一次 luoshi batch 的完整输出（输入、规则或版本不同）；"
    "加 --overwrite 覆盖它，或换一个输出目录",
    OutputState.PARTIAL: "有一次未完成的 luoshi batch 输出（没有 manifest.json）；加 --overwrite 重新运行",
}


def _engine_run(
    engine: str, files: list[InputFile], output: Path, master: str | None, progress: Progress | None
) -> BatchCounts:
    if engine == "local":
        return local.run(files, output, progress)
    try:
        # Imported by name: the Spark engine and PySpark are optional.
        spark_engine = importlib.import_module("luoshi.batch.spark_engine")
    except ImportError as exc:
        raise EngineMissing(
            f"PySpark 未安装，无法使用 --engine spark（{type(exc).__name__}: {exc.name}）；"
            "请用 uv sync --extra spark 安装，或改用 --engine local"
        ) from None
    counts: BatchCounts = spark_engine.run(files, output, master=master, progress=progress)
    return counts
