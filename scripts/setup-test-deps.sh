#!/usr/bin/env bash
# System packages the test suite needs beyond npm (run by .ci/run; safe to run again).
# Browser tests drive Debian's chromium through playwright-core (never `playwright install`,
# which downloads a browser and fails on machines without internet).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
