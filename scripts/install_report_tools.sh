#!/usr/bin/env bash
# Installs what the 通报 (luoshi report) and its tests need from Debian:
# CJK fonts to embed in the PDF (fonts-noto-cjk) and poppler-utils
# (pdftotext, pdffonts), which the tests read the PDF with.
# Idempotent: does nothing when both are there.
set -euo pipefail
source "$(dirname "$0")/apt_packages.sh"

have_fonts() { ls /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc >/dev/null 2>&1; }
have_poppler() { command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1; }

if have_fonts && have_poppler; then
    exit 0
fi

apt_packages install_report_tools.sh fonts-noto-cjk poppler-utils
if ! { have_fonts && have_poppler; }; then
    echo "install_report_tools.sh: apt-get finished but the fonts or poppler-utils are still missing." >&2
    exit 1
fi
