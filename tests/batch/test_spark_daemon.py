"""The Python workers' daemon loads what extraction needs before it forks:
a worker's first document then reads no rule file and builds no lexicon."""

from __future__ import annotations

import subprocess
import sys

from batch_samples import SAMPLES

CHECK = """
import sys
from pathlib import Path
from luoshi import rules
from luoshi.batch import spark_daemon
from luoshi.extract import extract_document, words
from luoshi.load import load_path

spark_daemon.warm()
loaded = (rules.load_yaml.cache_info().currsize, rules.load_csv.cache_info().currsize)
assert words._dictionary.cache_info().currsize == 1, "jieba's dictionary is not loaded"
found = 0
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    for doc in load_path(path):
        found += len(extract_document(doc))
after = (rules.load_yaml.cache_info().currsize, rules.load_csv.cache_info().currsize)
assert after == loaded, f"rule files read after the warm-up: {loaded} -> {after}"
print(found)
"""


def test_after_the_warm_up_extracting_the_samples_reads_no_rule_file():
    done = subprocess.run([sys.executable, "-c", CHECK, str(SAMPLES)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 50  # the samples were read and their statements found
