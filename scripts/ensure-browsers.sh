#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (Playwright's own browser download cannot work
# here) and Debian's Firefox ESR (the path of browsers without save pickers). Installs what is
# missing when we are root on a Debian-like system; otherwise says how.
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
FIREFOX=${FIREFOX_PATH:-/usr/bin/firefox-esr}
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -x "$FIREFOX" ] || missing+=(firefox-esr)
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Missing: ${missing[*]}. Installing Debian's packages…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The end-to-end tests need Chromium at $CHROMIUM and Firefox ESR at $FIREFOX. Install them (Debian/Ubuntu: sudo apt-get install chromium firefox-esr) or set CHROMIUM_PATH / FIREFOX_PATH." >&2
exit 1
