"""``luoshi batch`` on a real Spark standalone cluster: a master and two
workers on loopback, started by the PySpark package's own launcher. One
worker is killed (SIGKILL, with its executor and Python workers) while the
job runs; the output must still hold every document once and exactly the
statements the local engine finds."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spark_support import (
    LUOSHI_SRC,
    batch_process,
    driver_env,
    output_content,
    require_java,
    rest,
    run_batch,
    spark_conf,
    write_corpus,
)

from luoshi.batch.layout import MANIFEST
from luoshi.batch.standalone import Daemon, StandaloneCluster, free_port

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandaloneCluster]:
    """Two workers of one core each; every JVM ends at teardown, failed test or not."""
    require_java()
    with StandaloneCluster(tmp_path_factory.mktemp("cluster"), workers=2, cores=1, memory="1g",
                           env={"PYTHONPATH": LUOSHI_SRC}) as started:  # fmt: skip
        yield started


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    """About 16 MB of text in files and a JSONL table (so the job shuffles),
    and the local engine's output of it: the answer."""
    root = tmp_path_factory.mktemp("corpus")
    inputs = write_corpus(root, files=120, table_rows=120, paragraphs_each=150)
    run_batch(inputs, root / "expected", exit_code=1)  # the table's last line is no JSON
    return inputs, root / "expected"


def test_a_batch_survives_losing_a_worker_with_every_document_once(
    cluster: StandaloneCluster, corpus: tuple[list[str], Path], tmp_path: Path
):
    inputs, expected = corpus
    ui = free_port()
    conf = spark_conf(tmp_path / "conf", {
        "spark.ui.port": ui,
        "spark.driver.host": "127.0.0.1",
        "spark.executor.memory": "512m",
        "spark.luoshi.partitionChars": 200_000,  # many short tasks: some done, some running when the worker dies
    })  # fmt: skip
    output = tmp_path / "out"
    job = batch_process(inputs, output, "--engine", "spark", "--master", cluster.master_url, env=driver_env(conf))
    try:
        victim, seen = wait_for_running_tasks(cluster, ui, job)
        cluster.kill(victim)
        _, err = job.communicate(timeout=900)
    finally:
        if job.poll() is None:
            job.kill()
            job.wait()
    assert job.returncode == 1, err[-4000:]  # 1: done, with the table's bad line in errors/
    assert seen["completed"] >= 1 and seen["running_on_victim"] >= 1
    assert not victim.alive() and cluster.alive_workers() == 1 and "Lost executor" in err
    assert (output / MANIFEST).is_file()
    got, answer = output_content(output), output_content(expected)
    assert len(got["documents"]) == 240 and len({row[0] for row in got["documents"]}) == 240  # each once
    assert got == answer


def wait_for_running_tasks(
    cluster: StandaloneCluster, ui: int, job: Any, timeout: float = 600
) -> tuple[Daemon, dict[str, int]]:
    """The worker whose executor is running a task of the extracting job,
    once some task of that job has finished: read off the driver's REST API
    and the workers' status pages."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert job.poll() is None, f"the job ended before a worker could be killed:\n{job.stderr.read()[-3000:]}"
        try:
            victim, seen = _victim(cluster, ui)
        except (OSError, ValueError):  # the driver's UI is not up yet, or answers nothing yet
            victim = None
        if victim is not None:
            return victim, seen
        time.sleep(0.2)
    raise AssertionError("no task ran on a worker in time")


def _victim(cluster: StandaloneCluster, ui: int) -> tuple[Daemon | None, dict[str, int]]:
    [app] = rest(ui, "applications")
    stages = rest(ui, f"applications/{app['id']}/stages?status=active")
    # the stage that extracts: the first write's, after the inputs were counted and spread
    busy = [s for s in stages if s["numActiveTasks"] and s["numTasks"] >= 8]
    if not busy or sum(s["numCompleteTasks"] for s in busy) < 1:
        return None, {}
    executors = {e["id"]: e for e in rest(ui, f"applications/{app['id']}/executors") if e["id"] != "driver"}
    for worker in cluster.worker_daemons:
        for running in worker.status().get("executors", []):
            executor = executors.get(str(running["id"]))
            if running["appid"] == app["id"] and executor and executor["activeTasks"]:
                completed = sum(s["numCompleteTasks"] for s in busy)
                return worker, {"completed": completed, "running_on_victim": executor["activeTasks"]}
    return None, {}
