# shellcheck shell=bash
# What the bench scripts share. Source it after setting $root (the checkout):
#   . "$root/bench/lib.sh"

# course_photos NAME: prints the course's photo folder ($DATASETS/cse546-faces-enroll, default ../shared/datasets);
# without it, says so as NAME and exits 2 (use as photos=$(course_photos NAME) under set -e).
course_photos() {
  local dir=${DATASETS:-$root/../shared/datasets}/cse546-faces-enroll
  if [ ! -f "$dir/labels.csv" ]; then
    echo "$1: no course photos at $dir (set DATASETS to the folder holding cse546-faces-enroll)" >&2
    exit 2
  fi
  echo "$dir"
}

# start_emulators JAR PORT DIR: the local mode's SQS and S3 emulators (and its web tier on PORT, which provisions the
# queues and buckets; no workers) from JAR, data and log in DIR. Sets emulators_pid, s3 and sqs (the endpoints);
# exits 1 with the log's end if they do not come up.
start_emulators() {
  java -jar "$1" local --port "$2" --max-instances 0 --workers 0 --recognizer placeholder --data-dir "$3/local" \
    >"$3/stack.log" 2>&1 &
  # shellcheck disable=SC2034 # for the caller, as s3 and sqs
  emulators_pid=$!
  for _ in $(seq 240); do grep -q "SQS http" "$3/stack.log" && grep -q "$2" "$3/stack.log" && break; sleep 0.5; done
  s3=$(grep -o 'S3 http://[0-9.:]*' "$3/stack.log" | head -1 | cut -d' ' -f2)
  sqs=$(grep -o 'SQS http://[0-9.:]*' "$3/stack.log" | head -1 | cut -d' ' -f2)
  if [ -z "$s3" ] || [ -z "$sqs" ]; then
    echo "bench: the local stack did not start:" >&2; tail -20 "$3/stack.log" >&2
    kill "$emulators_pid" 2>/dev/null || true
    exit 1
  fi
}

# scratch: a temporary folder in $work, removed at exit, after the process in $pid (if set) is stopped.
scratch() {
  work=$(mktemp -d)
  pid=
  trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
}
