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

# processes NAME: a temporary folder in $work and a list of processes in $pids (add with pids+=(PID)); at exit, each
# is stopped, then the folder removed, or kept with KEEP=1 (NAME says where on stderr).
processes() {
  work=$(mktemp -d)
  pids=()
  bench_name=$1
  trap stop_processes EXIT
}
stop_processes() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "$bench_name: logs kept in $work" >&2; else rm -rf "$work"; fi
}

# start_web NAME JAR PORT LOG [ARG...]: a web tier from JAR on PORT (its management port: any free one), with ARGs;
# waits for its /readyz. Sets web (the PID, also added to pids); exits 1 with the log's end if the tier exits first.
start_web() {
  local name=$1 jar=$2 port=$3 log=$4
  shift 4
  # shellcheck disable=SC2086 # WEB_JAVA_OPTS: extra JVM options, word-split on purpose (e.g. a JFR recording)
  java -Xmx512m ${WEB_JAVA_OPTS:-} -jar "$jar" --server.port="$port" --management.server.port=0 "$@" >"$log" 2>&1 &
  web=$!
  pids+=("$web")
  for _ in $(seq 600); do
    if curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$web" 2>/dev/null; then
      echo "$bench_name: $name exited:" >&2; grep -v '^\s*at \|^\s*\.\.\.' "$log" | tail -20 >&2; exit 1
    fi
    sleep 0.2
  done
  echo "$bench_name: $name was not ready in 120 s" >&2; exit 1
}
