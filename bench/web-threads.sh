#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The web tier's threads through a burst of uploads and the minutes after it, for several builds or settings
# (A/B), against one local stack of emulators. For each run it prints the process's thread count before the
# burst, at its peak (sampled every 0.1 s), and 1, 2 and N minutes after, with light traffic meanwhile (10
# GET /readyz a second, as probes and scrapes keep a production tier busy), the Tomcat request threads among
# them, and the burst's answers. No worker runs: each upload is read, stored and queued, then answered 504
# after a 2 s reply timeout, so that the burst's latency beyond 2 s is the web tier's own intake.
#   bench/web-threads.sh [--burst N] [--after SECONDS] RUN...
# Each RUN is NAME=JAR[,threads.max]: e.g. old=/tmp/web-old.jar new=web-tier/target/elasticface-web-exec.jar
# new-64=web-tier/target/elasticface-web-exec.jar,64 (build this checkout first: ./mvnw -B package -DskipTests).
# Reads the course photos from $DATASETS/cse546-faces-enroll (default ../shared/datasets).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
burst=400
after=300
while [ $# -gt 0 ]; do
  case $1 in
    --burst) burst=$2; shift 2 ;;
    --after) after=$2; shift 2 ;;
    *=*) break ;;
    *) echo "usage: bench/web-threads.sh [--burst N] [--after SECONDS] NAME=JAR[,THREADS_MAX]..." >&2; exit 2 ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: bench/web-threads.sh [--burst N] [--after SECONDS] NAME=JAR[,THREADS_MAX]..." >&2; exit 2
fi
if [ "$after" -lt 120 ]; then echo "web-threads: --after is at least 120 seconds" >&2; exit 2; fi
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
photos=$(course_photos web-threads)
cli="$root/cli/target/elasticface.jar"
processes web-threads

# The emulators, from this checkout's cli jar (and a web tier on 8299 that provisions queues and buckets).
start_emulators "$cli" 8299 "$work"
pids+=("$emulators_pid")

threads() { find "/proc/$1/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
# Tomcat's request threads, http-nio-PORT-exec-N (a thread's comm is cut at 15 characters).
request_threads() { cat /proc/"$1"/task/*/comm 2>/dev/null | grep -c "^http-nio-$2-e" || true; }
# The most threads seen while the file $3 exists, and the request threads among them then.
peak() {
  local most=0 exec=0 now
  while [ -e "$3" ]; do
    now=$(threads "$1")
    if [ "$now" -gt "$most" ]; then most=$now; exec=$(request_threads "$1" "$2"); fi
    sleep 0.1
  done
  echo "$most ($exec)"
}

# threads: all of the process's (Tomcat's request threads among them in brackets)
printf '%-10s %-11s %-9s %-11s %-9s %-9s %-9s %s\n' run threads.max before "peak" "+1 min" "+2 min" \
  "+$((after / 60)) min" "burst answers"
port=8400
for run in "$@"; do
  name=${run%%=*}
  spec=${run#*=}
  jar=${spec%%,*}
  max=400
  if [ "$spec" != "$jar" ]; then max=${spec#*,}; fi
  port=$((port + 1))
  start_web "$name" "$jar" "$port" "$work/$name.log" \
    --elasticface.aws.s3-endpoint="$s3" --elasticface.aws.sqs-endpoint="$sqs" \
    --elasticface.names.scheme=default --elasticface.names.response-queue="threads-$name-replies" \
    --elasticface.web.reply-timeout=2s \
    --elasticface.results.store=directory --elasticface.results.directory="$work/local/results" \
    --server.tomcat.threads.max="$max" --server.tomcat.threads.min-spare="$((max < 10 ? max : 10))"
  java -jar "$cli" workload --url "http://127.0.0.1:$port/" --images "$photos" --requests 50 --concurrency 4 \
    >/dev/null 2>&1 || true
  sleep 2
  before="$(threads "$web") ($(request_threads "$web" "$port"))"
  touch "$work/bursting"
  peak "$web" "$port" "$work/bursting" >"$work/peak" &
  sampler=$!
  # a burst with failures exits 1: its summary says how many, and the measurement goes on
  answers=$({ java -jar "$cli" workload --url "http://127.0.0.1:$port/" --images "$photos" --requests "$burst" \
    --concurrency "$burst" --json 2>"$work/$name-burst.err" || true; } | tail -1)
  sleep 1
  rm "$work/bursting"
  wait "$sampler"
  ( while :; do curl -s -o /dev/null "http://127.0.0.1:$port/readyz" || true; sleep 0.1; done ) &
  pinger=$!
  sleep 60; one="$(threads "$web") ($(request_threads "$web" "$port"))"
  sleep 60; two="$(threads "$web") ($(request_threads "$web" "$port"))"
  sleep $((after - 120)); end="$(threads "$web") ($(request_threads "$web" "$port"))"
  kill "$pinger"; wait "$pinger" 2>/dev/null || true
  printf '%-10s %-11s %-9s %-11s %-9s %-9s %-9s %s\n' "$name" "$max" "$before" "$(cat "$work/peak")" "$one" \
    "$two" "$end" "$answers"
  kill "$web"; wait "$web" 2>/dev/null || true
done
