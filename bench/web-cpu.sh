#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The web tier's CPU per request, warm (#16 item 6): one web-tier process against a local stack of emulators and
# one placeholder worker process (it answers without the model, so the worker is never the bottleneck), the course
# photos posted to POST / (--concurrency at once). After a warm-up, the web process's CPU time (user + system, from
# /proc/PID/stat) over --requests requests, divided by them; with --windows K, K such windows one after the other
# (how the cost falls as the JIT compiles: the "served" column counts the requests up to each window's end). The
# compiler threads' and the GC threads' share of it are printed beside it. A/B: each RUN is NAME=JAR, and
# --rounds N runs them interleaved, a fresh process each time.
#
#   bench/web-cpu.sh [--warmup N] [--requests N] [--windows K] [--concurrency N] [--rounds N] [NAME=JAR...]
#
# WEB_JAVA_OPTS adds JVM options to the web tiers (e.g. -XX:StartFlightRecording=filename=web.jfr).
# Default RUN: new=web-tier/target/elasticface-web-exec.jar (build first: ./mvnw -B package -DskipTests).
# Reads the course photos from $DATASETS/cse546-faces-enroll (default ../shared/datasets).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
warmup=3000 requests=3000 windows=1 concurrency=8 rounds=1
usage() { echo "usage: bench/web-cpu.sh [--warmup N] [--requests N] [--windows K] [--concurrency N] [--rounds N] [NAME=JAR...]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --warmup) warmup=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --windows) windows=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *=*) break ;;
    *) usage ;;
  esac
done
runs=("$@")
if [ ${#runs[@]} -eq 0 ]; then runs=("new=$root/web-tier/target/elasticface-web-exec.jar"); fi
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
photos=$(course_photos web-cpu)
cli="$root/cli/target/elasticface.jar"
processes web-cpu

start_emulators "$cli" 8299 "$work"
pids+=("$emulators_pid")
common=(--elasticface.aws.s3-endpoint="$s3" --elasticface.aws.sqs-endpoint="$sqs" --elasticface.names.scheme=default
        --elasticface.results.store=directory --elasticface.results.directory="$work/results")
java -Xmx384m -jar "$cli" worker "${common[@]}" --server.port=0 --elasticface.worker.recognizer=placeholder \
  --elasticface.worker.concurrency=16 >"$work/worker.log" 2>&1 &
pids+=($!)

ticks=$(getconf CLK_TCK)
# ms of user + system in a /proc stat file: a process's, or one of its threads'
stat_ms() { awk -v t="$ticks" '{ printf "%d\n", ($14 + $15) * 1000 / t }' "$1" 2>/dev/null || echo 0; }
cpu() { stat_ms "/proc/$1/stat"; }
# the same for the JVM's threads named like $2: its compiler threads, its GC threads (/proc/PID/task/*/comm)
threads_cpu() {
  local sum=0 task
  for task in /proc/"$1"/task/*; do
    if grep -qE "$2" "$task/comm" 2>/dev/null; then sum=$((sum + $(stat_ms "$task/stat"))); fi
  done
  echo "$sum"
}
jit='^C[12] CompilerThre'
gc='^(GC Thread|G1 |VM Thread)'
printf '%-8s %6s %8s %14s %8s %8s %12s %s\n' run round served "cpu ms/request" "of: jit" gc "requests/s" answers
port=8500
for round in $(seq "$rounds"); do
  for run in "${runs[@]}"; do
    name=${run%%=*} jar=${run#*=}
    port=$((port + 1))
    start_web "$name" "$jar" "$port" "$work/$name-$round.log" "${common[@]}" \
      --elasticface.names.response-queue="cpu-$name-$round-replies"
    if [ "$warmup" -gt 0 ]; then
      java -jar "$cli" workload --url "http://127.0.0.1:$port/" --images "$photos" --requests "$warmup" \
        --concurrency "$concurrency" >/dev/null 2>&1 || true
    fi
    served=$warmup
    for _ in $(seq "$windows"); do
      before=$(cpu "$web") jit_before=$(threads_cpu "$web" "$jit") gc_before=$(threads_cpu "$web" "$gc")
      started=$(date +%s.%N)
      summary=$(java -jar "$cli" workload --url "http://127.0.0.1:$port/" --images "$photos" --requests "$requests" \
        --concurrency "$concurrency" --json 2>/dev/null | tail -1 || true)
      ended=$(date +%s.%N)
      after=$(cpu "$web") jit_after=$(threads_cpu "$web" "$jit") gc_after=$(threads_cpu "$web" "$gc")
      served=$((served + requests))
      failures=$(printf '%s' "$summary" | grep -o '"failures":[0-9]*' | head -1 | cut -d: -f2 || true)
      awk -v n="$name" -v r="$round" -v q="$requests" -v c=$((after - before)) -v s="$started" -v e="$ended" \
        -v f="${failures:-?}" -v j=$((jit_after - jit_before)) -v g=$((gc_after - gc_before)) -v d="$served" \
        'BEGIN { printf "%-8s %6d %8d %14.2f %8.2f %8.2f %12.0f %s failed\n", n, r, d, c / q, j / q, g / q, q / (e - s), f }'
    done
    kill "$web"; wait "$web" 2>/dev/null || true
  done
done
