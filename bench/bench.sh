#!/usr/bin/env bash
# make bench: the import job and the search API measured side by side with ceilings measured in the
# same run, on the same machine, with the same data and the same concurrency. Prints one markdown
# table and writes it to bench/results/bench-latest.md (quick runs: target/bench only);
# raw logs go to target/bench/.
#
#   make bench            full run (~17 min on 2 cores; 986-1,023 s on 2026-11-28): 10,000 x 10 x 20 feed (100k plans), the ~1 GB
#                         feed, 20 s per load test
#   make bench QUICK=1    quick run for development (~3-4 min): 1,000 x 10 x 5, no 1 GB feed, 5 s per test
#
# Settings (environment): BENCH_DB (database, dropped and re-created: its name must contain
# "bench"; default plans_makebench), PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres),
# BENCH_BASE_PLANS/BENCH_PLANS/BENCH_ZONES (feed shape), BENCH_LARGE_BYTES (0 skips the large feed),
# BENCH_DURATION (seconds per load test), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_RATE (5000),
# JOB_JAVA_OPTS (-Xmx256m -XX:+UseSerialGC -XX:SurvivorRatio=6), API_JAVA_OPTS, BENCH_API_PORT (18080), BENCH_NGINX_PORT (18081),
# BENCH_BUILD (1: run the Maven package first; 0: use the jars as they are), BENCH_KEEP_DB (1 keeps it),
# BENCH_RESULT (where the table goes). Any SPRING_*/PLANS_* variable set in the environment reaches the
# search API (e.g. SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE=8), which is how tuning is tried.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_SRC=$ROOT/bench
OUT=${BENCH_OUT:-$ROOT/target/bench}
JAVA=${JAVA:-java}
QUICK=${QUICK:-0}
[[ "$QUICK" == "0" || "$QUICK" == "" || "$QUICK" == "false" ]] && QUICK=0 || QUICK=1

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${BENCH_DB:-plans_makebench}
if [[ $QUICK == 1 ]]; then
  BASE_PLANS=${BENCH_BASE_PLANS:-1000} PLANS=${BENCH_PLANS:-10} ZONES=${BENCH_ZONES:-5}
  LARGE_BYTES=${BENCH_LARGE_BYTES:-0} DURATION=${BENCH_DURATION:-5} WARMUP=${BENCH_WARMUP:-3}
  RESULT=${BENCH_RESULT:-$OUT/bench-quick.md}
else
  BASE_PLANS=${BENCH_BASE_PLANS:-10000} PLANS=${BENCH_PLANS:-10} ZONES=${BENCH_ZONES:-20}
  LARGE_BYTES=${BENCH_LARGE_BYTES:-1073741824} DURATION=${BENCH_DURATION:-20} WARMUP=${BENCH_WARMUP:-15}
  RESULT=${BENCH_RESULT:-$BENCH_SRC/results/bench-latest.md}
fi
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
RATE=${BENCH_RATE:-5000}
P99_BUDGET_MS=${BENCH_P99_BUDGET_MS:-10}
# Search: the second fixed rate (issue 9: p99 <= 50 ms at 20,000 req/s), the 1M-event table
# (BENCH_MILLION=0 skips it), and the JDK the API runs on (JAVA25, else JAVA).
RATE_HIGH=${BENCH_RATE_HIGH:-20000}
P99_BUDGET_HIGH_MS=${BENCH_P99_BUDGET_HIGH_MS:-50}
MILLION=${BENCH_MILLION:-$([[ $QUICK == 1 ]] && echo 100000 || echo 1000000)}
if [[ -z "${JAVA25:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then JAVA25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; fi
API_JAVA=${JAVA25:-$JAVA}
# The job's heap cap, and the collector its image ships with (batch-job/Dockerfile).
JOB_JAVA_OPTS=${JOB_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:SurvivorRatio=6}
API_JAVA_OPTS=${API_JAVA_OPTS:-}
API_PORT=${BENCH_API_PORT:-18480}
NGINX_PORT=${BENCH_NGINX_PORT:-18481}
# Random windows: a start second anywhere in the feed's two years (2021-01-01 .. 2022-12-31 UTC),
# 1 hour to 2 days long. The same for wrk, FixedRateLoad.java and pgbench.
WIN_FROM=1609459200 WIN_TO=1672531199 WIN_MIN=3600 WIN_MAX=172800
NPLANS=$((BASE_PLANS * PLANS))

mkdir -p "$OUT" "$(dirname "$RESULT")"
LOG=$OUT/bench.log
: > "$LOG"
STARTED=$(date +%s)
PIDS=()
ROWS=()
NOTES=()

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$LOG" >&2; }
die() { log "ERROR: $*"; finish 1; }
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 |"); }
note() { NOTES+=("- $*"); }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "" || b == "") print "n/a"; else printf "%.2f", a / b }'; }
kv() { sed -n "s/.*[ ]$2=\([^ ]*\).*/\1/p" "$1" | tail -1; }
# free_port PORT: PORT, or the next one nobody listens on (other services may run on this machine).
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
sql() { psql -X -Atq -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  PIDS=()
}
trap 'cleanup' EXIT
trap 'log "interrupted"; cleanup; exit 130' INT TERM

machine_line() {
  local cpu mem
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "$(nproc) cores ${cpu:-unknown CPU}, $mem RAM, $(uname -sr), $("$JAVA" -version 2>&1 | head -1 | tr -d '"'), $(psql -X -Atc 'SHOW server_version' -d postgres 2>/dev/null | cut -d' ' -f1 | sed 's/^/PostgreSQL /'), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), nginx $(nginx -v 2>&1 | sed 's|.*nginx/||')"
}

finish() {
  local status=${1:-0} elapsed table
  cleanup
  rm -rf "$OUT/staging"
  elapsed=$(( $(date +%s) - STARTED ))
  {
    echo "## Benchmarks ($([[ $QUICK == 1 ]] && echo quick || echo full) run, $(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    echo "Machine: $(machine_line)."
    echo "Load average when the run started: $LOAD_START; when it ended: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$( [[ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]] && echo ' (with uncommitted changes)'). Feed $BASE_PLANS base plans x $PLANS plans x $ZONES zones = $NPLANS plans. Load: $CONNECTIONS connections, $THREADS threads, ${DURATION} s per test after a ${WARMUP} s warm-up. Job JVM: \`$JOB_JAVA_OPTS\`, started by run-job.sh as in the image (extracted jar, AOT cache) unless a row says otherwise. Whole run: ${elapsed} s."
    echo
    echo "| measure | ours | ceiling | ratio | how |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    if ((${#NOTES[@]})); then printf '%s\n' "${NOTES[@]}"; fi
  } > "$OUT/table.md"
  cp "$OUT/table.md" "$RESULT"
  cp "$OUT/table.md" "$OUT/bench-$(date -u +%Y%m%dT%H%M%SZ).md"
  echo
  cat "$RESULT"
  echo
  log "table written to ${RESULT#$ROOT/} (raw logs in ${OUT#$ROOT/}/), ${elapsed} s"
  if [[ $DB_CREATED == 1 && "${BENCH_KEEP_DB:-0}" != 1 ]]; then
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  exit "$status"
}

