#!/usr/bin/env bash
# What an idle grace costs against the cold starts it saves (#16 item 7): the real autoscaler policy in the
# simulator (`elasticface simulate --grace-sweep`), over three workloads and three kinds of start:
#   traffic with pauses   bursts of ~2 requests/s for 30 s, separated by pauses of 30 s on average (exponential)
#   a trickle             one request every 20 s on average (Poisson) for 30 minutes
#   the course's burst    100 requests at once
# for local worker processes (start 5 s, measured by bench/first-answer.sh), EC2 instances that boot (30 s) and
# EC2 instances that resume from hibernation (10 s: an assumption, not measured here). The traces are generated
# from fixed seeds, so every run prints the same table.
#
#   bench/idle-grace.sh [GRACES]     (default 1,5,10,15,30,60,120)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
graces=${1:-1,5,10,15,30,60,120}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import random, sys
work = sys.argv[1]
r = random.Random(1)
t, out = 0.0, []
for _ in range(20):                       # traffic with pauses
    end = t + 30
    while True:
        t += r.expovariate(2.0)
        if t > end:
            break
        out.append(t)
    t += r.expovariate(1 / 30)
open(f"{work}/pauses.trace", "w").write("\n".join(f"{x:.3f}" for x in out) + "\n")
r = random.Random(2)
t, out = 0.0, []
while t < 1800:                           # a trickle
    t += r.expovariate(1 / 20)
    out.append(t)
open(f"{work}/trickle.trace", "w").write("\n".join(f"{x:.3f}" for x in out) + "\n")
PY

ef=$root/bin/elasticface
run() { # $1 title, then simulate's options
  echo "== $1"
  shift
  "$ef" simulate --grace-sweep "$graces" "$@"
  echo
}
for start in local:5 ec2-boot:30 ec2-resume:10; do
  kind=${start%:*} seconds=${start#*:}
  if [ "$kind" = ec2-resume ]; then
    opts=(--boot-seconds 30 --resume-seconds "$seconds")
  else
    opts=(--boot-seconds "$seconds")
  fi
  run "$kind: traffic with pauses" --trace "$work/pauses.trace" "${opts[@]}"
  run "$kind: a trickle" --trace "$work/trickle.trace" "${opts[@]}"
  run "$kind: the course's burst" --requests 100 "${opts[@]}"
done
