#!/usr/bin/env bash
# The long form of our fuzzer (HostileRequestsTest): hostile requests over raw sockets to every route,
# the live-socket and observe paths, and broken HTTP framing, against a real server on a fresh database.
# Prints the figures (requests, time, count by status, SEVERE records) and fails on any 5xx or SEVERE line.
#   bench/fuzz.sh                 # 30,000 requests
#   COUNT=100000 SEED=42 bench/fuzz.sh
#   NUL=true bench/fuzz.sh        # also NUL characters in stored text
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
COUNT="${COUNT:-30000}"
THREADS="${THREADS:-8}"
args=(-o verify -pl ordersync-server -am -Dspotbugs.skip -Djacoco.skip
  -Dtest=HostileRequestsTest -Dsurefire.failIfNoSpecifiedTests=false
  -Dfuzz.count="$COUNT" -Dfuzz.threads="$THREADS" -Dfuzz.nul="${NUL:-false}")
if [[ -n "${SEED:-}" ]]; then args+=(-Dfuzz.seed="$SEED"); fi
log="$(mktemp -t ordersync-fuzz.XXXXXX.log)"
status=0
mvn "${args[@]}" >"$log" 2>&1 || status=$?
grep -E '^(fuzz:|framing cases:)' "$log" || true
if [[ $status -ne 0 ]]; then
  grep -E 'seed [0-9]+:|SEVERE records:|5xx seen' "$log" | head -40 || true
  echo "fuzz: FAILED (full log: $log)"
  exit "$status"
fi
echo "fuzz: no 5xx, no SEVERE (full log: $log)"