# ---------------------------------------------------------------------------------------------
# Tools: Debian packages when missing (as root); the fixed-rate load is bench/FixedRateLoad.java.
# ---------------------------------------------------------------------------------------------
APT_UPDATED=0
need() { # need COMMAND PACKAGE...
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [[ $(id -u) != 0 ]]; then
    log "missing $cmd (Debian: $*) and not root: install it first"; return 1
  fi
  if [[ $APT_UPDATED == 0 ]]; then
    log "apt-get update"; apt-get update -qq >>"$LOG" 2>&1 || true; APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  # Packages must not start their services (nginx would take port 80): a policy-rc.d refusing
  # every start, removed again when it is ours.
  local policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$LOG" 2>&1
  local rc=$?
  [[ $policy == 1 ]] && rm -f /usr/sbin/policy-rc.d
  command -v "$cmd" >/dev/null 2>&1 || { log "could not install $cmd"; return 1; }
  return $rc
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
DB_CREATED=0
log "mode: $([[ $QUICK == 1 ]] && echo quick || echo full); output in ${OUT#$ROOT/}"
need psql postgresql-client || die "psql is required"
need curl curl || die "curl is required"
[[ -x /usr/bin/time ]] || need /usr/bin/time time || die "/usr/bin/time (package time) is required"
need pgbench postgresql-client postgresql-contrib || log "no pgbench: the uncached ceiling will be skipped"
need wrk wrk || log "no wrk: the search section will be skipped"
need nginx nginx || log "no nginx: the cached ceiling will be skipped"

pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 5 2>/dev/null || psql -X -Atqc 'SELECT 1' -d postgres >/dev/null 2>&1 \
  || die "no PostgreSQL answers at $PGHOST:$PGPORT (set PGHOST/PGPORT/PGUSER to one the bench may use)"
[[ "$DB" == *bench* ]] || die "BENCH_DB '$DB' must contain 'bench': the harness drops and re-creates it"

# ---------------------------------------------------------------------------------------------
# Jars: built by Maven (BENCH_BUILD=0 skips), then copied, so a rebuild during the run cannot
# swap them under a running JVM.
# ---------------------------------------------------------------------------------------------
if [[ "${BENCH_BUILD:-1}" == 1 ]]; then
  log "building the jars (./mvnw -DskipTests package; log in ${OUT#$ROOT/}/build.log)"
  if ! (cd "$ROOT" && timeout 900 ./mvnw -B -ntp -q -DskipTests package) >"$OUT/build.log" 2>&1; then
    log "the full build failed; building batch-job alone"
    (cd "$ROOT" && timeout 900 ./mvnw -B -ntp -q -DskipTests -pl batch-job -am package) >>"$OUT/build.log" 2>&1 \
      || die "batch-job does not build (see ${OUT#$ROOT/}/build.log)"
  fi
fi
[[ -f "$ROOT/batch-job/target/batch-job.jar" ]] || die "batch-job/target/batch-job.jar is missing (make build)"
cp "$ROOT/batch-job/target/batch-job.jar" "$OUT/batch-job.jar"
SEARCH_JAR=""
if [[ -f "$ROOT/search-api/target/search-api.jar" ]]; then
  cp "$ROOT/search-api/target/search-api.jar" "$OUT/search-api.jar" && SEARCH_JAR=$OUT/search-api.jar
fi

# ---------------------------------------------------------------------------------------------
# Feeds: deterministic, regenerated only when their arguments change.
# ---------------------------------------------------------------------------------------------
FEEDS=$OUT/feeds
mkdir -p "$FEEDS"
feed() { # feed FILE ARGS...
  local file=$1; shift
  if [[ -f "$file" && -f "$file.args" && "$(cat "$file.args")" == "$*" ]]; then
    log "feed ${file#$ROOT/} is up to date"; return 0
  fi
  log "generating ${file#$ROOT/}: $*"
  rm -f "$file.args"
  timeout 900 "$JAVA" "$BENCH_SRC/FeedGenerator.java" "$@" --out "$file" >"$file.stats" 2>>"$LOG" || die "feed generation failed"
  echo "$*" > "$file.args"
}
SHAPE="--base-plans $BASE_PLANS --plans $PLANS --zones $ZONES"
feed "$FEEDS/feed.xml" $SHAPE
feed "$FEEDS/feed-changed.xml" $SHAPE --change-percent 1
CHANGED_PLANS=$(sed -n 's/.*changed=\([0-9]*\).*/\1/p' "$FEEDS/feed-changed.xml.stats")
FEED_MB=$(awk -v b="$(stat -c %s "$FEEDS/feed.xml")" 'BEGIN { printf "%.0f", b / 1048576 }')

# ---------------------------------------------------------------------------------------------
# The bench database.
# ---------------------------------------------------------------------------------------------
recreate_db() {
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" \
    -c "CREATE DATABASE \"$DB\"" >>"$LOG" 2>&1 || die "cannot re-create database $DB"
  DB_CREATED=1
}
recreate_db
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB"

# step_secs STEP LOG: seconds the step took, as Spring Batch logs it ("executed in 1m2s345ms").
step_secs() {
  sed -n "s/.*Step: \\[$1\\] executed in \\([0-9hms]*\\).*/\\1/p" "$2" | tail -1 | duration_secs
}
# duration_secs: Spring Batch's durations on stdin ("1m2s345ms"), one per line, as seconds.
duration_secs() {
  awk '{ t = 0; s = $0; while (match(s, /^[0-9]+(ms|h|m|s)/)) { tok = substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1);
         n = tok + 0; u = tok; sub(/^[0-9]+/, "", u);
         t += (u == "h") ? n * 3600 : (u == "m") ? n * 60 : (u == "s") ? n : n / 1000 } printf "%.1f\n", t }'
}

# The job runs as its image runs it: the jar extracted (Spring Boot's jarmode=tools, every class on a
# plain class path) and started by batch-job/src/main/docker/run-job.sh, which keeps the JDK's
# ahead-of-time cache in $AOT_DIR (trained below, untimed, before the first measured import).
# PLANS_AOT=off in a call's variables runs it without the cache (the "no AOT cache" rows).
JOB_HOME=$OUT/job
AOT_DIR=$OUT/aot
rm -rf "$JOB_HOME" "$AOT_DIR"
mkdir -p "$AOT_DIR"
"$JAVA" -Djarmode=tools -jar "$OUT/batch-job.jar" extract --destination "$JOB_HOME" >>"$LOG" 2>&1 \
  || die "cannot extract batch-job.jar (java -Djarmode=tools)"
cp "$ROOT/batch-job/src/main/docker/run-job.sh" "$JOB_HOME/"
JOB_JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")

# run_job NAME FEED [VAR=VALUE...]: one import under /usr/bin/time -v (JOB_DB_URL, set for the call,
# points it at another database: the AOT training). Sets JOB_RC, JOB_WALL (s),
# JOB_RSS_MB, JOB_STEP (load + merge steps' seconds from the job's log), JOB_MERGE (merge step alone), JOB_CHANGED, JOB_WRITTEN (rows whose
# last_job_execution_id is this run's), JOB_EXEC.
run_job() {
  local name=$1 feed=$2 t0 t1 limit
  shift 2
  limit=$([[ $name == large* ]] && echo 2400 || echo 900)
  rm -rf "$OUT/staging"
  log "import '$name': $(basename "$feed") $*"
  t0=$(now)
  (cd "$JOB_HOME" && env SPRING_DATASOURCE_URL="${JOB_DB_URL:-$JDBC_URL}" SPRING_DATASOURCE_USERNAME="$PGUSER" \
    PLANS_PROVIDER_URL="file://$feed" PLANS_IMPORT_STAGING_DIR="$OUT/staging" PLANS_PROVIDER_MAX_SIZE=4GB \
    PLANS_PROVIDER_DEADLINE=30m PLANS_IMPORT_PROGRESS_INTERVAL=30s \
    JAVA="$JAVA" JAVA_HOME="$JOB_JAVA_HOME" JAVA_TOOL_OPTIONS="$JOB_JAVA_OPTS" PLANS_AOT_DIR="$AOT_DIR" "$@" \
    timeout "$limit" /usr/bin/time -v -o "$OUT/$name.time" sh run-job.sh) >"$OUT/$name.log" 2>&1
  JOB_RC=$?
  t1=$(now)
  JOB_WALL=$(secs "$t0" "$t1")
  JOB_RSS_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$OUT/$name.time" 2>/dev/null)
  JOB_STEP=$(step_secs importPlans "$OUT/$name.log")
  JOB_MERGE=$(step_secs mergePlans "$OUT/$name.log")
  JOB_STEP=$(awk -v a="${JOB_STEP:-0}" -v b="${JOB_MERGE:-0}" 'BEGIN { printf "%.1f", a + b }')
  JOB_CHANGED=$(sed -n 's/.*Import run [0-9]* ended: .*(\([0-9]*\) rows changed.*/\1/p' "$OUT/$name.log" | tail -1)
  JOB_EXEC=$(sql "SELECT max(job_execution_id) FROM batch_job_execution" 2>/dev/null)
  JOB_WRITTEN=$(sql "SELECT count(*) FROM events WHERE last_job_execution_id = ${JOB_EXEC:-0}" 2>/dev/null)
  log "  exit $JOB_RC, ${JOB_WALL} s wall, import step ${JOB_STEP:-?} s, peak RSS ${JOB_RSS_MB:-?} MB," \
    "${JOB_CHANGED:-?} rows changed (log), ${JOB_WRITTEN:-?} rows with this run's id"
}

