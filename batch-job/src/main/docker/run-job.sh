#!/bin/sh
# The image's entry point: starts the job with the JDK's ahead-of-time cache (JDK 24+, JEP 483 and
# JEP 515: classes loaded and linked, method profiles), kept on the staging volume: the Spring context
# is up 1.7-2.0 s after the JVM starts instead of 3.2-3.5 s (make bench, 2026-11-28: the "no AOT
# cache" rows beside the others).
#
# Nothing binary is built into the image or committed: a cache is made from this image's own runs.
#  1. No cache yet: a one-shot run records its training data (-XX:AOTMode=record, written as the JVM
#     exits; that run needs more memory, about 480 MB RSS on the 100k feed: within the 768Mi limit).
#  2. The next run first assembles the cache from it (-XX:AOTMode=create, a few seconds, once),
#     then runs with it, like every later run.
# The cache's name carries a key of this JDK and these jars, so a new image trains its own and the
# old one's files are removed. PLANS_AOT=off runs without any of this. Any failure here only costs
# the saving: the job itself always runs.
#
# Arguments are the job's own (--schedule, --restart, ...). `exec` keeps java as PID 1, so SIGTERM
# reaches it directly and its exit code is the container's.
set -u
java=${JAVA:-java}
# The JVM's own AOT messages at error level only: a record run warns about every class it cannot
# archive, which is expected and would break the one-JSON-object-per-line logs; a cache the JVM
# refuses is still reported.
log=-Xlog:aot*=error
dir=${PLANS_AOT_DIR:-/var/lib/plans/staging}
jar=batch-job.jar

# The JDK's home: JAVA_HOME (the image sets it), else the one $java belongs to.
home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v "$java")" 2>/dev/null || echo /nonexistent/bin/java)")")}
# The cache needs JDK 24 or later (read from the JDK's release file).
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
if [ "${PLANS_AOT:-on}" = off ] || [ "${major:-0}" -lt 24 ] || ! [ -d "$dir" ] || ! [ -w "$dir" ]; then
	exec "$java" -jar "$jar" "$@"
fi
# The key: the JDK's release file and the jars' names, sizes and dates (no JVM started for it).
key=$( { cat "$home/release" 2>/dev/null; ls -ln "$jar" lib 2>/dev/null; } | cksum | cut -d' ' -f1)
cache=$dir/batch-job-$key.aot
config=$dir/batch-job-$key.aotconf

if [ -f "$cache" ]; then
	exec "$java" "$log" -XX:AOTCache="$cache" -jar "$jar" "$@"
fi
for f in "$dir"/batch-job-*.aot "$dir"/batch-job-*.aotconf "$dir"/batch-job-*.aot.tmp; do
	case $f in
		"$cache" | "$config") ;;
		*) rm -f "$f" ;;
	esac
done
if [ -f "$config" ]; then
	trap 'exit 143' TERM INT
	echo "run-job: assembling the AOT cache $cache from the last run's training data" >&2
	if "$java" -XX:AOTMode=create -XX:AOTConfiguration="$config" -XX:AOTCache="$cache.tmp" -jar "$jar" >/dev/null 2>&1; then
		mv -f "$cache.tmp" "$cache"
	else
		echo "run-job: could not assemble the AOT cache; running without it" >&2
		rm -f "$cache.tmp"
	fi
	rm -f "$config"
	trap - TERM INT
	if [ -f "$cache" ]; then
		exec "$java" "$log" -XX:AOTCache="$cache" -jar "$jar" "$@"
	fi
	exec "$java" -jar "$jar" "$@"
fi
# Only one-shot runs record: a long-running process (--schedule, --worker) would keep the recording's
# extra memory for its whole life. It uses a cache the one-shot runs made.
for arg in "$@"; do
	case $arg in
		--schedule | --schedule=* | --worker | --worker=*) exec "$java" -jar "$jar" "$@" ;;
	esac
done
exec "$java" "$log" -XX:AOTMode=record -XX:AOTConfiguration="$config" -jar "$jar" "$@"
