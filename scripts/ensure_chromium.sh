#!/usr/bin/env bash
# The browser tests drive a system Chromium through Playwright (never a downloaded browser).
# On Debian, as root, install it when it is missing; elsewhere say what is needed.
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$chromium" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $chromium (set CHROMIUM_PATH, or apt-get install chromium)." >&2
exit 1