# run_ceiling NAME CSV: the ceiling's \copy + INSERT ... ON CONFLICT. Sets CEIL_WALL, CEIL_ROWS.
run_ceiling() {
  local name=$1 csv=$2 t0 t1
  log "ceiling '$name': psql \\copy + INSERT ... ON CONFLICT"
  t0=$(now)
  timeout 900 psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_SRC/ceiling-import.sql" <"$csv" >"$OUT/$name.log" 2>&1 \
    || die "ceiling '$name' failed (see ${OUT#$ROOT/}/$name.log)"
  t1=$(now)
  CEIL_WALL=$(secs "$t0" "$t1")
  CEIL_ROWS=$(sed -n 's/^INSERT 0 \([0-9]*\)$/\1/p' "$OUT/$name.log" | tail -1)
  log "  ${CEIL_WALL} s, $CEIL_ROWS rows written"
}

export_rows() { # export_rows CSV: the rows the job wrote, for the ceiling
  timeout 600 psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_SRC/ceiling-export.sql" >"$1" 2>>"$LOG" \
    || die "export of the imported rows failed"
}

rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t + 0 > 0) printf "%.0f", n / t; else print "n/a" }'; }

# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------
# The AOT cache, trained as the image trains it: a first run records (a first import into a
# scratch database), the next assembles the cache before it starts. Neither is timed.
TRAIN_DB=${DB}_aot_training
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$TRAIN_DB\" WITH (FORCE)" -c "CREATE DATABASE \"$TRAIN_DB\"" >>"$LOG" 2>&1 \
  || die "cannot create database $TRAIN_DB"
