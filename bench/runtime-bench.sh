#!/usr/bin/env bash
# make bench, runtime section: the same search-api jar on the same data and windows, only the runtime
# or the logging/metrics settings changed. Sourced by bench.sh (after its search section), or run
# alone against a database the import filled:
#
#   BENCH_DB=plans_makebench_x bench/runtime-bench.sh   (after a make bench BENCH_KEEP_DB=1)
#
# Method (the machine is shared and noisy, and JIT warm-up differs between runtimes): every variant is
# its own JVM, all started at once; each gets the same warm-up under load, then the variants are
# measured in turns (A B C ... A B C ...) of RUNTIME_SLICE seconds, RUNTIME_ROUNDS times; a variant's
# figure is the median of its turns, so a burst of load from elsewhere hits every variant alike.
# Rows: JDK 17 vs JDK 25 platform threads vs JDK 25 virtual threads (the shipped settings), and the
# shipped access log + http.server.requests metric vs both off (goal: >= 0.95), and the
# every-request access log for reference.
#
# Settings: RUNTIME_JAVA17, RUNTIME_JAVA25 (found in /usr/lib/jvm when unset), RUNTIME_ROUNDS (3),
# RUNTIME_SLICE (seconds per turn), RUNTIME_WARMUP (seconds of load per JVM before the turns),
# RUNTIME_VARIANTS (names to run, default all).

