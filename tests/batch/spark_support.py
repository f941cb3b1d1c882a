"""What the Spark tests share: the Java check, ``luoshi batch`` run in a
process of its own (its driver JVM ends with it), a corpus written from the
samples, and the driver's REST API."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from batch_samples import SAMPLES, batch_rows, batch_statements, contract_rows

import luoshi

# Where the luoshi under test is: executors (and drivers started here) must
# import this one, whatever cwd Spark gives them.
LUOSHI_SRC = str(Path(luoshi.__file__).resolve().parents[1])


def require_java() -> None:
    """Skip (outside CI) where Java 17 or newer is missing: Spark 4 needs it."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java 17 or newer is missing: no java on PATH")
    said = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    found = re.search(r'version "(?:1\.)?(\d+)', said)
    if found is None or int(found.group(1)) < 17:
        pytest.skip(f"Java 17 or newer is missing: {java} is {said.splitlines()[0] if said else 'unknown'}")


def driver_env(conf: Path | None = None) -> dict[str, str]:
    """Environment of a process that runs a Spark driver: this luoshi on the
    Python workers' path, loopback addresses; with ``conf``, that Spark
    configuration and this Python for the workers (a local master finds it
    by itself: the engine sees to it)."""
    env = {**os.environ, "PYTHONPATH": LUOSHI_SRC, "SPARK_LOCAL_IP": "127.0.0.1"}
    env.pop("PYSPARK_PYTHON", None)
    if conf is not None:
        env |= {"SPARK_CONF_DIR": str(conf), "PYSPARK_PYTHON": sys.executable}
    return env


def spark_conf(folder: Path, settings: Mapping[str, object]) -> Path:
    """A Spark configuration folder whose spark-defaults.conf holds ``settings``."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"{key} {value}" for key, value in settings.items()]
    (folder / "spark-defaults.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def batch_process(
    inputs: list[str], output: Path, *options: str, env: Mapping[str, str] | None = None
) -> subprocess.Popen[str]:
    """``luoshi batch`` started in a process of its own."""
    command = [sys.executable, "-m", "luoshi", "batch", *inputs, "--output", str(output), *options]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(env or driver_env())
    )


def run_batch(
    inputs: list[str], output: Path, *options: str, env: Mapping[str, str] | None = None, exit_code: int = 0
) -> str:
    """``luoshi batch`` to the end (exit 1: it completed, some inputs failed); its stderr."""
    process = batch_process(inputs, output, *options, env=env)
    _, err = process.communicate(timeout=900)
    assert process.returncode == exit_code, f"luoshi batch exited {process.returncode}:\n{err[-4000:]}"
    return err


def write_corpus(folder: Path, files: int, table_rows: int, paragraphs_each: int, seed: int = 14) -> list[str]:
    """Inputs recombined from the samples' paragraphs (the project's own
    texts): ``files`` Markdown files and one JSONL table of ``table_rows``
    documents, each text starting with its own number, so that no two are
    the same document. Returns the inputs to give ``luoshi batch``."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.md"))]
    paragraphs = [p for text in texts for p in text.split("\n\n") if len(p) > 40]
    rng = random.Random(seed)

    def document(title: str) -> str:
        body = "\n\n".join(rng.choice(paragraphs) for _ in range(paragraphs_each))
        return f"# {title}\n\n发布时间：2026-02-12\n\n{body}\n"

    docs = folder / "docs"
    docs.mkdir(parents=True)
    for i in range(files):
        (docs / f"文档{i:04d}.md").write_text(document(f"内蒙古示例文档第{i}篇"), encoding="utf-8")
    table = folder / "table.jsonl"
    with table.open("w", encoding="utf-8") as fh:
        for i in range(table_rows):
            row = {"id": f"表格文档{i}", "text": document(f"内蒙古表格文档第{i}篇"), "region": "内蒙古自治区"}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        fh.write("这一行不是 JSON\n")
    return [str(docs), str(table)]


def rest(port: int, path: str) -> Any:
    """A document of the driver's REST API (``/api/v1/…``)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/{path}", timeout=5) as answer:
        return json.load(answer)


def output_content(output: Path) -> dict[str, list[Any]]:
    """Every row of a batch output's three tables, sorted: what two engines
    must agree on (the order of files and partitions is no part of it)."""
    return {
        "statements": sorted((contract_rows([s])[0], s.doc_id, s.seq) for s in batch_statements(output)),
        "documents": sorted(batch_rows(output, "SELECT * FROM documents"), key=repr),
        "errors": sorted(batch_rows(output, "SELECT * FROM errors"), key=repr),
    }
