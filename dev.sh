#!/usr/bin/env bash
# Set up the project (uv + a locked .venv) and run one of its jobs.
#   ./dev.sh demo [--no-serve]   ingest the bundled documents into out/luoshi.duckdb, show what was
#                    found, then open the web scoreboard on http://127.0.0.1:8000/ (LUOSHI_PORT)
#   ./dev.sh test    lint (ruff), type-check (mypy), then run the test suite (installs Debian's
#                    Chromium for the browser tests when it is missing)
#   ./dev.sh bench   extraction speed and memory (needs ../shared), appended to bench/results.md
#   ./dev.sh bench-ingest [--corpus-mb N]   ingest throughput, store size, query time
#   ./dev.sh bench-web [--duration S]   web latency and throughput at a million statements (wrk),
#                    then the scoreboard's page weight and first render in headless Chromium
set -euo pipefail
cd "$(dirname "$0")"

setup() {
    if ! command -v uv >/dev/null 2>&1; then
        python3 -m pip install --quiet --disable-pip-version-check uv || python3 -m pip install --quiet --user uv
        export PATH="$HOME/.local/bin:$PATH"
    fi
    uv sync --frozen --quiet
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
        scripts/install_browser.sh
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
    *)
        echo "usage: ./dev.sh demo|test|bench|bench-ingest|bench-web" >&2
        exit 2
        ;;
esac
