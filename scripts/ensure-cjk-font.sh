#!/usr/bin/env bash
# The Chinese screenshots need a font with Chinese characters, or every one is drawn as an empty
# box. Installs Debian's Noto CJK when none is found and we are root; otherwise says how.
set -euo pipefail
if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family)" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "No font for Chinese found. Installing Debian's fonts-noto-cjk…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  exit 0
fi
echo "The Chinese screenshots need a font for Chinese. Install one (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk) and run again." >&2
exit 1
