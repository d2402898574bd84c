#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The local mode's first answer from zero: `bin/elasticface local` (autoscaled worker processes, none running),
# then one course photo at a time, each sent once the autoscaler has stopped every worker again. Prints the seconds
# from the POST to the answer: the autoscaler's tick, a worker JVM's start, its engine load and the first
# inference. The first round is the first worker ever started from this build (it writes the class-data archive
# as it exits); the later rounds map that archive.
#
#   bench/first-answer.sh [--rounds N]
#
# Reads the course photos from $DATASETS/cse546-faces-enroll (default ../shared/datasets); uses port 8000.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=4
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: bench/first-answer.sh [--rounds N]" >&2; exit 2 ;;
  esac
done
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
photos=$(course_photos first-answer)
ef=$root/bin/elasticface
scratch

"$ef" gallery build --images "$photos" --labels "$photos/labels.csv" --out "$work/course.gallery" >&2
"$ef" local --gallery "$work/course.gallery" --data-dir "$work/data" --grace-seconds 1 >"$work/local.out" 2>"$work/local.err" &
pid=$!
for _ in $(seq 180); do grep -q "running at" "$work/local.out" && break; sleep 1; done
if ! grep -q "running at" "$work/local.out"; then
  echo "bench: the local system did not start; the end of its log:" >&2
  tail -20 "$work/local.err" >&2
  exit 1
fi

# Workers the autoscaler reports in any state but stopped (its Prometheus endpoint, on the web port + 90).
active() {
  curl -s http://127.0.0.1:8090/actuator/prometheus \
    | awk '/^elasticface_autoscaler_instances\{/ && !/state="stopped"/ { n += $2 } END { print n + 0 }'
}

photo=$photos/$(sed -n 2p "$photos/labels.csv" | cut -d, -f1).jpg
printf 'round  seconds  answer\n'
for round in $(seq "$rounds"); do
  for _ in $(seq 120); do [ "$(active)" = 0 ] && break; sleep 0.5; done
  sleep 2 # a stopped worker's JVM may still be writing the archive as it exits
  start=$(date +%s.%N)
  answer=$(curl -s -F "inputFile=@$photo" http://127.0.0.1:8000/)
  end=$(date +%s.%N)
  printf '%5s  %7.2f  %s\n' "$round" "$(echo "$end - $start" | bc)" "$answer"
done
grep -h "Worker polling\|Face engine ready\|class-data archive" "$work"/data/fleet/*.log "$work/local.out" \
  "$work/local.err" 2>/dev/null | sed 's/^.*\] //' | tail -"$((3 * rounds))" >&2 || true
