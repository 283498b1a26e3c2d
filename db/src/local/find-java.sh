#!/bin/sh
# Prints the java command `make run`, `make demo` (and the other make targets) use: a JDK 21 or
# newer when this machine has one (the search API on virtual threads: a third more throughput and
# half the p99 of JDK 17 here, README "Runtime"), else the best java 17+ found, with a one-line
# notice on stderr. POSIX sh: runs under dash, bash --posix and macOS's bash 3.2.
#
# Looked at in this order, the first JDK >= 21 wins: $JAVA_HOME, the `java` on the PATH,
# macOS's `/usr/libexec/java_home -v 21+`, then the newest of /usr/lib/jvm/* (Debian, Ubuntu,
# Fedora), /Library/Java/JavaVirtualMachines/*/Contents/Home (macOS), ~/.sdkman/candidates/java/*
# (PLANS_JDK_GLOBS replaces that list).
# Set JAVA=/path/to/java to choose yourself.
set -eu

min=21

# java_major JAVA_BINARY: the feature version (8, 17, 21, 25...), from the JDK's release file
# when it has one (no JVM start), else from `java -version`.
java_major() {
  jm_home=$(dirname "$(dirname "$1")")
  if [ -f "$jm_home/release" ]; then
    jm_version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$jm_home/release")
  else
    jm_version=$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case $jm_version in
    1.*) jm_version=${jm_version#1.} ;;
  esac
  jm_major=${jm_version%%[!0-9]*}
  echo "${jm_major:-0}"
}

best=
best_major=0
consider() { # consider JAVA_BINARY: remember it when it is newer than the best so far
  [ -x "$1" ] || return 0
  c_major=$(java_major "$1")
  if [ "$c_major" -gt "$best_major" ]; then
    best=$1
    best_major=$c_major
  fi
}
done_if_good() { # print the best and exit when it is >= min
  if [ "$best_major" -ge "$min" ]; then
    echo "$best"
    exit 0
  fi
}

if [ -n "${JAVA_HOME:-}" ]; then consider "$JAVA_HOME/bin/java"; done_if_good; fi
path_java=$(command -v java 2>/dev/null || true)
if [ -n "$path_java" ]; then
  # Through symlinks (/usr/bin/java -> /etc/alternatives/java -> the JDK) to find its release file.
  resolved=$path_java
  while [ -L "$resolved" ]; do
    link=$(readlink "$resolved")
    case $link in
      /*) resolved=$link ;;
      *) resolved=$(dirname "$resolved")/$link ;;
    esac
  done
  consider "$resolved"
  done_if_good
fi
if [ -x /usr/libexec/java_home ]; then
  mac_home=$(/usr/libexec/java_home -v "$min+" 2>/dev/null || true)
  if [ -n "$mac_home" ]; then consider "$mac_home/bin/java"; done_if_good; fi
fi
# PLANS_JDK_GLOBS: where installed JDKs are (patterns of java binaries, expanded here).
globs=${PLANS_JDK_GLOBS:-"/usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java ${HOME:-/nonexistent}/.sdkman/candidates/java/*/bin/java"}
for candidate in $globs; do
  consider "$candidate"
done
done_if_good

if [ "$best_major" -ge 17 ]; then
  echo "Note: no JDK $min+ found (JAVA_HOME, PATH, /usr/lib/jvm, java_home): running on Java $best_major with platform threads; on a JDK 21+ the search API uses virtual threads and is about a third faster (README: Runtime)." >&2
  echo "$best"
  exit 0
fi
echo "No Java 17 or newer found: install a JDK (Temurin 25 recommended) or set JAVA_HOME." >&2
exit 1