JOB_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$TRAIN_DB" run_job aot-training-record "$FEEDS/feed.xml"
JOB_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$TRAIN_DB" run_job aot-training-assemble "$FEEDS/feed.xml"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$TRAIN_DB\" WITH (FORCE)" >>"$LOG" 2>&1
AOT_CACHE=$(ls "$AOT_DIR"/*.aot 2>/dev/null | head -1)
if [[ -n "$AOT_CACHE" ]]; then
  AOT_NOTE="run-job.sh with the AOT cache ($(awk -v b="$(stat -c %s "$AOT_CACHE")" 'BEGIN { printf "%.0f MB", b / 1048576 }'), trained by two untimed runs)"
  log "AOT cache: $AOT_CACHE"
else
  AOT_NOTE="run-job.sh, no AOT cache (JDK older than 24, or training failed: see aot-training-*.log)"
  log "no AOT cache was made: every import runs without it"
fi

# The same first import without the cache (PLANS_AOT=off), into its own fresh database.
run_job first-no-aot "$FEEDS/feed.xml" PLANS_AOT=off
FIRST_NOAOT_WALL=$JOB_WALL FIRST_NOAOT_STEP=$JOB_STEP
recreate_db

run_job first "$FEEDS/feed.xml"
[[ $JOB_RC == 0 ]] || die "the first import failed (exit $JOB_RC, see ${OUT#$ROOT/}/first.log)"
FIRST_RSS=$JOB_RSS_MB FIRST_WALL=$JOB_WALL FIRST_STEP=$JOB_STEP FIRST_WRITTEN=$JOB_WRITTEN FIRST_MERGE=$JOB_MERGE
export_rows "$OUT/rows.csv"
psql_db -f "$BENCH_SRC/ceiling-setup.sql" >>"$LOG" 2>&1 || die "ceiling set-up failed"
run_ceiling ceiling-first "$OUT/rows.csv"
row "first import: wall time" "${FIRST_WALL} s" "${CEIL_WALL} s" "$(ratio "$FIRST_WALL" "$CEIL_WALL")" \
  "whole job process as the image runs it ($AOT_NOTE: JVM start, context, Flyway, fetch + sha256 + validation, import step, VACUUM) vs psql \\copy into a staging table + one INSERT ... ON CONFLICT of the same $CEIL_ROWS rows into an empty copy of events; ratio = ours/ceiling (lower is better)"
row "first import, no AOT cache" "${FIRST_NOAOT_WALL} s (steps ${FIRST_NOAOT_STEP} s)" "${CEIL_WALL} s" "$(ratio "$FIRST_NOAOT_WALL" "$CEIL_WALL")" \
  "the row above with PLANS_AOT=off (a container's very first run, which records the training data, is slower still); into its own fresh database"
row "first import: plans/s" "$(rate "$NPLANS" "$FIRST_WALL")" "$(rate "$NPLANS" "$CEIL_WALL")" \
  "$(ratio "$(rate "$NPLANS" "$FIRST_WALL")" "$(rate "$NPLANS" "$CEIL_WALL")")" \
  "ratio = ours/ceiling (higher is better); $FIRST_WRITTEN rows written"
row "first import: import step only" "${FIRST_STEP} s ($(rate "$NPLANS" "$FIRST_STEP") plans/s)" "${CEIL_WALL} s" \
  "$(ratio "$FIRST_STEP" "$CEIL_WALL")" "the job's importPlans (parse, map, COPY into import_staging) + mergePlans (one INSERT ... ON CONFLICT, data_version, NOTIFY) steps as its log times them; merge ${FIRST_MERGE} s"
row "first import: peak RSS" "${FIRST_RSS} MB" "-" "-" "\`/usr/bin/time -v\` maximum resident set size of run-job.sh's java ($JOB_JAVA_OPTS, AOT cache)"

run_job reimport-skipped "$FEEDS/feed.xml"
row "re-import, same feed" "${JOB_WALL} s, ${JOB_WRITTEN} rows written" "-" "-" \
  "skipped: the feed's sha256 equals the last import's (exit $JOB_RC)"
SKIP_WALL=$JOB_WALL

run_job reimport-skipped-no-aot "$FEEDS/feed.xml" PLANS_AOT=off
row "re-import, same feed, no AOT cache" "${JOB_WALL} s, ${JOB_WRITTEN} rows written" "${SKIP_WALL} s with it" \
  "$(ratio "$JOB_WALL" "$SKIP_WALL")" \
  "the fixed cost alone (JVM start, context, Flyway, fetch + sha256 + validation) with PLANS_AOT=off; ratio = without/with (above 1: the cache pays)"

run_job reimport-unchanged "$FEEDS/feed.xml" PLANS_IMPORT_SKIP_UNCHANGED=false
UNCH_WALL=$JOB_WALL UNCH_WRITTEN=$JOB_WRITTEN UNCH_STEP=$JOB_STEP
run_ceiling ceiling-unchanged "$OUT/rows.csv"
UNCH_CEIL=$CEIL_WALL UNCH_CEIL_ROWS=$CEIL_ROWS
row "re-import, unchanged feed forced" "${UNCH_WALL} s (step ${UNCH_STEP} s), ${UNCH_WRITTEN} rows rewritten" \
  "${CEIL_WALL} s, ${CEIL_ROWS} rows rewritten" "$(ratio "$UNCH_WALL" "$CEIL_WALL")" \
  "PLANS_IMPORT_SKIP_UNCHANGED=false: every plan is parsed, staged and merged; expected 0 rows rewritten (content hash equal); AOT cache as shipped"
run_job reimport-unchanged-no-aot "$FEEDS/feed.xml" PLANS_IMPORT_SKIP_UNCHANGED=false PLANS_AOT=off
row "re-import, unchanged feed forced, no AOT cache" "${JOB_WALL} s (step ${JOB_STEP} s), ${JOB_WRITTEN} rows rewritten" \
  "${CEIL_WALL} s, ${CEIL_ROWS} rows rewritten" "$(ratio "$JOB_WALL" "$CEIL_WALL")" \
  "the row above with PLANS_AOT=off"

run_job reimport-unchanged-2threads "$FEEDS/feed.xml" PLANS_IMPORT_SKIP_UNCHANGED=false PLANS_IMPORT_PROCESSING_THREADS=2
row "re-import, unchanged feed forced, 2 mapping threads" "${JOB_WALL} s (step ${JOB_STEP} s), ${JOB_WRITTEN} rows rewritten" \
  "${UNCH_WALL} s (step ${UNCH_STEP} s) with 1 thread (the default)" "$(ratio "$JOB_WALL" "$UNCH_WALL")" \
  "PLANS_IMPORT_PROCESSING_THREADS=2 against the default 1 (an AsyncItemProcessor maps base plans on 2 threads while the step's thread reads and streams the mapped ones into the COPY, in order); ratio = 2 threads/1 thread wall time (below 1: the second core pays)"

run_job reimport-changed "$FEEDS/feed-changed.xml"
CHG_WALL=$JOB_WALL CHG_WRITTEN=$JOB_WRITTEN CHG_STEP=$JOB_STEP
export_rows "$OUT/rows-changed.csv"
run_ceiling ceiling-changed "$OUT/rows-changed.csv"
row "re-import, 1 % of plans changed" "${CHG_WALL} s (step ${CHG_STEP} s), ${CHG_WRITTEN} rows written" \
  "${CEIL_WALL} s, ${CEIL_ROWS} rows written" "$(ratio "$CHG_WALL" "$CEIL_WALL")" \
  "$CHANGED_PLANS plans differ (sold_out and a price); expected $CHANGED_PLANS rows written"

# The same forced re-import in the long-running mode (--schedule, what compose runs): from its second
# import on, the JVM, the Spring context and the JIT are warm, so this is the import's own cost without
# a process's fixed cost. Spring Batch's own duration of each job execution (fetch, load, merge, the
# listener's VACUUM) of imports 2 to 5, one second apart, against the unchanged ceiling.
scheduled_imports() {
  local log=$OUT/scheduled.log pid i n times median
  rm -rf "$OUT/staging"
  log "scheduled imports (--schedule, 1 s apart): the forced re-import, warm"
  (cd "$JOB_HOME" && exec env SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME="$PGUSER" \
    PLANS_PROVIDER_URL="file://$FEEDS/feed-changed.xml" PLANS_IMPORT_STAGING_DIR="$OUT/staging" PLANS_PROVIDER_MAX_SIZE=4GB \
    PLANS_PROVIDER_DEADLINE=30m PLANS_IMPORT_SKIP_UNCHANGED=false PLANS_SCHEDULE_INTERVAL=1s \
    JAVA="$JAVA" JAVA_HOME="$JOB_JAVA_HOME" JAVA_TOOL_OPTIONS="$JOB_JAVA_OPTS" PLANS_AOT_DIR="$AOT_DIR" \
    sh run-job.sh --schedule) >"$log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for i in $(seq 1 600); do
    n=$(grep -c "Job: \[FlowJob: \[name=importPlansJob\]\] completed" "$log")
    [[ $n -ge 5 ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  times=$(sed -n 's/.*Job: \[FlowJob: \[name=importPlansJob\]\] completed.* in \([0-9hms]*\)$/\1/p' "$log" | sed -n '2,5p' \
    | duration_secs)
  if [[ $(echo "$times" | grep -c .) -lt 4 ]]; then
    row "re-import, unchanged feed forced, warm (--schedule)" "fewer than 5 imports completed" "-" "-" "see ${OUT#$ROOT/}/scheduled.log"
    return
  fi
  median=$(echo "$times" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", (v[2] + v[3]) / 2 }')
  local exec_id written
  exec_id=$(sql "SELECT max(job_execution_id) FROM batch_job_execution" 2>/dev/null)
  written=$(sql "SELECT count(*) FROM events WHERE last_job_execution_id >= ${exec_id:-0} - 4" 2>/dev/null)
  row "re-import, unchanged feed forced, warm (--schedule)" \
    "median ${median} s (imports 2-5: $(echo $times | sed 's/ / s, /g') s), ${written} rows rewritten" \
    "${UNCH_CEIL} s, ${UNCH_CEIL_ROWS} rows rewritten" "$(ratio "$median" "$UNCH_CEIL")" \
    "one --schedule process importing every second (PLANS_SCHEDULE_INTERVAL=1s, run-job.sh with the AOT cache): each import's duration as Spring Batch logs it (fetch, load, merge, VACUUM), without the JVM's start, the context and the JIT's warm-up that a one-shot run pays; ratio = median/ceiling"
}
scheduled_imports

psql_db -c "DROP SCHEMA ceiling CASCADE" >>"$LOG" 2>&1
rm -f "$OUT/rows.csv" "$OUT/rows-changed.csv"

# ---------------------------------------------------------------------------------------------
# Search, against the table the imports above filled.
# ---------------------------------------------------------------------------------------------
# bench_line FILE: the BENCH line's fields as "X req/s, p50 a ms, p99 b ms, N errors"
errors_of() {
  local f=$1
  awk '/^BENCH / { e = 0; for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] ~ /^(err_|errors|non2xx)/) e += kv[2] } print e }' "$f" | tail -1
}
summary_of() {
  local f=$1
  printf '%s req/s, p50 %s ms, p99 %s ms, %s errors' "$(kv "$f" rps | cut -d. -f1)" "$(printf '%.1f' "$(kv "$f" p50_ms)")" \
    "$(printf '%.1f' "$(kv "$f" p99_ms)")" "$(errors_of "$f")"
}
# cpu_ticks PID...: user + system CPU ticks of the processes (and their threads) so far. CPU time per
# request is much less sensitive to other load on the machine than requests/s.
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_ticks() { local p; for p in "$@"; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }'; }
cpu_per_req() { # cpu_per_req TICKS_BEFORE TICKS_AFTER WRK_OUTFILE: CPU ms per request
  awk -v a="$1" -v b="$2" -v r="$(kv "$3" requests)" -v hz="$CLK_TCK" 'BEGIN { if (r > 0) printf "%.2f", (b - a) * 1000 / hz / r; else print "?" }'
}
wrk_run() { # wrk_run OUTFILE SECONDS URL -- ARGS...
  local file=$1 seconds=$2 url=$3; shift 3
  # WRK_HEADER (e.g. "Accept-Encoding: gzip") adds a request header.
  timeout $((seconds + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency --timeout 10s \
    ${WRK_HEADER:+-H "$WRK_HEADER"} -s "$BENCH_SRC/wrk-windows.lua" "$url" "$@" >"$file" 2>&1
  grep -q '^BENCH ' "$file" || log "wrk produced no result (see $file)"
}

search_section() {
  if [[ -z "$SEARCH_JAR" ]]; then
    log "search-api/target/search-api.jar is not built: search section skipped"
    row "search" "skipped" "-" "-" "search-api.jar not built"
    return
  fi
  command -v wrk >/dev/null || { row "search" "skipped" "-" "-" "wrk missing"; return; }
  local free
  free=$(sql "SELECT current_setting('max_connections')::int - (SELECT count(*) FROM pg_stat_activity)")
  if (( free < CONNECTIONS + 5 )); then
    note "Only $free PostgreSQL connections were free: pgbench ran with fewer clients than $CONNECTIONS."
  fi
  sql "VACUUM (ANALYZE) events" >/dev/null

  # Uncached ceiling first, while the API holds no connections.
  local pg_clients=$(( free - 5 < CONNECTIONS ? free - 5 : CONNECTIONS ))
  local pgb=$OUT/pgbench PGB_RPS="" PGB_P50="" PGB_P99="" PGB_FAILED=""
  if command -v pgbench >/dev/null; then
    rm -rf "$pgb"; mkdir -p "$pgb"
    log "pgbench (uncached ceiling): -c $pg_clients -j $THREADS -T $DURATION -M prepared"
    pgbench -n -M prepared -c "$pg_clients" -j "$THREADS" -T "$WARMUP" -D from=$WIN_FROM -D to=$WIN_TO \
      -D minlen=$WIN_MIN -D maxlen=$WIN_MAX -f "$BENCH_SRC/pgbench-uncached.sql" "$DB" >"$OUT/pgbench-warmup.log" 2>&1
    (cd "$pgb" && timeout $((DURATION + 60)) pgbench -n -M prepared -c "$pg_clients" -j "$THREADS" -T "$DURATION" \
      -D from=$WIN_FROM -D to=$WIN_TO -D minlen=$WIN_MIN -D maxlen=$WIN_MAX -l --log-prefix=uncached \
      -f "$BENCH_SRC/pgbench-uncached.sql" "$DB") >"$OUT/pgbench.log" 2>&1
    PGB_RPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/pgbench.log" | tail -1)
    PGB_FAILED=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$OUT/pgbench.log")
    read -r PGB_P50 PGB_P99 < <(cat "$pgb"/uncached.* 2>/dev/null | awk '{ print $3 / 1000 }' | sort -n \
      | awk '{ v[NR] = $1 } END { if (NR) { i = int(NR * 0.50) + 1; j = int(NR * 0.99) + 1;
              if (i > NR) i = NR; if (j > NR) j = NR; printf "%.1f %.1f\n", v[i], v[j] } }')
    rm -rf "$pgb"
    log "  pgbench: ${PGB_RPS:-?} tps, p50 ${PGB_P50:-?} ms, p99 ${PGB_P99:-?} ms, ${PGB_FAILED:-?} failed"
  fi

  # The API, on a port nobody else listens on.
  API_PORT=$(free_port "$API_PORT")
  log "starting search-api on 127.0.0.1:$API_PORT"
  SERVER_PORT=$API_PORT SERVER_ADDRESS=127.0.0.1 SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME="$PGUSER" \
    "$API_JAVA" $API_JAVA_OPTS -jar "$SEARCH_JAR" >"$OUT/search-api.log" 2>&1 &
  local api_pid=$!
  PIDS+=("$api_pid")
  local i
  for i in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$API_PORT/actuator/health/readiness" && break
    kill -0 "$api_pid" 2>/dev/null || break
    sleep 1
  done
  if ! curl -sf -o /dev/null "http://127.0.0.1:$API_PORT/actuator/health/readiness"; then
    log "search-api did not become ready (see ${OUT#$ROOT/}/search-api.log)"
    row "search" "failed to start" "-" "-" "see target/bench/search-api.log"
    return
  fi
  API=http://127.0.0.1:$API_PORT

  # Cached: ten fixed windows, 1 day to 1 week; the identical bodies go to nginx.
  local windows=$OUT/windows.txt docroot=$OUT/nginx/docroot
  rm -rf "$OUT/nginx"; mkdir -p "$docroot/search"
  : > "$windows"
  for i in 0 1 2 3 4 5 6 7 8 9; do
    local a b
    a=$(date -u -d "2021-02-01 + $((i * 67)) days" +%Y-%m-%dT00:00:00Z)
    b=$(date -u -d "2021-02-01 + $((i * 67 + 1 + i % 7)) days" +%Y-%m-%dT00:00:00Z)
    echo "$a $b" >> "$windows"
    curl -sf -o "$docroot/search/$a--$b.json" "$API/search?starts_at=$a&ends_at=$b" \
      || log "could not fetch window $a $b"
  done
  local avg_kb
  avg_kb=$(du -b "$docroot"/search/*.json | awk '{ s += $1; n++ } END { if (n) printf "%.0f", s / n / 1024 }')
  for i in "$docroot"/search/*.json; do gzip -1 -k -f "$i"; done
  # The snapshot the API answers from (its health details): size, count, build time.
  local health snap_events snap_bytes snap_build
  health=$(curl -s "$API/actuator/health")
  snap_events=$(echo "$health" | sed -n 's/.*"searchSnapshot".*"events":\([0-9]*\).*/\1/p')
  snap_bytes=$(echo "$health" | sed -n 's/.*"searchSnapshot".*"bytes":\([0-9]*\).*/\1/p')
  snap_build=$(echo "$health" | sed -n 's/.*"searchSnapshot".*"lastBuildMillis":\([0-9]*\).*/\1/p')
  if [[ -n "$snap_events" ]]; then
    row "search snapshot, $snap_events plans" "$snap_bytes bytes ($(awk -v b="$snap_bytes" -v n="$snap_events" 'BEGIN { if (n > 0) printf "%.0f", b / n }') B/plan), built in ${snap_build} ms at start-up" \
      "≤ 200 B/plan" "$(ratio "$(awk -v b="$snap_bytes" -v n="$snap_events" 'BEGIN { if (n > 0) printf "%.1f", b / n }')" 200)" \
      "the API's /actuator/health searchSnapshot details (first build, cold JIT); ratio = bytes per plan / 200"
  else
    note "search-api does not answer from a snapshot: $(echo "$health" | sed -n 's/.*"searchSnapshot":\({[^}]*}\).*/\1/p')"
  fi

  local nginx_ok=0
  if command -v nginx >/dev/null; then
    NGINX_PORT=$(free_port "$NGINX_PORT")
    [[ $NGINX_PORT == "$API_PORT" ]] && NGINX_PORT=$(free_port $((API_PORT + 1)))
    mkdir -p "$OUT/nginx/tmp"
    {
      [[ $(id -u) == 0 ]] && echo "user root;"
      cat <<EOF
worker_processes auto;
daemon off;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  open_file_cache max=64 inactive=600s;
  open_file_cache_valid 600s;
  client_body_temp_path $OUT/nginx/tmp/body;
  proxy_temp_path $OUT/nginx/tmp/proxy;
  fastcgi_temp_path $OUT/nginx/tmp/fastcgi;
  uwsgi_temp_path $OUT/nginx/tmp/uwsgi;
  scgi_temp_path $OUT/nginx/tmp/scgi;
  types { application/json json; }
  default_type application/json;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $docroot;
    # gzip clients get the .json.gz copy (gzip -1 of the same bytes), as the API sends its cached gzip body
    gzip_static on;
    location = /search { try_files /search/\$arg_starts_at--\$arg_ends_at.json =404; }
  }
}
EOF
    } > "$OUT/nginx/nginx.conf"
    nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" >"$OUT/nginx/stdout.log" 2>&1 &
    PIDS+=("$!")
    for i in $(seq 1 20); do
      # answered by our nginx (Server header), not by whatever else might listen there
      curl -sf -D - -o /dev/null "http://127.0.0.1:$NGINX_PORT/search?starts_at=$(head -1 "$windows" | cut -d' ' -f1)&ends_at=$(head -1 "$windows" | cut -d' ' -f2)" \
        | grep -qi '^server: nginx' && { nginx_ok=1; break; }
      sleep 0.5
    done
    [[ $nginx_ok == 1 ]] || log "nginx did not answer (see ${OUT#$ROOT/}/nginx/error.log)"
  fi
  # the same bytes?
  if [[ $nginx_ok == 1 ]]; then
    local w1 w2
    read -r w1 w2 < <(head -1 "$windows")
    curl -s -o "$OUT/check-api.json" "$API/search?starts_at=$w1&ends_at=$w2"
    curl -s -o "$OUT/check-nginx.json" "http://127.0.0.1:$NGINX_PORT/search?starts_at=$w1&ends_at=$w2"
    cmp -s "$OUT/check-api.json" "$OUT/check-nginx.json" \
      || note "nginx and the API did not serve identical bytes for $w1..$w2 (target/bench/check-*.json)"
  fi

  local c0 c1 api_cpu nginx_cpu="?"
  log "wrk cached: API"
  wrk_run "$OUT/wrk-cached-warmup.txt" "$WARMUP" "$API" -- fixed "$windows"
  c0=$(cpu_ticks "$api_pid")
  wrk_run "$OUT/wrk-cached.txt" "$DURATION" "$API" -- fixed "$windows"
  c1=$(cpu_ticks "$api_pid")
  api_cpu=$(cpu_per_req "$c0" "$c1" "$OUT/wrk-cached.txt")
  local ceiling_cached="-" r_cached="-"
  if [[ $nginx_ok == 1 ]]; then
    log "wrk cached: nginx"
    local nginx_pids
    nginx_pids=$(cat "$OUT/nginx/nginx.pid" 2>/dev/null)
    nginx_pids="$nginx_pids $(pgrep -P "${nginx_pids:-0}" | tr '\n' ' ')"
    wrk_run "$OUT/wrk-nginx-warmup.txt" "$WARMUP" "http://127.0.0.1:$NGINX_PORT" -- fixed "$windows"
    c0=$(cpu_ticks $nginx_pids)
    wrk_run "$OUT/wrk-nginx.txt" "$DURATION" "http://127.0.0.1:$NGINX_PORT" -- fixed "$windows"
    c1=$(cpu_ticks $nginx_pids)
    nginx_cpu=$(cpu_per_req "$c0" "$c1" "$OUT/wrk-nginx.txt")
    ceiling_cached="$(summary_of "$OUT/wrk-nginx.txt"), $nginx_cpu ms CPU/req"
    r_cached=$(ratio "$(kv "$OUT/wrk-cached.txt" rps)" "$(kv "$OUT/wrk-nginx.txt" rps)")
  fi
  row "search cached: 10 fixed windows (1-7 days, avg ${avg_kb} KB)" "$(summary_of "$OUT/wrk-cached.txt"), $api_cpu ms CPU/req" \
    "nginx, same bodies: $ceiling_cached" "$r_cached" \
    "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, identical settings and windows; ratio = req/s ours/nginx (CPU/req: the server process's CPU time over the run / requests, less sensitive to other load; CPU ratio $(ratio "$api_cpu" "$nginx_cpu"))"

  log "wrk uncached: API, random windows"
  wrk_run "$OUT/wrk-uncached-warmup.txt" "$WARMUP" "$API" -- random $WIN_FROM $WIN_TO $WIN_MIN $WIN_MAX
  c0=$(cpu_ticks "$api_pid")
  wrk_run "$OUT/wrk-uncached.txt" "$DURATION" "$API" -- random $WIN_FROM $WIN_TO $WIN_MIN $WIN_MAX
  c1=$(cpu_ticks "$api_pid")
  api_cpu=$(cpu_per_req "$c0" "$c1" "$OUT/wrk-uncached.txt")
  local ceiling_uncached="-" r_uncached="-"
  if [[ -n "$PGB_RPS" ]]; then
    ceiling_uncached="pgbench: $(printf '%.0f' "$PGB_RPS") q/s, p50 ${PGB_P50} ms, p99 ${PGB_P99} ms, ${PGB_FAILED:-0} errors"
    r_uncached=$(ratio "$(kv "$OUT/wrk-uncached.txt" rps)" "$PGB_RPS")
  fi
  row "search uncached: a random window per request" "$(summary_of "$OUT/wrk-uncached.txt"), $api_cpu ms API CPU/req" "$ceiling_uncached" \
    "$r_uncached" "random start second in 2021-2022, 1 h to 2 days long (new cache key each request); pgbench runs the API's SQL with the same windows, -c $pg_clients -j $THREADS -T $DURATION -M prepared; ratio = req/s ours/pgbench"
  row "search random window vs cached window" "$(kv "$OUT/wrk-uncached.txt" rps | cut -d. -f1) req/s (avg $(awk -v b="$(kv "$OUT/wrk-uncached.txt" bytes)" -v r="$(kv "$OUT/wrk-uncached.txt" requests)" 'BEGIN { if (r > 0) printf "%.0f", b / r / 1024 }') KB)" \
    "$(kv "$OUT/wrk-cached.txt" rps | cut -d. -f1) req/s (avg ${avg_kb} KB)" "$(ratio "$(kv "$OUT/wrk-uncached.txt" rps)" "$(kv "$OUT/wrk-cached.txt" rps)")" \
    "the two rows above; ratio = random/cached req/s (both answered from the snapshot; bodies differ in size)"

  # Clients that accept gzip: the API sends the body compressed once per window and cached;
  # nginx sends the .json.gz copy of the same body (gzip_static).
  local gz_api_cpu
  log "wrk cached, gzip clients: API"
  WRK_HEADER="Accept-Encoding: gzip" wrk_run "$OUT/wrk-gzip-warmup.txt" "$WARMUP" "$API" -- fixed "$windows"
  c0=$(cpu_ticks "$api_pid")
  WRK_HEADER="Accept-Encoding: gzip" wrk_run "$OUT/wrk-gzip.txt" "$DURATION" "$API" -- fixed "$windows"
  c1=$(cpu_ticks "$api_pid")
  gz_api_cpu=$(cpu_per_req "$c0" "$c1" "$OUT/wrk-gzip.txt")
  local gz_ceiling="-" gz_ratio="-" gz_kb
  gz_kb=$(awk -v b="$(kv "$OUT/wrk-gzip.txt" bytes)" -v r="$(kv "$OUT/wrk-gzip.txt" requests)" 'BEGIN { if (r > 0) printf "%.0f", b / r / 1024 }')
  if [[ $nginx_ok == 1 ]]; then
    log "wrk cached, gzip clients: nginx"
    WRK_HEADER="Accept-Encoding: gzip" wrk_run "$OUT/wrk-nginx-gzip.txt" "$DURATION" "http://127.0.0.1:$NGINX_PORT" -- fixed "$windows"
    gz_ceiling="nginx gzip_static, same bodies: $(summary_of "$OUT/wrk-nginx-gzip.txt")"
    gz_ratio=$(ratio "$(kv "$OUT/wrk-gzip.txt" rps)" "$(kv "$OUT/wrk-nginx-gzip.txt" rps)")
  fi
  row "search cached, gzip clients (avg ${gz_kb} KB on the wire)" "$(summary_of "$OUT/wrk-gzip.txt"), $gz_api_cpu ms CPU/req" "$gz_ceiling" "$gz_ratio" \
    "wrk -H 'Accept-Encoding: gzip', the 10 fixed windows; the API compresses each window once (Deflater level 1) and keeps it in the response cache; ratio = req/s ours/nginx"
  log "wrk random windows, gzip clients: API"
  WRK_HEADER="Accept-Encoding: gzip" wrk_run "$OUT/wrk-gzip-random.txt" "$DURATION" "$API" -- random $WIN_FROM $WIN_TO $WIN_MIN $WIN_MAX
  row "search random windows, gzip clients" "$(summary_of "$OUT/wrk-gzip-random.txt")" "plain: $(kv "$OUT/wrk-uncached.txt" rps | cut -d. -f1) req/s" \
    "$(ratio "$(kv "$OUT/wrk-gzip-random.txt" rps)" "$(kv "$OUT/wrk-uncached.txt" rps)")" \
    "every request a new window, so each is compressed once (level 1) when first asked; ratio = req/s gzip/plain"

  # Fixed rate: FixedRateLoad.java, an open-loop generator (requests due at fixed intervals,
  # latency from when each was due), run on the API's JDK.
  local mode f rate budget
  for mode in cached uncached uncached-high; do
    f=$OUT/fixed-rate-$mode.txt
    rate=$RATE budget=$P99_BUDGET_MS
    [[ $mode == uncached-high ]] && rate=$RATE_HIGH budget=$P99_BUDGET_HIGH_MS
    log "fixed rate $mode at $rate req/s"
    if [[ $mode == cached ]]; then set -- fixed "$windows"; else set -- random $WIN_FROM $WIN_TO $WIN_MIN $WIN_MAX; fi
    timeout $((DURATION + 60)) "$API_JAVA" "$BENCH_SRC/FixedRateLoad.java" "$API" "$rate" \
      "$CONNECTIONS" "$DURATION" "$@" >"$f" 2>&1
    if grep -q '^BENCH ' "$f"; then
      row "search at a fixed $rate req/s, ${mode%-high} windows" \
        "p50 $(kv "$f" p50_ms) ms, p99 $(kv "$f" p99_ms) ms ($(kv "$f" rps | cut -d. -f1) req/s achieved, $(errors_of "$f") errors)" \
        "p99 ≤ ${budget} ms, $rate req/s" "$(ratio "$(kv "$f" p99_ms)" "$budget")" \
        "FixedRateLoad.java (open loop, 2 threads), $CONNECTIONS connections, $rate req/s due at fixed intervals for ${DURATION} s, latency from when each was due; ratio = p99/${budget} ms (below 1 keeps it); compare the achieved rate with $rate"
    else
      log "the fixed-rate load produced no result (see $f)"
    fi
  done
  local q
  q=$(curl -s "$API/actuator/metrics/hikaricp.connections.max" | sed -n 's/.*"value":\([0-9.]*\).*/\1/p')
  [[ -n "$q" ]] && note "search-api: $("$API_JAVA" -version 2>&1 | head -1 | tr -d '"'), Hikari pool of ${q%.*} connections; JVM flags \`${API_JAVA_OPTS:-(defaults)}\`."
  million_section
  cleanup
}

