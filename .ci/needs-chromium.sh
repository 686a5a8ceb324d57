#!/usr/bin/env bash
# Installs headless Chromium for the HTML report's browser test
# (tests/integration/html.rs: reports_render_in_headless_chromium_with_non_empty_charts).
# Merge into .ci/run before the test command. Without it the test prints a notice and skips.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium
fi