runtime_find_java() { # runtime_find_java MAJOR: a java binary of that feature version, or nothing
  local major=$1 j v
  for j in /usr/lib/jvm/*/bin/java "$(command -v java 2>/dev/null)"; do
    [[ -x "$j" ]] || continue
    v=$("$j" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    [[ "$v" == "$major" ]] && { echo "$j"; return 0; }
  done
  return 1
}

runtime_section() {
  local java17 java25 rounds slice warm lean obs_off log_all
  java17=${RUNTIME_JAVA17:-$(runtime_find_java 17)}
  java25=${RUNTIME_JAVA25:-$(runtime_find_java 25)}
  rounds=${RUNTIME_ROUNDS:-$([[ $QUICK == 1 ]] && echo 2 || echo 3)}
  slice=${RUNTIME_SLICE:-$([[ $QUICK == 1 ]] && echo 5 || echo 10)}
  # Longer than the other sections' warm-up: with platform threads the JIT needs ~40 s here.
  warm=${RUNTIME_WARMUP:-$([[ $QUICK == 1 ]] && echo 10 || echo 30)}
  if [[ -z "$SEARCH_JAR" ]] || ! command -v wrk >/dev/null; then
    row "runtime" "skipped" "-" "-" "search-api.jar or wrk missing"; return
  fi
  if [[ -z "$java25" ]]; then
    row "runtime" "skipped" "-" "-" "no JDK 25 found (RUNTIME_JAVA25)"; return
  fi
  # Both off: no access line at all, and http.server.requests neither recorded by the filter's
  # timer (denied: a no-op meter) nor observed by Spring.
  lean="-Dlogging.level.plans.search.access=OFF -Dmanagement.metrics.enable.http.server.requests=false -Dmanagement.observations.enable.http.server.requests=false"
  log_all="-Dlogging.level.plans.search.access=INFO"
  # name|java|JVM options and system properties (on top of the jar's application.yml)
  local all=(
    "jdk25-virtual|$java25|"
    "jdk25-platform|$java25|-Dspring.threads.virtual.enabled=false"
    "jdk25-virtual-lean|$java25|$lean"
    "jdk25-virtual-logall|$java25|$log_all"
  )
  [[ -n "$java17" ]] && all+=("jdk17|$java17|")
  # More variants to compare, ';'-separated name|java|options[|another jar], e.g.
  # RUNTIME_EXTRA="jdk17-t8|/usr/bin/java|-Dserver.tomcat.threads.max=8"
  local extra
  IFS=';' read -r -a extra <<<"${RUNTIME_EXTRA:-}"
  local variants=() v
  for v in "${all[@]}"; do
    if [[ -z "${RUNTIME_VARIANTS:-}" || " $RUNTIME_VARIANTS " == *" ${v%%|*} "* ]]; then variants+=("$v"); fi
  done
  for v in "${extra[@]}"; do [[ -n "$v" ]] && variants+=("$v"); done
  # The windows: the search section's ten cached windows, or ten of our own.
  local windows=$OUT/windows.txt i
  if [[ ! -s "$windows" ]]; then
    : > "$windows"
    for i in 0 1 2 3 4 5 6 7 8 9; do
      echo "$(date -u -d "2021-02-01 + $((i * 67)) days" +%Y-%m-%dT00:00:00Z) $(date -u -d "2021-02-01 + $((i * 67 + 1 + i % 7)) days" +%Y-%m-%dT00:00:00Z)" >> "$windows"
    done
  fi

  local rdir=$OUT/runtime port=$((API_PORT + 10)) name java opts pid
  rm -rf "$rdir"; mkdir -p "$rdir"
  declare -A R_PORT R_PID
  local jar
  for v in "${variants[@]}"; do
    IFS='|' read -r name java opts jar <<<"$v"
    port=$(free_port $((port + 1)))
    log "runtime: starting $name on :$port ($("$java" -version 2>&1 | head -1 | tr -d '"'); ${opts:-shipped settings}${jar:+; $jar})"
    # shellcheck disable=SC2086 # opts holds several options
    SERVER_PORT=$port SERVER_ADDRESS=127.0.0.1 SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME="$PGUSER" \
      "$java" $API_JAVA_OPTS $opts -jar "${jar:-$SEARCH_JAR}" >"$rdir/$name.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    R_PORT[$name]=$port R_PID[$name]=$pid
  done
  for v in "${variants[@]}"; do
    name=${v%%|*}
    for i in $(seq 1 120); do
      curl -sf -o /dev/null "http://127.0.0.1:${R_PORT[$name]}/actuator/health/readiness" && break
      sleep 1
    done
  done
  # The first seconds after start, one variant at a time: how fast each runtime gets its JIT going.
  for v in "${variants[@]}"; do
    name=${v%%|*}
    log "runtime: $name, warm-up ${warm} s"
    wrk_run "$rdir/$name-warmup.txt" "$warm" "http://127.0.0.1:${R_PORT[$name]}" -- fixed "$windows"
  done
  local r c0 c1
  for r in $(seq 1 "$rounds"); do
    for v in "${variants[@]}"; do
      name=${v%%|*}
      c0=$(cpu_ticks "${R_PID[$name]}")
      wrk_run "$rdir/$name-$r.txt" "$slice" "http://127.0.0.1:${R_PORT[$name]}" -- fixed "$windows"
      c1=$(cpu_ticks "${R_PID[$name]}")
      echo "cpu_ms_per_req=$(cpu_per_req "$c0" "$c1" "$rdir/$name-$r.txt")" >> "$rdir/$name-$r.txt"
      log "runtime: $name turn $r: $(summary_of "$rdir/$name-$r.txt")"
    done
  done
  for pid in "${R_PID[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done

  # median of the turns: req/s, p99, CPU per request
  runtime_median() { # runtime_median NAME KEY
    local f
    for f in "$rdir/$1"-[0-9]*.txt; do sed -n "s/.*[ ]$2=\([^ ]*\).*/\1/p; s/^$2=\([^ ]*\).*/\1/p" "$f" | tail -1; done \
      | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
  }
  runtime_fig() { # runtime_fig NAME: "X req/s, p99 Y ms, Z ms CPU/req, N errors"
    local errs=0 f
    for f in "$rdir/$1"-[0-9]*.txt; do errs=$((errs + $(errors_of "$f"))); done
    printf '%.0f req/s, p99 %.1f ms, %s ms CPU/req, %s errors' "$(runtime_median "$1" rps)" "$(runtime_median "$1" p99_ms)" \
      "$(runtime_median "$1" cpu_ms_per_req)" "$errs"
  }
  runtime_has() { [[ -n "${R_PORT[$1]:-}" ]]; }
  local how="same jar, data and windows; wrk -t$THREADS -c$CONNECTIONS; each JVM warmed ${warm} s, then measured in turns of ${slice} s x $rounds (median)"
  if runtime_has jdk25-virtual; then
    local vt_rps warm_vt
    vt_rps=$(runtime_median jdk25-virtual rps)
    warm_vt=$(kv "$rdir/jdk25-virtual-warmup.txt" rps | cut -d. -f1)
    row "runtime: JDK 25, virtual threads (shipped)" "$(runtime_fig jdk25-virtual)" "-" "-" \
      "$how; first ${warm} s after start: ${warm_vt:-?} req/s"
    if runtime_has jdk25-platform; then
      row "runtime: JDK 25, virtual threads off (Reactor Netty event loops; the database path on Reactor's bounded elastic pool)" "$(runtime_fig jdk25-platform)" "virtual threads: $(printf '%.0f' "$vt_rps") req/s" \
        "$(ratio "$(runtime_median jdk25-platform rps)" "$vt_rps")" \
        "spring.threads.virtual.enabled=false; first ${warm} s after start: $(kv "$rdir/jdk25-platform-warmup.txt" rps | cut -d. -f1) req/s (the snapshot path runs on the event loops either way)"
    fi
    if runtime_has jdk17; then
      row "runtime: JDK 17 (no virtual threads: bounded elastic pool for the database path)" "$(runtime_fig jdk17)" "JDK 25 virtual threads: $(printf '%.0f' "$vt_rps") req/s" \
        "$(ratio "$(runtime_median jdk17 rps)" "$vt_rps")" \
        "$("$java17" -version 2>&1 | head -1 | tr -d '"'); first ${warm} s after start: $(kv "$rdir/jdk17-warmup.txt" rps | cut -d. -f1) req/s"
    fi
    local e
    for e in "${extra[@]}"; do
      [[ -n "$e" ]] || continue
      row "runtime: ${e%%|*}" "$(runtime_fig "${e%%|*}")" "JDK 25 virtual threads: $(printf '%.0f' "$vt_rps") req/s" \
        "$(ratio "$(runtime_median "${e%%|*}" rps)" "$vt_rps")" "${e#*|}; first ${warm} s after start: $(kv "$rdir/${e%%|*}-warmup.txt" rps | cut -d. -f1) req/s"
    done
    if runtime_has jdk25-virtual-lean; then
      row "access log + http.server.requests as shipped vs both off" "$(runtime_fig jdk25-virtual)" "$(runtime_fig jdk25-virtual-lean)" \
        "$(ratio "$vt_rps" "$(runtime_median jdk25-virtual-lean rps)")" \
        "JDK 25 virtual threads; shipped: 5xx and slow requests logged, http.server.requests timer with 9 SLO buckets; off: access logger OFF, the timer denied; goal ratio >= 0.95"
    fi
    if runtime_has jdk25-virtual-logall && runtime_has jdk25-virtual-lean; then
      row "access log of every request (INFO) vs both off" "$(runtime_fig jdk25-virtual-logall)" "$(runtime_fig jdk25-virtual-lean)" \
        "$(ratio "$(runtime_median jdk25-virtual-logall rps)" "$(runtime_median jdk25-virtual-lean rps)")" \
        "LOGGING_LEVEL_PLANS_SEARCH_ACCESS=INFO: a line per request through the asynchronous appender (log to a file)"
    fi
  fi
}

