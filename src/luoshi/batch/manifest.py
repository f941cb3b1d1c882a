"""The manifest that marks an output complete, and what a run does with an
output folder already there.

``OUTPUT/manifest.json`` is written last, whole or not at all: the inputs
(path, size, modification time), the counts, the engine, luoshi's version
and a digest of the rules. A run over an output whose manifest names the
same inputs, version and rules has nothing to do; any other output in the
folder — complete but different, or without a manifest (a run that
stopped) — is replaced only with ``--overwrite``. A folder holding anything
else is never touched.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from enum import Enum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from luoshi.batch.inputs import InputFile
from luoshi.batch.layout import MANIFEST, STAGING, TABLES, rules_digest
from luoshi.batch.partition import BatchCounts
from luoshi.errors import InputError
from luoshi.safe_write import written_text

# What may sit in an output folder: the tables, the manifest, Spark's own
# marker, the local engine's staging files.
_OURS = frozenset(
    {MANIFEST, "_SUCCESS", *(t.name for t in TABLES), *(f"{STAGING}.{s}" for s in ("duckdb", "duckdb.wal", "tmp"))}
)


class OutputState(Enum):
    EMPTY = "empty"  # nothing there yet: run
    DONE = "done"  # complete, same inputs and rules: nothing to do
    OTHER = "other"  # complete, but of other inputs or rules
    PARTIAL = "partial"  # a run's tables without a manifest: it stopped


def luoshi_version() -> str:
    try:
        return version("luoshi")
    except PackageNotFoundError:  # run from a source tree without installing
        return "unknown"


def fingerprint(files: Sequence[InputFile]) -> dict[str, Any]:
    """What decides an output: the inputs as they are now, luoshi, the rules."""
    return {
        "inputs": [{"path": f.path, "real_path": os.path.realpath(f.path), "size": f.size, "mtime_ns": f.mtime_ns}
                   for f in files],
        "luoshi_version": luoshi_version(),
        "rules_sha256": rules_digest(),
    }  # fmt: skip


def read_manifest(output: Path) -> dict[str, Any] | None:
    """The manifest of a complete output, else None."""
    try:
        found = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raise InputError(str(output / MANIFEST), "无法读取清单（文件已损坏？）；请加 --overwrite 重新运行") from None
    return found if isinstance(found, dict) else None


def write_manifest(output: Path, files: Sequence[InputFile], counts: BatchCounts, engine: str) -> None:
    manifest = {
        **fingerprint(files),
        "counts": asdict(counts),
        "engine": engine,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with written_text(output / MANIFEST) as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def state_of(output: Path, files: Sequence[InputFile]) -> OutputState:
    """What ``output`` holds, for a run over ``files``. Raises InputError
    when it is no folder or holds anything but a batch's output."""
    if not output.exists():
        return OutputState.EMPTY
    if not output.is_dir():
        raise InputError(str(output), "输出位置已有一个文件，不是文件夹；请换一个输出目录")
    entries = {entry.name for entry in output.iterdir()}
    foreign = sorted(entries - _OURS)
    if foreign:
        raise InputError(
            str(output), f"目录中有不属于 luoshi batch 输出的内容（{'、'.join(foreign[:3])}）；请换一个空目录"
        )
    if not entries:
        return OutputState.EMPTY
    manifest = read_manifest(output)
    if manifest is None:
        return OutputState.PARTIAL
    return OutputState.DONE if _identity(manifest) == _identity(fingerprint(files)) else OutputState.OTHER


def _identity(found: dict[str, Any]) -> tuple[Any, ...]:
    """What must match: the files (wherever the run was started), luoshi, the rules."""
    inputs = [(f.get("real_path"), f.get("size"), f.get("mtime_ns")) for f in found.get("inputs") or ()]
    return inputs, found.get("luoshi_version"), found.get("rules_sha256")


def clear(output: Path) -> None:
    """Remove a batch's output from ``output`` (the manifest first: a
    removal that stops half-way leaves an output known to be incomplete)."""
    (output / MANIFEST).unlink(missing_ok=True)
    for entry in output.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