# The same API over a table of BENCH_MILLION plans: the 100k table plus plans in 2001-2020 (same
# titles and prices, copied), so that the random windows (2021-2022) return the same answers and
# only the table's size differs. Measures the snapshot's bytes per plan and its rebuild time (a
# data_version bump and NOTIFY, as an import sends), then the random-window rate again.
million_section() {
  (( MILLION > NPLANS )) || return 0
  local extra=$((MILLION - NPLANS)) t0 t1 version health i
  log "filling events to $MILLION plans ($extra copied into 2001-2020)"
  t0=$(now)
  psql_db -c "INSERT INTO events (id, provider, base_plan_id, plan_id, title, sell_mode, ever_online, starts_at, ends_at,
      min_price, max_price, zones, extra_attributes, content_hash, first_seen_at, last_seen_at, last_changed_at,
      last_job_execution_id)
    SELECT gen_random_uuid(), 'bench', 'm' || g.i, '1', e.title, 'online', true, s.t, s.t + (e.ends_at - e.starts_at),
      e.min_price, e.max_price, '[]', '{}', sha256(g.i::text::bytea), now(), now(), now(), 0
    FROM generate_series(1, $extra) g(i)
    JOIN (SELECT row_number() OVER () AS n, title, starts_at, ends_at, min_price, max_price FROM events) e
      ON e.n = 1 + g.i % $NPLANS
    CROSS JOIN LATERAL (SELECT timestamp '2001-01-01' + ((g.i::bigint * 7919) % (20 * 365 * 86400)) * interval '1 second' AS t) s" \
    >>"$LOG" 2>&1 || { log "could not fill the table to $MILLION plans"; return 0; }
  sql "VACUUM (ANALYZE) events" >/dev/null
  t1=$(now)
  log "  filled in $(secs "$t0" "$t1") s"
  version=$(sql "UPDATE data_version SET version = version + 1, changed_at = now() RETURNING version" | head -1)
  sql "SELECT pg_notify('plans_data_changed', '$version')" >/dev/null
  for i in $(seq 1 240); do
    health=$(curl -s "$API/actuator/health")
    [[ "$health" == *"\"dataVersion\":$version"* || "$health" == *'"mode":"database"'* ]] && break
    sleep 0.5
  done
  local events bytes build per
  events=$(echo "$health" | sed -n 's/.*"searchSnapshot".*"events":\([0-9]*\).*/\1/p')
  bytes=$(echo "$health" | sed -n 's/.*"searchSnapshot".*"bytes":\([0-9]*\).*/\1/p')
  build=$(echo "$health" | sed -n 's/.*"searchSnapshot".*"lastBuildMillis":\([0-9]*\).*/\1/p')
  if [[ "$health" != *"\"dataVersion\":$version"* || -z "$events" ]]; then
    row "search, $MILLION plans" "no snapshot of version $version" "-" "-" "$(echo "$health" | sed -n 's/.*"searchSnapshot":\({[^}]*}\).*/\1/p')"
    return 0
  fi
  per=$(awk -v b="$bytes" -v n="$events" 'BEGIN { printf "%.1f", b / n }')
  row "search snapshot, $events plans" "$bytes bytes (${per%.*} B/plan)" "≤ 200 B/plan" "$(ratio "$per" 200)" \
    "health details after a data_version bump + NOTIFY; ratio = bytes per plan / 200"
  row "search snapshot rebuild, $events plans" "$(awk -v m="$build" 'BEGIN { printf "%.2f", m / 1000 }') s" "≤ 3 s" \
    "$(ratio "$build" 3000)" "background rebuild (COPY ... TO STDOUT in index order, fragments rendered from the rows' bytes, swapped); requests kept being answered from the old snapshot meanwhile"
  log "wrk random windows over $events plans"
  wrk_run "$OUT/wrk-million-warmup.txt" "$WARMUP" "$API" -- random $WIN_FROM $WIN_TO $WIN_MIN $WIN_MAX
  wrk_run "$OUT/wrk-million.txt" "$DURATION" "$API" -- random $WIN_FROM $WIN_TO $WIN_MIN $WIN_MAX
  row "search random windows, $events plans" "$(summary_of "$OUT/wrk-million.txt")" \
    "$NPLANS plans: $(kv "$OUT/wrk-uncached.txt" rps | cut -d. -f1) req/s" \
    "$(ratio "$(kv "$OUT/wrk-million.txt" rps)" "$(kv "$OUT/wrk-uncached.txt" rps)")" \
    "same windows and answers as the random row above, 10x the table; ratio = req/s large/small (goal: within 20 %, i.e. ≥ 0.80)"
}
search_section

