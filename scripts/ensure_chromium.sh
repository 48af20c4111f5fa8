#!/usr/bin/env bash
# What the tests need from the system: a Chromium that the browser tests drive through
# Playwright (never a downloaded browser), and openssl, which makes the SIEM tests' throwaway
# TLS certificate. On Debian, as root, install what is missing; elsewhere say what is needed.
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${missing[*]} for the tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need ${missing[*]} (Chromium at $chromium, or set CHROMIUM_PATH)." >&2
exit 1
