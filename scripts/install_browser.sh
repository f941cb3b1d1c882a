#!/usr/bin/env bash
# Installs Debian's Chromium (and CJK fonts) for the Playwright browser tests
# in tests/web/browser. Never downloads Playwright's own browsers.
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

fail() {
    echo "install_browser.sh: $*" >&2
    echo "install_browser.sh: install Chromium yourself (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk) so that $CHROMIUM exists." >&2
    exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: this script only knows Debian-like systems."

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    fail "not root and sudo is not available."
fi

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
apt() {
    # quiet unless it fails: then show apt's own output
    if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@" >"$LOG" 2>&1; then
        tail -n 20 "$LOG" >&2
        fail "apt-get $* failed."
    fi
}
echo "install_browser.sh: installing chromium and fonts-noto-cjk with apt-get…" >&2
apt update -qq
apt install -y -qq --no-install-recommends chromium fonts-noto-cjk

[ -x "$CHROMIUM" ] || fail "apt-get finished but $CHROMIUM is still missing."
echo "install_browser.sh: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed." >&2