# Alone: the database and jar of a previous make bench (BENCH_KEEP_DB=1), a minimal harness.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -uo pipefail
  ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  BENCH_SRC=$ROOT/bench
  OUT=${BENCH_OUT:-$ROOT/target/bench}
  QUICK=${QUICK:-0} THREADS=${BENCH_THREADS:-2} CONNECTIONS=${BENCH_CONNECTIONS:-64}
  WARMUP=${BENCH_WARMUP:-15} API_PORT=${BENCH_API_PORT:-18480} API_JAVA_OPTS=${API_JAVA_OPTS:-}
  PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
  JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/${BENCH_DB:?BENCH_DB: the database a make bench filled}"
  SEARCH_JAR=$OUT/runtime-search-api.jar
  mkdir -p "$OUT" && cp "$ROOT/search-api/target/search-api.jar" "$SEARCH_JAR"
  PIDS=()
  trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done' EXIT
  log() { printf '[runtime %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
  row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
  kv() { sed -n "s/.*[ ]$2=\([^ ]*\).*/\1/p" "$1" | tail -1; }
  free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
  errors_of() { awk '/^BENCH / { e = 0; for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] ~ /^(err_|errors|non2xx)/) e += kv[2] } print e }' "$1" | tail -1; }
  summary_of() { printf '%s req/s, p99 %s ms' "$(kv "$1" rps | cut -d. -f1)" "$(kv "$1" p99_ms)"; }
  CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
  cpu_ticks() { local p; for p in "$@"; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }'; }
  cpu_per_req() { awk -v a="$1" -v b="$2" -v r="$(kv "$3" requests)" -v hz="$CLK_TCK" 'BEGIN { if (r > 0) printf "%.3f", (b - a) * 1000 / hz / r; else print "?" }'; }
  wrk_run() { local file=$1 seconds=$2 url=$3; shift 3
    timeout $((seconds + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency --timeout 10s \
      -s "$BENCH_SRC/wrk-windows.lua" "$url" "$@" >"$file" 2>&1; }
  echo "| measure | ours | ceiling | ratio | how |"
  echo "|---|---|---|---|---|"
  runtime_section
fi
