"""`luoshi serve` answers its first page sooner for what it does not
import: the extractor, the fetcher, the batch engine, the senders of
reminders and the 通报's charts wait until an upload, a fetch, a batch, a
reminder or a 通报 needs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import luoshi

NOT_FOR_SERVING = [
    "PIL",  # the 通报's charts
    "cn2an",  # Chinese numerals
    "httpx",  # the fetcher and the webhooks of reminders
    "luoshi.batch",
    "luoshi.extract.pipeline",
    "luoshi.fetch",
    "luoshi.reminders.senders",
]


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``, on this checkout's luoshi."""
    source = str(Path(luoshi.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_serving_does_not_import_the_extractor_or_the_fetcher():
    modules = modules_after("import luoshi.cli, luoshi.web.app")
    assert "luoshi.web.app" in modules and "luoshi.cli.web_cmd" in modules
    assert [name for name in NOT_FOR_SERVING if loaded(modules, name)] == []
