"""PySpark's worker daemon with the extractor already loaded.

An executor's Python workers are forked by one daemon per executor
(``pyspark.daemon``). Loaded in each worker, the rules, lexicons and
compiled patterns cost each worker seconds of CPU at the start of its first
task, on the cores the other workers are extracting on. Loaded once here,
before the daemon forks, every worker starts with them (its pages shared
with the daemon's until written). ``spark_engine`` names this module in
``spark.python.daemon.module``; with spark-submit, pass
``--conf spark.python.daemon.module=luoshi.batch.spark_daemon``.

The daemon must not start a thread before it forks: extraction starts none.
"""

from __future__ import annotations

from datetime import date

from pyspark import daemon

from luoshi.extract import extract_document
from luoshi.load.chrome import chrome_ranges
from luoshi.types import Document

# Written here to reach the extractor's lazily built parts: a target with a
# range, an outcome with growth and a base, places, a deadline, a commitment.
WARM_UP = (
    "2026年，全区地区生产总值增长5%左右，口岸货运量达到1.3亿吨。"
    "2025年，城镇新增就业21.5万人，比上年增长3.2%；满洲里口岸进出境货运量完成2100万吨。"
    "到2027年底，建成区域性物流枢纽3个，由自治区商务厅牵头，各盟市负责落实。"
)


def warm() -> None:
    """What a worker's first document would load: the loaders' page-furniture
    rules, then the extractor's."""
    skip = chrome_ranges(WARM_UP)
    extract_document(Document(name="warm-up", text=WARM_UP, published=date(2026, 3, 1), skip=skip))


if __name__ == "__main__":
    warm()
    daemon.manager()
