#!/usr/bin/env bash
# test-deps.sh: installs what `./eddy test` needs beyond a JDK and Maven, when it is missing, so the
# test command works on a fresh Debian machine: Chromium and its driver (browser tests, with
# apt-get: needs root), redis-server (eddy-redis tests) and the npm packages the tests drive (npm ci, pinned by their lock files).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v unzip >/dev/null 2>&1 || missing+=(unzip)                  # the Maven wrapper unpacks Maven with it
command -v chromium >/dev/null 2>&1 || missing+=(chromium)            # browser tests (eddy-examples)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver) # drives it for Selenium
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)  # eddy-redis tests start their own on a free port
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "eddy: the tests need ${missing[*]}; install them (sudo apt-get install ${missing[*]}) and run again" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi

# npm packages the tests use as second, independent clients; installed once per lock file change.
for dir in eddy-test/src/test/node; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
done
