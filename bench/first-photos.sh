#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Is a fresh worker warm from its first request? (#16 item 3) The local mode (one autoscaled worker process, course
# gallery), course photos posted to /recognize one at a time; each reply's timings say how long the worker spent on
# it (download + inference). For a worker that starts with the first request: its mean over the photos 2-501 (the
# first one waits for the start) against its mean over the photos 751-1000 (warm), as a rate: the first 500 photos'
# photos/s as a share of the warm one. Each configuration runs twice on one data folder: the first worker of a build
# records the class-data archive (Java 17) or AOT cache with method profiles (Java 25) as it exits, the second maps it.
#
#   bench/first-photos.sh [--requests N] [--java25 JDK_DIR]
#
# Configurations: java17-c1 (as shipped: local workers and EC2's unit run the quick compiler only), java17 (tiered,
# as an EC2 pool with an empty JIT_OPTS runs: -XX:TieredStopAtLevel=4 after the fleet's default), and java25
# (tiered) with --java25. Reads the course
# photos from $DATASETS/cse546-faces-enroll (default ../shared/datasets); port 8000.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
requests=1000 java25=
while [ $# -gt 0 ]; do
  case $1 in
    --requests) requests=$2; shift 2 ;;
    --java25) java25=$2; shift 2 ;;
    *) echo "usage: bench/first-photos.sh [--requests N] [--java25 JDK_DIR]" >&2; exit 2 ;;
  esac
done
if [ "$requests" -lt 1000 ]; then echo "first-photos: --requests is at least 1000" >&2; exit 2; fi
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
photos=$(course_photos first-photos)
ef=$root/bin/elasticface
scratch
"$ef" gallery build --images "$photos" --labels "$photos/labels.csv" --out "$work/course.gallery" >&2
mapfile -t files < <(find "$photos" -name '*.jpg' | sort)

# $1 name, $2 run, $3 PATH prefix, $4 JVM options: prints one line
measure() {
  local name=$1 run=$2 path=$3 opts=$4 data="$work/data-$1"
  PATH="$path:$PATH" ELASTICFACE_JAVA_OPTS="$opts" "$ef" local --gallery "$work/course.gallery" --data-dir "$data" \
    --grace-seconds 600 --max-instances 1 >"$work/local.out" 2>"$work/local.err" &
  pid=$!
  for _ in $(seq 240); do grep -q "running at" "$work/local.out" && break; sleep 0.5; done
  : >"$work/times"
  for i in $(seq 0 $((requests - 1))); do
    curl -s -F "inputFile=@${files[$((i % ${#files[@]}))]}" http://localhost:8000/recognize \
      | grep -o '"downloadMs":[0-9]*,"inferenceMs":[0-9]*' | tr -dc '0-9,\n' | awk -F, '{print $1 + $2}' >>"$work/times"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  awk -v n="$name" -v r="$run" -v q="$requests" '
    { t[NR] = $1 }
    END {
      for (i = 2; i <= 501; i++) first += t[i]; first /= 500
      for (i = 2; i <= 51; i++) fifty += t[i]; fifty /= 50
      for (i = q - 249; i <= q; i++) warm += t[i]; warm /= 250
      printf "%-10s %4d %12.1f %12.1f %12.1f %14.0f%%\n", n, r, fifty, first, warm, 100 * warm / first
    }' "$work/times"
}
printf '%-10s %4s %12s %12s %12s %15s\n' config run "ms 2-51" "ms 2-501" "ms warm" "first 500 rate"
configs=("java17||-XX:TieredStopAtLevel=4" "java17-c1||")
if [ -n "$java25" ]; then configs+=("java25|$java25/bin|-XX:TieredStopAtLevel=4"); fi
for run in 1 2; do
  for config in "${configs[@]}"; do
    IFS='|' read -r name path opts <<<"$config"
    measure "$name" "$run" "${path:-/usr/bin}" "$opts"
  done
done