# Runtime: JDK 17 vs 25, platform vs virtual threads, access log and metrics on vs off (runtime-bench.sh).
# shellcheck source=runtime-bench.sh
source "$BENCH_SRC/runtime-bench.sh"
runtime_section

# ---------------------------------------------------------------------------------------------
# An import while the search API serves a load: no request may fail (the merge publishes the run
# in one transaction; readers never wait on it). The job's AtomicPublishTest proves no reader sees
# a mix of old and new rows.
# ---------------------------------------------------------------------------------------------
import_under_search_load() {
  [[ -n "$SEARCH_JAR" ]] && command -v wrk >/dev/null || { log "search during import skipped (no search-api.jar or wrk)"; return; }
  local port api_pid wrk_pid i f=$OUT/wrk-during-import.txt
  port=$(free_port "$API_PORT")
  SERVER_PORT=$port SERVER_ADDRESS=127.0.0.1 SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME="$PGUSER" \
    "$JAVA" $API_JAVA_OPTS -jar "$SEARCH_JAR" >"$OUT/search-api-during-import.log" 2>&1 &
  api_pid=$!
  PIDS+=("$api_pid")
  for i in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" && break
    kill -0 "$api_pid" 2>/dev/null || break
    sleep 1
  done
  if ! curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; then
    row "search during an import" "search-api did not start" "-" "-" "see target/bench/search-api-during-import.log"
    cleanup; return
  fi
  log "search load (wrk, random windows, 16 connections) during an import of the 1 %-changed feed"
  # Back to the original feed first (outside the measurement), so the measured import changes rows.
  run_job during-import-reset "$FEEDS/feed.xml" PLANS_IMPORT_SKIP_UNCHANGED=false
  wrk -t"$THREADS" -c16 -d600s --latency --timeout 10s -s "$BENCH_SRC/wrk-windows.lua" "http://127.0.0.1:$port" \
    -- random $WIN_FROM $WIN_TO $WIN_MIN $WIN_MAX >"$f" 2>&1 &
  wrk_pid=$!
  sleep 2
  run_job during-import "$FEEDS/feed-changed.xml"
  sleep 2
  kill -INT "$wrk_pid" 2>/dev/null; wait "$wrk_pid" 2>/dev/null
  if grep -q '^BENCH ' "$f"; then
    row "search during an import (1 % changed)" "$(summary_of "$f")" "0 errors" "-" \
      "wrk -c16 random windows (uncached, hits PostgreSQL) from 2 s before the import to 2 s after it; the import took ${JOB_WALL} s (exit $JOB_RC), ${JOB_WRITTEN} rows written, published in one transaction"
  else
    row "search during an import" "wrk produced no result" "-" "-" "see target/bench/wrk-during-import.txt"
  fi
  cleanup
}
import_under_search_load

