#!/bin/sh
# run-tests.sh: runs the eddy.js tests with Node's own test runner (no npm packages). ./mvnw test
# runs it in eddy-core's test phase; extra arguments go to node. Fails, saying why, when node is
# missing or older than 20.11 (mock.timers with Date, --disable-warning). tasks.test.mjs holds
# the tests of the task client.
set -eu
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1; then
  echo "eddy-core: the eddy.js tests need Node.js 20.11 or newer on PATH; node was not found." >&2
  echo "eddy-core: install Node.js, or skip every test with -DskipTests." >&2
  exit 1
fi
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 11)) {
    console.error("eddy-core: the eddy.js tests need Node.js 20.11 or newer; this node is " + process.version + ".");
    process.exit(1);
  }'
exec node --test --test-reporter=dot --disable-warning=ExperimentalWarning "$@" eddy.test.mjs tasks.test.mjs
