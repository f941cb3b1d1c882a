#!/usr/bin/env bash
# Installs Debian's Java 17 runtime (openjdk-17-jre-headless) for PySpark:
# `luoshi batch --engine spark` and its tests (tests/batch/test_spark_*.py)
# start a JVM. Spark 4 needs Java 17 or newer.
# Idempotent: does nothing when `java` 17 or newer is on PATH.
set -euo pipefail
source "$(dirname "$0")/apt_packages.sh"

java_major() {
    # `java -version` prints `openjdk version "17.0.15" …` (or "1.8.0_…" for Java 8) on stderr
    java -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n 1
}

if command -v java >/dev/null 2>&1 && [ "$(java_major)" -ge 17 ]; then
    exit 0
fi

apt_packages install_java.sh openjdk-17-jre-headless
hash -r
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then
    echo "install_java.sh: apt-get finished but java 17 or newer is still not on PATH." >&2
    exit 1
fi
echo "install_java.sh: $(java -version 2>&1 | head -n 1) installed." >&2
