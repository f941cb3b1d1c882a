"""``luoshi batch``: extraction at corpus scale, the same on a laptop and
on a Spark cluster.

    inputs      INPUT paths -> input files -> records (files to load, table rows)
    partition   records -> rows of the output tables (what an executor runs)
    layout      the output: Parquet tables, their schemas, the manifest
    local       the local engine: one process
    spark_engine  the Spark engine (needs PySpark)
    spark_records the records as an RDD of balanced partitions
    standalone    a Spark standalone cluster on loopback (tests, bench/batch.py)
"""
