"""A Spark standalone cluster on loopback: one master and N workers, each a
JVM started by the PySpark package's own launcher (``bin/spark-class``), for
trying a batch on a real cluster on one machine. The tests and
``bench/batch.py`` use it; on a real cluster Spark's ``sbin`` scripts (or
YARN, Kubernetes) start these daemons instead.

Each daemon runs in a session of its own, so a worker's executor JVM and its
Python workers can be found (``session_pids``) and killed with it: ``kill``
does what losing a machine does, and ``stop`` leaves no process behind.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any


class ClusterError(RuntimeError):
    """A daemon of the local cluster did not start; the message quotes its log."""


def spark_home() -> Path:
    """The PySpark package's folder: its bin/ and jars/ are a Spark distribution."""
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Daemon:
    """One master or worker JVM: its process (the session leader), log and web UI port."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    web_port: int

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def alive(self) -> bool:
        return self.process.poll() is None

    def status(self) -> dict[str, Any]:
        """The daemon's own status page as JSON (``/json/``)."""
        with urllib.request.urlopen(f"{self.web_url}/json/", timeout=5) as answer:
            data: dict[str, Any] = json.load(answer)
            return data


@dataclass
class StandaloneCluster:
    """A master and ``workers`` workers of ``cores`` cores and ``memory`` each,
    with logs, work and conf folders under ``root``. ``env`` is added to every
    daemon's environment (executors and their Python workers inherit it)."""

    root: Path
    workers: int = 2
    cores: int = 1
    memory: str = "1g"
    env: dict[str, str] = field(default_factory=dict)
    master_port: int = field(default_factory=free_port)
    daemons: list[Daemon] = field(default_factory=list)

    @property
    def master_url(self) -> str:
        return f"spark://127.0.0.1:{self.master_port}"

    @property
    def master(self) -> Daemon:
        return self.daemons[0]

    @property
    def worker_daemons(self) -> list[Daemon]:
        return self.daemons[1:]

    def __enter__(self) -> StandaloneCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def start(self, timeout: float = 120) -> None:
        """Start the master, then the workers; return when all are registered."""
        self.root.mkdir(parents=True, exist_ok=True)
        master_web = free_port()
        self._launch("master", "org.apache.spark.deploy.master.Master", master_web, [
            "--host", "127.0.0.1", "--port", str(self.master_port), "--webui-port", str(master_web),
        ])  # fmt: skip
        self._wait(lambda: self._answers(self.master), timeout, self.master)
        for i in range(self.workers):
            web = free_port()
            work = self.root / f"worker-{i}"
            work.mkdir(exist_ok=True)
            self._launch(f"worker-{i}", "org.apache.spark.deploy.worker.Worker", web, [
                "--host", "127.0.0.1", "--port", str(free_port()), "--webui-port", str(web),
                "--cores", str(self.cores), "--memory", self.memory, "--work-dir", str(work), self.master_url,
            ])  # fmt: skip
        self._wait(lambda: self.alive_workers() == self.workers, timeout, self.master)

    def alive_workers(self) -> int:
        return sum(1 for w in self.master.status().get("workers", []) if w.get("state") == "ALIVE")

    def kill(self, daemon: Daemon) -> None:
        """SIGKILL a daemon with everything it started (a worker's executor JVM
        and Python workers): what losing its machine would do."""
        for pid in session_pids(daemon.process.pid):
            _signal(pid, signal.SIGKILL)
        daemon.process.wait(timeout=30)

    def stop(self) -> None:
        """End every daemon and what it started: SIGTERM, then SIGKILL what is left."""
        for daemon in reversed(self.daemons):
            for pid in session_pids(daemon.process.pid):
                _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for daemon in self.daemons:
            while session_pids(daemon.process.pid) and time.monotonic() < deadline:
                daemon.process.poll()
                time.sleep(0.2)
            for pid in session_pids(daemon.process.pid):
                _signal(pid, signal.SIGKILL)
            try:
                daemon.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass

    def _launch(self, name: str, main_class: str, web_port: int, args: list[str]) -> None:
        home = spark_home()
        conf = self.root / "conf"
        conf.mkdir(exist_ok=True)
        env = {
            **os.environ,
            "SPARK_HOME": str(home),
            "SPARK_CONF_DIR": str(conf),  # empty: no spark-env.sh or defaults from elsewhere
            "SPARK_LOCAL_IP": "127.0.0.1",
            "SPARK_DAEMON_MEMORY": "256m",
            "PYSPARK_PYTHON": sys.executable,
            **self.env,
        }
        log = self.root / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(home / "bin" / "spark-class"), main_class, *args],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
            )  # fmt: skip
        self.daemons.append(Daemon(name, process, log, web_port))

    @staticmethod
    def _answers(daemon: Daemon) -> bool:
        try:
            daemon.status()
        except (OSError, ValueError):  # not listening yet, or its web UI answers before it has a page
            return False
        return True

    @staticmethod
    def _wait(ready: Any, timeout: float, daemon: Daemon) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not daemon.alive():
                raise ClusterError(f"{daemon.name} exited: {_tail(daemon.log)}")
            try:
                if ready():
                    return
            except (OSError, ValueError):  # ValueError: an empty or partial JSON page while the UI starts
                pass
            time.sleep(0.3)
        raise ClusterError(f"the cluster was not ready after {timeout:.0f} s; {daemon.name}: {_tail(daemon.log)}")


def session_pids(session: int) -> list[int]:
    """Processes of a session (Linux /proc), leader first: a daemon started
    with ``start_new_session`` and all it forked, even those that made a
    process group of their own (PySpark's Python daemon does)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # fields after the command name, which is in parentheses and may hold spaces
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session:
            found.append(int(entry.name))
    return sorted(found, key=lambda pid: pid != session)


def _signal(pid: int, sig: signal.Signals) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
