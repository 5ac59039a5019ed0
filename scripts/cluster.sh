#!/usr/bin/env bash
# cluster.sh: two gallery instances sharing one Redis, as behind a load balancer (./eddy cluster).
#   PORT_A (8080), PORT_B (8081): the instances' ports; HOST (127.0.0.1) as for ./eddy gallery.
#   REDIS_URL: an existing Redis to use; without it a redis-server is started on REDIS_PORT (6390),
#   installed with apt-get first if missing (as root), and stopped again on exit.
# Ctrl-C stops everything it started. Open both ports: a chat message posted on one reaches members
# on the other, a session started on one is known on the other, a task on one is watched and
# cancelled from the other.
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh

PORT_A="${PORT_A:-8080}"
PORT_B="${PORT_B:-8081}"
REDIS_PORT="${REDIS_PORT:-6390}"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${REDIS_URL:-}" ]; then
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
      echo "eddy cluster: redis-server is missing; install it (sudo apt-get install redis-server) or set REDIS_URL" >&2
      exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
  fi
  redis_dir="$(mktemp -d)"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" --loglevel warning &
  pids+=($!)
  for _ in $(seq 1 100); do
    if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  echo "eddy cluster: redis-server on 127.0.0.1:$REDIS_PORT (pid ${pids[0]})"
fi
export REDIS_URL

./mvnw -q -B -DskipTests -pl eddy-examples -am package
for port in "$PORT_A" "$PORT_B"; do
  PORT="$port" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar eddy-examples/target/eddy-examples.jar &
  pids+=($!)
done
echo "eddy cluster: gallery instances on http://127.0.0.1:$PORT_A/ and http://127.0.0.1:$PORT_B/ sharing $REDIS_URL (Ctrl-C stops all)"
wait -n "${pids[@]}"
