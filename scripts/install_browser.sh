#!/usr/bin/env bash
# Installs Debian's Chromium (and CJK fonts) for the Playwright browser tests
# in tests/web/browser. Never downloads Playwright's own browsers.
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail
source "$(dirname "$0")/apt_packages.sh"

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

apt_packages install_browser.sh chromium fonts-noto-cjk
if [ ! -x "$CHROMIUM" ]; then
    echo "install_browser.sh: apt-get finished but $CHROMIUM is still missing." >&2
    exit 1
fi
echo "install_browser.sh: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed." >&2