# ---------------------------------------------------------------------------------------------
# Four providers: importAllProviders, partitions on local threads vs two remote workers over
# RabbitMQ (127.0.0.1:5672). Each provider serves a quarter-size feed (the same file: the provider is
# part of every plan's identity, so the four write distinct rows).
# ---------------------------------------------------------------------------------------------
providers_env() { # the four providers as environment assignments
  local i
  for i in 0 1 2 3; do
    printf 'PLANS_PROVIDERS_%s_NAME=bench%s PLANS_PROVIDERS_%s_URL=file://%s PLANS_PROVIDERS_%s_MAXSIZE=4GB PLANS_PROVIDERS_%s_DEADLINE=30m ' \
      "$i" "$i" "$i" "$FEEDS/feed-quarter.xml" "$i" "$i"
  done
}
providers_section() {
  local quarter=$(( BASE_PLANS / 4 )) penv local_wall local_rc remote_wall remote_rc workers=() w i
  if [[ $quarter -lt 1 ]]; then quarter=1; fi
  feed "$FEEDS/feed-quarter.xml" --base-plans "$quarter" --plans "$PLANS" --zones "$ZONES"
  local qplans=$(( quarter * PLANS * 4 ))
  read -r -a penv <<<"$(providers_env)"
  recreate_db
  run_job providers-local "$FEEDS/feed-quarter.xml" "${penv[@]}"
  local_wall=$JOB_WALL local_rc=$JOB_RC
  local local_rows
  local_rows=$(sql "SELECT count(*) FROM events" 2>/dev/null)
  if ! (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then
    row "4 providers, local partitions vs 2 remote workers" "local: ${local_wall} s (exit $local_rc, $local_rows rows)" \
      "remote: not measured" "-" "RabbitMQ does not answer on 127.0.0.1:5672"
    return
  fi
  recreate_db
  # Two workers (Flyway's lock lets them migrate the empty database one after the other), ready
  # before the manager starts.
  for w in 1 2; do
    env SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME="$PGUSER" PLANS_PARTITION_REMOTE=true \
      PLANS_PARTITION_QUEUE=plans.bench.partitions PLANS_IMPORT_STAGING_DIR="$OUT/staging-worker$w" "${penv[@]}" \
      "$JAVA" $JOB_JAVA_OPTS -jar "$OUT/batch-job.jar" --worker >"$OUT/providers-worker$w.log" 2>&1 &
    workers+=($!)
    PIDS+=($!)
  done
  for i in $(seq 1 120); do
    [[ $(cat "$OUT"/providers-worker*.log 2>/dev/null | grep -c "Partition worker listening") -ge 2 ]] && break
    sleep 0.5
  done
  run_job providers-remote "$FEEDS/feed-quarter.xml" "${penv[@]}" PLANS_PARTITION_REMOTE=true \
    PLANS_PARTITION_QUEUE=plans.bench.partitions PLANS_PARTITION_POLLINTERVAL=200ms
  remote_wall=$JOB_WALL remote_rc=$JOB_RC
  local remote_rows
  remote_rows=$(sql "SELECT count(*) FROM events" 2>/dev/null)
  kill "${workers[@]}" 2>/dev/null; wait "${workers[@]}" 2>/dev/null
  rm -rf "$OUT"/staging-worker*
  row "4 providers ($qplans plans in all), remote partitions on 2 workers vs local partitions" \
    "remote (manager + 2 worker JVMs, RabbitMQ): ${remote_wall} s, exit $remote_rc, $remote_rows rows" \
    "local (one JVM, 4 partition threads): ${local_wall} s, exit $local_rc, $local_rows rows" \
    "$(ratio "$remote_wall" "$local_wall")" \
    "importAllProviders, one partition per provider, each a quarter of the 100k feed; wall time of the manager's process (the workers were started and ready before); ratio = remote/local. On 2 cores the workers share the cores and PostgreSQL with the manager: this row shows the mechanism's overhead, not a scale-out gain"
}
providers_section

# ---------------------------------------------------------------------------------------------
# The large feed with the heap capped: peak RSS must stay flat.
# ---------------------------------------------------------------------------------------------
if [[ "$LARGE_BYTES" != 0 ]]; then
  feed "$FEEDS/feed-large.xml" --target-bytes "$LARGE_BYTES" --plans "$PLANS" --zones "$ZONES"
  LARGE_PLANS=$(sed -n 's/.*[ ]plans=\([0-9]*\).*/\1/p' "$FEEDS/feed-large.xml.stats")
  LARGE_MB=$(awk -v b="$(stat -c %s "$FEEDS/feed-large.xml")" 'BEGIN { printf "%.0f", b / 1048576 }')
  recreate_db
  run_job large "$FEEDS/feed-large.xml"
  if [[ $JOB_RC == 0 ]]; then
    row "~1 GB feed ($LARGE_PLANS plans, $LARGE_MB MB): peak RSS" "${JOB_RSS_MB} MB" "${FIRST_RSS} MB (the ${FEED_MB} MB feed)" \
      "$(ratio "$JOB_RSS_MB" "$FIRST_RSS")" "same JVM flags \`$JOB_JAVA_OPTS\`; flat memory means a ratio near 1"
    row "~1 GB feed: wall time, plans/s" "${JOB_WALL} s, $(rate "$LARGE_PLANS" "$JOB_WALL") plans/s (step ${JOB_STEP} s)" \
      "${FIRST_WALL} s, $(rate "$NPLANS" "$FIRST_WALL") plans/s (the ${FEED_MB} MB feed)" \
      "$(ratio "$(rate "$LARGE_PLANS" "$JOB_WALL")" "$(rate "$NPLANS" "$FIRST_WALL")")" \
      "into an empty database; ratio = plans/s large/100k (throughput should not degrade with size)"
  else
    row "~1 GB feed" "failed (exit $JOB_RC)" "-" "-" "see target/bench/large.log"
  fi
  rm -rf "$OUT/staging"
else
  log "large feed skipped (quick mode or BENCH_LARGE_BYTES=0)"
fi

finish 0
