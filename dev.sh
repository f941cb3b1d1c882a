#!/usr/bin/env bash
# Set up the project (uv + a locked .venv) and run one of its jobs.
#   ./dev.sh demo [--no-serve]   ingest the bundled documents into out/luoshi.duckdb, show what was
#                    found, then open the web scoreboard on http://127.0.0.1:8000/ (LUOSHI_PORT)
#   ./dev.sh test    lint (ruff), type-check (mypy), then run the test suite (installs Debian's
#                    Chromium for the browser tests and Java 17 for the Spark tests when they are
#                    missing; outside CI it goes on without them, and those tests skip)
#   ./dev.sh bench   extraction speed and memory (needs ../shared), appended to bench/results.md
#   ./dev.sh bench-ingest [--corpus-mb N]   ingest throughput, store size, query time
#   ./dev.sh bench-web [--duration S]   web latency and throughput at a million statements (wrk),
#                    then the scoreboard's page weight and first render in headless Chromium
#   ./dev.sh bench-upload [--db PATH] [--rows N] [--duration S]   read latency (wrk) idle and while
#                    an owner's 100,000-row CSV upload runs as a job, and the job's throughput
#   ./dev.sh bench-batch [--corpus-mb N] [--no-append]   issue 14's benchmark: luoshi extract against
#                    luoshi batch on Spark (local[1], local[2], a two-worker standalone cluster) on N MB
#                    (default 1024) of real paragraphs, start-up, executor memory, 1 TB projected
#   ./dev.sh bench-scale --copies N [--pg [URL]] [--store PATH] [--json]   issue 11's benchmark: the 32
#                    real documents N times (145: a million statements), served, loaded (wrk), relinked
#                    and ingested into; one JSON line last, a row appended to bench/results.md
set -euo pipefail
cd "$(dirname "$0")"

# uv: the one on PATH, else the one an earlier run installed, else installed
# now without root and without pip touching the system Python (Debian and
# Ubuntu refuse that: "externally-managed-environment"): from PyPI into a
# virtual environment of its own under ~/.cache/luoshi, or, where python3 has
# no venv module (Debian without python3-venv), astral's standalone installer
# into ~/.local/bin.
UV_HOME="${XDG_CACHE_HOME:-$HOME/.cache}/luoshi/uv"

find_uv() {
    local candidate
    for candidate in "$(command -v uv 2>/dev/null || true)" "$UV_HOME/bin/uv" "$HOME/.local/bin/uv"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            UV=$candidate
            return 0
        fi
    done
    return 1
}

bootstrap_uv() {
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "dev.sh: needs python3 3.11 or newer (Debian/Ubuntu: apt-get install python3 python3-venv)" >&2
        exit 1
    fi
    echo "dev.sh: installing uv into $UV_HOME (from PyPI)…" >&2
    if python3 -m venv "$UV_HOME" >/dev/null 2>&1 &&
        "$UV_HOME/bin/python" -m pip install --quiet --disable-pip-version-check uv; then
        UV="$UV_HOME/bin/uv"
        return 0
    fi
    rm -rf "$UV_HOME"
    echo "dev.sh: python3 -m venv failed (Debian/Ubuntu: apt-get install python3-venv); trying astral's installer…" >&2
    if command -v curl >/dev/null 2>&1 &&
        curl -LsSf https://astral.sh/uv/install.sh | env UV_NO_MODIFY_PATH=1 sh >/dev/null; then
        UV="$HOME/.local/bin/uv"
        return 0
    fi
    echo "dev.sh: could not install uv: install python3-venv, or uv itself (https://docs.astral.sh/uv/), then run again" >&2
    exit 1
}

setup() {
    find_uv || bootstrap_uv
    # Bytecode compiled once, here: where PYTHONDONTWRITEBYTECODE is set (CI
    # images, containers) Python would otherwise compile every module it
    # imports at every start, a second of `luoshi serve`'s start-up.
    "$UV" sync --frozen --quiet --compile-bytecode
    .venv/bin/python -m compileall -q src/luoshi >/dev/null
}

case "${1:-}" in
    demo)
        setup
        mkdir -p out
        export LUOSHI_DB=out/luoshi.duckdb
        .venv/bin/luoshi ingest samples
        .venv/bin/luoshi import-stats statistics/nmg_2025_sample.csv
        .venv/bin/luoshi documents
        .venv/bin/luoshi statements
        .venv/bin/luoshi export --format jsonl out/statements.jsonl
        echo "store: out/luoshi.duckdb; JSONL: out/statements.jsonl"
        if ! .venv/bin/luoshi users list --format json | grep -q '"demo-admin"'; then
            password=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(12))')
            echo "$password" | .venv/bin/luoshi users add demo-admin --role admin --name 演示管理员 --password-stdin
            echo "$password" | .venv/bin/luoshi users add demo-owner --role owner --owner 自治区商务厅 --name 商务厅演示 --password-stdin
            echo "$password" > out/demo-password.txt
            echo "accounts demo-admin (admin) and demo-owner (自治区商务厅), password: $password (also in out/demo-password.txt)"
        fi
        if [ "${2:-}" != "--no-serve" ]; then
            exec .venv/bin/luoshi serve --port "${LUOSHI_PORT:-8000}"
        fi
        ;;
    test)
        setup
        shift
        # Outside CI a browser that cannot be installed leaves the browser tests
        # skipped, each saying why; under CI=true nothing may skip, so it stops here.
        if ! scripts/install_browser.sh; then
            [ "${CI:-}" = "true" ] && exit 1
            echo "dev.sh: going on without Chromium: the browser tests will be skipped" >&2
        fi
        # Java for PySpark (tests/batch/test_spark_*.py), the same way
        if ! scripts/install_java.sh; then
            [ "${CI:-}" = "true" ] && exit 1
            echo "dev.sh: going on without Java: the Spark tests will be skipped" >&2
        fi
        # the 通报's fonts and the poppler tools its tests read the PDF with
        scripts/install_report_tools.sh
        .venv/bin/ruff check --quiet src tests bench
        .venv/bin/mypy --no-error-summary src
        .venv/bin/pytest -q "$@"
        ;;
    bench)
        setup
        .venv/bin/python bench/extract.py
        ;;
    bench-ingest)
        setup
        .venv/bin/python bench/ingest.py "${@:2}"
        ;;
    bench-web)
        setup
        command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null
        scripts/install_browser.sh
        .venv/bin/python bench/web.py "${@:2}"
        .venv/bin/python bench/page_weight.py
        ;;
    bench-upload)
        setup
        command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null
        .venv/bin/python bench/upload_job.py "${@:2}"
        ;;
    bench-batch)
        setup
        scripts/install_java.sh
        .venv/bin/python bench/batch.py "${@:2}"
        ;;
    bench-scale)
        setup
        command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null
        .venv/bin/python bench/scale.py "${@:2}"
        ;;
    *)
        echo "usage: ./dev.sh demo|test|bench|bench-ingest|bench-web|bench-upload|bench-batch|bench-scale" >&2
        exit 2
        ;;
esac
