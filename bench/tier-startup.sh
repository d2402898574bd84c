#!/usr/bin/env bash
# Start-up time of the web tier and the autoscaler, as "process running for" when Spring reports the context
# started, for two builds side by side (A/B, interleaved), against one local stack of emulators.
#   bench/tier-startup.sh OLD_CLI_JAR [ROUNDS]
# OLD_CLI_JAR is an earlier cli/target/elasticface.jar (its `web` and `autoscaler` commands); the new side is
# this checkout's web-tier and autoscaler executable jars (./mvnw -B package -DskipTests first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
old="${1:?usage: bench/tier-startup.sh OLD_CLI_JAR [ROUNDS]}"
rounds="${2:-5}"
new_cli="$root/cli/target/elasticface.jar"
new_web="$root/web-tier/target/elasticface-web-exec.jar"
new_autoscaler="$root/autoscaler/target/elasticface-autoscaler-exec.jar"
work="$(mktemp -d)"
trap 'kill "$stack" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

# The emulators (and a web tier on 8199 that provisions the queues and buckets), from the new build.
java -jar "$new_cli" local --port 8199 --max-instances 0 --workers 0 --recognizer placeholder \
  --data-dir "$work/local" >"$work/stack.log" 2>&1 &
stack=$!
for _ in $(seq 120); do grep -q "SQS http" "$work/stack.log" && grep -q "8199" "$work/stack.log" && break; sleep 0.5; done
s3=$(grep -o 'S3 http://[0-9.:]*' "$work/stack.log" | head -1 | cut -d' ' -f2)
sqs=$(grep -o 'SQS http://[0-9.:]*' "$work/stack.log" | head -1 | cut -d' ' -f2)
if [ -z "$s3" ] || [ -z "$sqs" ]; then
  echo "tier-startup: the local stack did not start; see $work/stack.log" >&2; cat "$work/stack.log" >&2; exit 1
fi
sleep 5
common=(--elasticface.aws.s3-endpoint="$s3" --elasticface.aws.sqs-endpoint="$sqs"
        --elasticface.results.store=directory --elasticface.results.directory="$work/results")

# Prints the seconds the JVM had run when the context was up, then stops the process.
started() {
  local log="$work/run.log"
  "$@" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 600); do
    if grep -q "Started .* (process running for" "$log"; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "tier-startup: exited early:" >&2; tail -20 "$log" >&2; return 1; fi
    sleep 0.1
  done
  grep -o "process running for [0-9.]*" "$log" | head -1 | awk '{print $4}'
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

printf '%-12s %-5s %s\n' tier build seconds
for round in $(seq "$rounds"); do
  for side in old new; do
    if [ $side = old ]; then web=(java -jar "$old" web); auto=(java -jar "$old" autoscaler)
    else web=(java -jar "$new_web"); auto=(java -jar "$new_autoscaler"); fi
    printf '%-12s %-5s %s\n' web $side "$(started "${web[@]}" --server.port=8201 \
      --elasticface.names.response-queue="startup-$side-$round" "${common[@]}")"
    printf '%-12s %-5s %s\n' autoscaler $side "$(started "${auto[@]}" --server.port=8203 \
      --elasticface.autoscaler.provider=local --elasticface.autoscaler.max=1 --elasticface.autoscaler.local.command=true "${common[@]}")"
  done
done
