#!/usr/bin/env bash
# What the tests need beyond Python, installed before they run (never from inside a test):
# Debian's chromium (the browser tests, driven by Playwright; no browser is downloaded by a test tool),
# R with readr (the R recipe) and axe-core from npm (the accessibility check). Run as root, as CI is;
# anything already there is left as it is.
set -euo pipefail
cd "$(dirname "$0")"
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v Rscript >/dev/null || missing+=(r-base-core r-cran-readr)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
[ -f .axe/node_modules/axe-core/axe.min.js ] ||
  npm install --no-save --no-audit --no-fund --prefix .axe axe-core@4 >/dev/null
echo "test tools ready: $(command -v chromium), $(command -v Rscript), tests/.axe/node_modules/axe-core"
