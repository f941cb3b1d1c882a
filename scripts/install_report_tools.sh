#!/usr/bin/env bash
# Installs what the 通报 (luoshi report) and its tests need from Debian:
# CJK fonts to embed in the PDF (fonts-noto-cjk) and poppler-utils
# (pdftotext, pdffonts), which the tests read the PDF with.
# Idempotent: does nothing when both are there.
set -euo pipefail

have_fonts() { ls /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc >/dev/null 2>&1; }
have_poppler() { command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1; }

if have_fonts && have_poppler; then
    exit 0
fi

fail() {
    echo "install_report_tools.sh: $*" >&2
    echo "install_report_tools.sh: install them yourself (Debian/Ubuntu: apt-get install fonts-noto-cjk poppler-utils)." >&2
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
    if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@" >"$LOG" 2>&1; then
        tail -n 20 "$LOG" >&2
        fail "apt-get $* failed."
    fi
}
echo "install_report_tools.sh: installing fonts-noto-cjk and poppler-utils with apt-get…" >&2
apt update -qq
apt install -y -qq --no-install-recommends fonts-noto-cjk poppler-utils
have_fonts && have_poppler || fail "apt-get finished but the fonts or poppler-utils are still missing."
