#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# How long a worker takes from process start to polling and to a loaded engine, for each way of running it,
# interleaved (A/B) against one local stack of emulators:
#   fat      java -jar cli/target/elasticface.jar worker            (what bin/elasticface ran before)
#   ext      the extracted jar (java -Djarmode=tools ... extract)    (what the AMI and the local mode run)
#   ext+cds  the extracted jar with a CDS archive from a training run (Java 17+; the AMI bakes one)
#   c1       ext+cds with the quick compiler only (-XX:TieredStopAtLevel=1): quicker to start, slower when warm; on
#            one thread (-XX:CICompilerCount=1) on two cores or fewer, as local workers and EC2's unit run
#   c1-2jit  c1 with the JVM's own count of compiler threads (two on two cores)
#   c1-noaot c1 without the code Spring AOT generated at build time (-Dspring.aot.enabled=false): Spring reads
#            and evaluates the configuration classes at start, as before
#   aot25    the extracted jar on Java 25 with its AOT cache (JEP 483/514/515) from a training run
#   aot25c1  aot25 with the quick compiler only, as a local worker on Java 25 runs
#   old      OLD_CLI_JAR, an earlier build, extracted and with CDS, for before/after (with --old-opts' JVM
#            options, e.g. --old-opts -XX:TieredStopAtLevel=1 to compare with c1)
#
#   bench/worker-startup.sh [--rounds N] [--java25 JAVA_HOME] [--old OLD_CLI_JAR [--old-opts 'OPTIONS']]
#
# Each run prints when the worker polled ("Worker polling N s after...", or Spring's "process running for" in
# builds without that line) and when its engine was ready; "useful" is the later of the two, the moment it
# can answer. Run ./mvnw -B package -DskipTests first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3
java25=
old=
old_opts=()
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --java25) java25=$2; shift 2 ;;
    --old) old=$2; shift 2 ;;
    --old-opts) read -r -a old_opts <<<"$2"; shift 2 ;;
    *) echo "usage: bench/worker-startup.sh [--rounds N] [--java25 JAVA_HOME] [--old OLD_CLI_JAR [--old-opts 'OPTIONS']]" >&2
       exit 2 ;;
  esac
done
jar="$root/cli/target/elasticface.jar"
[ -f "$jar" ] || { echo "worker-startup: no $jar; run ./mvnw -B package -DskipTests first" >&2; exit 2; }
work="$(mktemp -d)"
stack=
trap '[ -n "$stack" ] && kill "$stack" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT

# shellcheck source=lib.sh
. "$root/bench/lib.sh"
start_emulators "$jar" 8199 "$work"
stack=$emulators_pid
args=(worker --elasticface.aws.s3-endpoint="$s3" --elasticface.aws.sqs-endpoint="$sqs"
      --elasticface.results.store=directory --elasticface.results.directory="$work/results" --server.port=0)
opts=(-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Xmx384m)
export MALLOC_ARENA_MAX=2

# Starts a worker, waits until it polls and its engine is ready, stops it; prints "polling engine useful".
run() {
  local log="$work/run.log" pid polled engine
  "$@" "${args[@]}" >"$log" 2>&1 &
  pid=$!
  until grep -q "process running for" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "worker-startup: a worker exited early:" >&2; tail -20 "$log" >&2; return 1; fi
    sleep 0.05
  done
  sleep 0.5 # builds with the parallel load report both stages right after Spring's line
  if grep -q "Worker polling" "$log"; then
    until grep -q "Face engine ready" "$log"; do sleep 0.05; done
    polled=$(grep -o "Worker polling [0-9.]*" "$log" | awk '{print $3}' | head -1)
    engine=$(grep -o "Face engine ready [0-9.]*" "$log" | awk '{print $4}' | head -1)
  else # earlier builds loaded the engine before Spring reported the start
    polled=$(grep -o "process running for [0-9.]*" "$log" | awk '{print $4}' | head -1)
    engine=$polled
  fi
  kill -KILL "$pid"; wait "$pid" 2>/dev/null || true # not a graceful stop: that waits for the last long poll (20 s)
  awk -v p="$polled" -v e="$engine" 'BEGIN { printf "%7.2f %7.2f %7.2f\n", p, e, (p > e ? p : e) }'
}

