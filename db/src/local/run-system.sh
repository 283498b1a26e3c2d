#!/usr/bin/env bash
# `make run` and `make demo`: the whole system on this machine, in the foreground.
#   1. a PostgreSQL (SPRING_DATASOURCE_URL, else 127.0.0.1:5432 if it answers, else embedded,
#      data kept in $PLANS_DATA_DIR/postgres);
#   2. with `demo`: a local provider serving the bundled fixture answers in turn;
#   3. the import job in scheduled mode (migrates, imports at once, then every interval);
#   4. the search API on :8080 once the first import ended.
# Ctrl-C stops everything. Logs go to $PLANS_DATA_DIR/*.log.
set -euo pipefail
cd "$(dirname "$0")/../../.."

mode=${1:-run}
data=${PLANS_DATA_DIR:-.data}
port=${SERVER_PORT:-8080}
mkdir -p "$data"
pids=()

stopped=
stop_all() {
  trap - EXIT INT TERM
  [[ -z $stopped ]] || return 0
  stopped=yes
  echo
  echo "Stopping the search API, the import job and the database..."
  # Newest first: the API and the job before the database they use.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  ((${#pids[@]} == 0)) || wait "${pids[@]}" 2>/dev/null || true
  echo "Stopped. Data is kept in $data/ (make destroy removes it)."
}
trap stop_all EXIT INT TERM

wait_for() { # seconds, description, command...
  local seconds=$1 what=$2; shift 2
  for ((i = 0; i < seconds * 2; i++)); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  echo "Timed out after ${seconds}s waiting for $what" >&2
  return 1
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# 1. The database.
rm -f "$data/datasource-url"
java -cp "db/target/classes:$(cat db/target/classpath.txt)" com.fever.plans.db.LocalPostgresServer \
  "$data/postgres" "$data/datasource-url" >"$data/postgres.log" 2>&1 &
pids+=($!)
wait_for 120 "the database (see $data/postgres.log)" test -s "$data/datasource-url" || { cat "$data/postgres.log"; exit 1; }
export SPRING_DATASOURCE_URL=$(cat "$data/datasource-url")
cat "$data/postgres.log"
if ! kill -0 "${pids[0]}" 2>/dev/null; then
  # An existing server is used: the helper is done; only an embedded server stays in the process list.
  wait "${pids[0]}" || true
  pids=()
fi

# 2. The demo provider.
if [[ $mode == demo ]]; then
  demo_port=${DEMO_PROVIDER_PORT:-8089}
  java batch-job/src/demo/DemoProvider.java "$demo_port" batch-job/src/test/resources/feeds >"$data/demo-provider.log" 2>&1 &
  pids+=($!)
  wait_for 60 "the demo provider" port_open "$demo_port"
  export PROVIDER_URL="http://127.0.0.1:$demo_port/api/events"
  export PLANS_SCHEDULE_INTERVAL=${PLANS_SCHEDULE_INTERVAL:-PT30S}
fi
echo "Provider: ${PROVIDER_URL:-https://provider.code-challenge.feverup.com/api/events}"

# 3. The import job, scheduled.
export PLANS_STAGING_DIR=${PLANS_STAGING_DIR:-$data/staging}
: >"$data/batch-job.log"
java ${JOB_JAVA_OPTS:-} -jar batch-job/target/batch-job.jar --schedule >>"$data/batch-job.log" 2>&1 &
pids+=($!)
wait_for 300 "the first import (see $data/batch-job.log)" grep -q "Import ended" "$data/batch-job.log"
# The log lines without Spring Boot's prefix (time, level, pid, thread, logger).
grep -E "Import run [0-9]+ ended|Import ended" "$data/batch-job.log" | tail -2 | sed -E 's/^.{0,160}\] [^ ]+ +: //'

# 4. The search API.
java ${API_JAVA_OPTS:-} -jar search-api/target/search-api.jar >"$data/search-api.log" 2>&1 &
pids+=($!)
wait_for 120 "the search API (see $data/search-api.log)" port_open "$port"

cat <<INFO

The plans integration service is up.
  Search:      http://localhost:$port/search?starts_at=2021-01-01T00:00:00Z&ends_at=2022-01-01T00:00:00Z
  Swagger UI:  http://localhost:$port/swagger-ui.html   (contract: http://localhost:$port/openapi.yaml)
  Health:      http://localhost:$port/actuator/health
  Metrics:     http://localhost:$port/actuator/prometheus
  Import runs: make history      (restart a failed one: make restart)
  Logs:        $data/batch-job.log, $data/search-api.log
Ctrl-C stops everything.

INFO
# --pid: the follower ends with this script (killing grep alone would leave tail waiting).
tail --pid=$$ -n 0 -F "$data/batch-job.log" "$data/search-api.log" | grep --line-buffered -E "Import (run|ended|progress)|ERROR|WARN" &
pids+=($!)
wait -n
