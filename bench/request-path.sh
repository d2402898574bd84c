#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# The request-path benchmark of BENCHMARKS.md: the local mode with in-process workers on the real engine,
# warmed up first (the JIT needs thousands of requests in this one big JVM), then one request at a time
# (pipeline overhead) and 100 at once. Prints the workload command's JSON summaries.
#
#   bench/request-path.sh [--workers N] [--warmup REQUESTS]
#
# Reads the course photos from $DATASETS/cse546-faces-enroll (default ../shared/datasets); uses port 8000.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
workers=1
warmup=4000
while [ $# -gt 0 ]; do
  case $1 in
    --workers) workers=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    *) echo "usage: bench/request-path.sh [--workers N] [--warmup REQUESTS]" >&2; exit 2 ;;
  esac
done
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
photos=$(course_photos request-path)

ef=$root/bin/elasticface
scratch

"$ef" gallery build --images "$photos" --labels "$photos/labels.csv" --out "$work/course.gallery" >&2
ELASTICFACE_JAVA_OPTS=-Xmx512m "$ef" local --max-instances 0 --workers "$workers" \
  --gallery "$work/course.gallery" --data-dir "$work/data" >"$work/local.out" 2>"$work/local.err" &
pid=$!
for _ in $(seq 120); do
  grep -q "running at" "$work/local.out" && break
  sleep 1
done
if ! grep -q "running at" "$work/local.out"; then
  echo "bench: the local system did not start; the end of its log:" >&2
  tail -20 "$work/local.err" >&2
  exit 1
fi

load() {
  "$ef" workload --url http://localhost:8000/recognize --images "$photos" --labels "$photos/labels.csv" \
    --json "$@" 2>/dev/null | tail -1
}
echo "warm-up, $warmup requests 4 at once: $(load --requests "$warmup" --concurrency 4)"
for _ in 1 2; do echo "one at a time: $(load --requests 300 --concurrency 1)"; done
for _ in 1 2 3; do echo "100 at once: $(load --requests 100 --concurrency 100)"; done