# A training run: the worker until its engine is ready, then a normal exit, which writes the archive.
train() {
  local log="$work/train.log" pid
  "$@" "${args[@]}" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1200); do
    grep -q "Face engine ready\|process running for" "$log" && break
    sleep 0.1
  done
  sleep 1
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

extract() { # JAR DIR
  java -Djarmode=tools -jar "$1" extract --destination "$2" >/dev/null
}

extract "$jar" "$work/ext"
train java "${opts[@]}" -XX:ArchiveClassesAtExit="$work/ext/app.jsa" -jar "$work/ext/elasticface.jar"
# its own archive: a regular start loads classes (ASM's readers, the condition evaluator) an AOT one does not
train java "${opts[@]}" -XX:ArchiveClassesAtExit="$work/ext/noaot.jsa" -Dspring.aot.enabled=false \
  -jar "$work/ext/elasticface.jar"
sides=(fat ext ext+cds c1 c1-2jit c1-noaot)
one_jit=() # as LocalProcessFleet.quickJit
if [ "$(nproc)" -le 2 ]; then one_jit=(-XX:CICompilerCount=1); fi
if [ -n "$java25" ]; then
  train "$java25/bin/java" "${opts[@]}" -XX:AOTCacheOutput="$work/ext/app.aot" -jar "$work/ext/elasticface.jar"
  sides+=(aot25 aot25c1)
fi
if [ -n "$old" ]; then
  extract "$old" "$work/old"
  old_thin="$work/old/$(basename "$old")" # the thin jar is named after the one extracted
  train java "${opts[@]}" -XX:ArchiveClassesAtExit="$work/old/app.jsa" -jar "$old_thin"
  sides+=(old)
fi

printf '%-8s %5s %7s %7s %7s\n' how round polling engine useful
for round in $(seq "$rounds"); do
  for side in "${sides[@]}"; do
    case $side in
      fat) cmd=(java "${opts[@]}" -jar "$jar") ;;
      ext) cmd=(java "${opts[@]}" -jar "$work/ext/elasticface.jar") ;;
      ext+cds) cmd=(java "${opts[@]}" -XX:SharedArchiveFile="$work/ext/app.jsa" -jar "$work/ext/elasticface.jar") ;;
      c1) cmd=(java "${opts[@]}" -XX:SharedArchiveFile="$work/ext/app.jsa" -XX:TieredStopAtLevel=1 "${one_jit[@]}"
               -jar "$work/ext/elasticface.jar") ;;
      c1-2jit) cmd=(java "${opts[@]}" -XX:SharedArchiveFile="$work/ext/app.jsa" -XX:TieredStopAtLevel=1
                    -jar "$work/ext/elasticface.jar") ;;
      c1-noaot) cmd=(java "${opts[@]}" -XX:SharedArchiveFile="$work/ext/noaot.jsa" -XX:TieredStopAtLevel=1 "${one_jit[@]}"
                     -Dspring.aot.enabled=false -jar "$work/ext/elasticface.jar") ;;
      aot25) cmd=("$java25/bin/java" "${opts[@]}" -XX:AOTCache="$work/ext/app.aot" -jar "$work/ext/elasticface.jar") ;;
      aot25c1) cmd=("$java25/bin/java" "${opts[@]}" -XX:AOTCache="$work/ext/app.aot" -XX:TieredStopAtLevel=1 "${one_jit[@]}"
                    -jar "$work/ext/elasticface.jar") ;;
      old) cmd=(java "${opts[@]}" -XX:SharedArchiveFile="$work/old/app.jsa" "${old_opts[@]}" -jar "$old_thin") ;;
    esac
    printf '%-8s %5s %s\n' "$side" "$round" "$(run "${cmd[@]}")"
  done
done
