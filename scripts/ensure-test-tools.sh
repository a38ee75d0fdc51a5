#!/usr/bin/env bash
# System tools the test suite uses that pip cannot install: PostgreSQL (the second engine),
# Chromium (end-to-end and accessibility tests), poppler-utils (PDF pages to PNG),
# systemd-analyze (checks the units in deploy/), and nginx with openssl (deploy/nginx.conf
# with a self-signed certificate in tests/test_nginx.py).
set -euo pipefail
missing=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
fc-list 2>/dev/null | grep -qi "dejavu sans" || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installeren met apt-get: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
