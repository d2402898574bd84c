#!/usr/bin/env bash
# Runs the LocalStack init script, create.sh and delete.sh against moto (a local AWS API emulator;
# LocalStack's EC2 is built on it) on loopback, and checks what they leave behind. No AWS account,
# no Docker. Needs python3 with moto[server] and the AWS CLI.
#
#   deploy/aws/check-with-moto.sh        # prints "moto check: N passed, 0 failed"
#
# Stand-ins, all because of the emulator, not the scripts:
#   - moto computes no stack outputs for change sets, so `aws cloudformation deploy` becomes
#     create-stack + wait here;
#   - moto has no SimpleDB, so the stack is created with USE_SIMPLEDB=false;
#   - unless ELASTICFACE_BIN names the real launcher, `elasticface aws pool create` is replaced by the
#     same EC2 calls made with the AWS CLI (run-instances from the template, Name and pool tags, stop).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
port="${MOTO_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
moto_pid=""
cleanup() {
  if [ -n "$moto_pid" ]; then kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

real_aws="$(command -v aws)"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
unset AWS_PROFILE AWS_SESSION_TOKEN

python3 -m moto.server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 50); do
  if curl -fs "$AWS_ENDPOINT_URL/moto-api/" >/dev/null 2>&1; then break; fi
  sleep 0.2
done

mkdir -p "$work/bin"
cat > "$work/bin/aws" <<SHIM
#!/usr/bin/env bash
# Every call goes to moto (the AWS CLI v1 ignores AWS_ENDPOINT_URL for SQS, so it is passed here).
# moto computes no stack outputs for change sets: deploy becomes create-stack + wait.
if [ "\$1 \$2" = "cloudformation deploy" ]; then
  shift 2; stack=""; tpl=""; caps=(); params=(); mode=""
  while [ \$# -gt 0 ]; do
    case "\$1" in
      --stack-name) stack="\$2"; shift 2; mode="" ;;
      --template-file) tpl="\$2"; shift 2; mode="" ;;
      --capabilities) caps=(--capabilities "\$2"); shift 2; mode="" ;;
      --tags) shift 2; mode="" ;;
      --parameter-overrides) mode=p; shift ;;
      --*) shift; mode="" ;;
      *) if [ "\$mode" = p ]; then params+=("ParameterKey=\${1%%=*},ParameterValue=\${1#*=}"); fi; shift ;;
    esac
  done
  "$real_aws" --endpoint-url "\$AWS_ENDPOINT_URL" cloudformation create-stack --stack-name "\$stack" --template-body "file://\$tpl" "\${caps[@]}" \\
    --parameters "\${params[@]}" >/dev/null
  exec "$real_aws" --endpoint-url "\$AWS_ENDPOINT_URL" cloudformation wait stack-create-complete --stack-name "\$stack"
fi
exec "$real_aws" --endpoint-url "\$AWS_ENDPOINT_URL" "\$@"
SHIM
cat > "$work/bin/elasticface-pool" <<'POOL'
#!/usr/bin/env bash
# The EC2 calls of `elasticface aws pool create --count N --launch-template LT --pool ID`.
set -euo pipefail
[ "$1 $2 $3 $4 $6 $8" = "aws pool create --count --launch-template --pool" ] || { echo "unexpected: $*" >&2; exit 2; }
ids=$(aws ec2 run-instances --launch-template "LaunchTemplateId=$7" --count "$5" --query 'Instances[].InstanceId' --output text)
n=0
for id in $ids; do
  n=$((n + 1))
  aws ec2 create-tags --resources "$id" --tags "Key=Name,Value=app-tier-instance-$n" "Key=elasticface:pool,Value=$9"
done
# shellcheck disable=SC2086
aws ec2 stop-instances --instance-ids $ids >/dev/null
POOL
chmod +x "$work/bin/aws" "$work/bin/elasticface-pool"
export PATH="$work/bin:$PATH"

passed=0
failed=0
check() {
  local what="$1" expected="$2" actual="$3"
  if [ "$expected" = "$actual" ]; then
    passed=$((passed + 1)); echo "ok: $what"
  else
    failed=$((failed + 1)); echo "FAILED: $what: expected '$expected', got '$actual'"
  fi
}
q() { aws "$@" 2>/dev/null || true; }

# ---- the LocalStack init script (twice: it must be idempotent)
for run in 1 2; do
  AWSLOCAL=aws ELASTICFACE_POOL_SIZE=3 bash "$root/deploy/localstack/init/ready.d/10-elasticface.sh" > "$work/init$run.log" 2>&1 \
    || { cat "$work/init$run.log"; check "init script run $run" 0 1; }
done
url=$(q sqs get-queue-url --queue-name elasticface-req-queue --query QueueUrl --output text)
check "init: request queue maximum message size" 1024 \
  "$(q sqs get-queue-attributes --queue-url "$url" --attribute-names MaximumMessageSize --query Attributes.MaximumMessageSize --output text)"
check "init: request queue visibility timeout" 30 \
  "$(q sqs get-queue-attributes --queue-url "$url" --attribute-names VisibilityTimeout --query Attributes.VisibilityTimeout --output text)"
check "init: redrive to the DLQ after 5 receives" "elasticface-req-queue-dlq 5" \
  "$(q sqs get-queue-attributes --queue-url "$url" --attribute-names RedrivePolicy --query Attributes.RedrivePolicy --output text \
     | python3 -c 'import json,sys; p=json.load(sys.stdin); print(p["deadLetterTargetArn"].split(":")[-1], p["maxReceiveCount"])')"
fits=$(head -c 1000 /dev/zero | tr '\0' x)
big=$(head -c 1100 /dev/zero | tr '\0' x)
check "init: a 1000-byte request is accepted" accepted \
  "$(aws sqs send-message --queue-url "$url" --message-body "$fits" >/dev/null 2>&1 && echo accepted || echo refused)"
check "init: a 1100-byte request is refused" refused \
  "$(aws sqs send-message --queue-url "$url" --message-body "$big" >/dev/null 2>&1 && echo accepted || echo refused)"
check "init: response queue" yes "$(q sqs get-queue-url --queue-name elasticface-resp-queue >/dev/null && echo yes)"
check "init: buckets" "elasticface-gallery-bucket elasticface-in-bucket elasticface-out-bucket" \
  "$(q s3api list-buckets --query 'Buckets[].Name' --output text | tr '\t' '\n' | sort | xargs)"
check "init: 3 stopped pool instances after two runs" "3 stopped" \
  "$(q ec2 describe-instances --filters Name=tag:elasticface:pool,Values=elasticface \
     --query 'Reservations[].Instances[].State.Name' --output text | tr '\t' '\n' | sort | uniq -c | xargs)"

# ---- create.sh on a fresh emulator
curl -fs -X POST "$AWS_ENDPOINT_URL/moto-api/reset" >/dev/null
id=1234567890
ami=$(aws ec2 describe-images --query 'Images[0].ImageId' --output text)
USE_SIMPLEDB=false POOL_SIZE=3 ELASTICFACE_BIN="${ELASTICFACE_BIN:-$work/bin/elasticface-pool}" \
  bash "$root/deploy/aws/create.sh" "$id" "$ami" > "$work/create.log" 2>&1 || { cat "$work/create.log"; check "create.sh exit status" 0 1; }
check "create: stack" CREATE_COMPLETE \
  "$(q cloudformation describe-stacks --stack-name "elasticface-$id" --query 'Stacks[0].StackStatus' --output text)"
check "create: course bucket names" "$id-gallery-bucket $id-in-bucket $id-out-bucket" \
  "$(q s3api list-buckets --query 'Buckets[].Name' --output text | tr '\t' '\n' | sort | xargs)"
url=$(q sqs get-queue-url --queue-name "$id-req-queue" --query QueueUrl --output text)
check "create: $id-req-queue takes at most 1 KB" 1024 \
  "$(q sqs get-queue-attributes --queue-url "$url" --attribute-names MaximumMessageSize --query Attributes.MaximumMessageSize --output text)"
check "create: $id-resp-queue" yes "$(q sqs get-queue-url --queue-name "$id-resp-queue" >/dev/null && echo yes)"
check "create: web-instance running" running \
  "$(q ec2 describe-instances --filters Name=tag:Name,Values=web-instance --query 'Reservations[0].Instances[0].State.Name' --output text)"
# shellcheck disable=SC2016 # backticks are JMESPath literals
check "create: the web instance has an Elastic IP" 1 \
  "$(q ec2 describe-addresses --query 'length(Addresses[?InstanceId!=`null`])' --output text)"
check "create: 3 stopped app-tier instances with the pool tag" "3 stopped" \
  "$(q ec2 describe-instances --filters "Name=tag:elasticface:pool,Values=$id" Name=tag:Name,Values=app-tier-instance-* \
     --query 'Reservations[].Instances[].State.Name' --output text | tr '\t' '\n' | sort | uniq -c | xargs)"
check "create: the web instance does not carry the pool tag" 0 \
  "$(q ec2 describe-instances --filters "Name=tag:elasticface:pool,Values=$id" Name=tag:Name,Values=web-instance \
     --query 'length(Reservations[].Instances[])' --output text)"
check "create: the worker's settings in the launch template" "ELASTICFACE_NAMES_REQUEST_QUEUE=$id-req-queue" \
  "$(q ec2 describe-launch-template-versions --launch-template-name "$id-app-tier" \
     --query 'LaunchTemplateVersions[0].LaunchTemplateData.UserData' --output text | base64 -d | grep -o "ELASTICFACE_NAMES_REQUEST_QUEUE=.*")"

# ---- delete.sh, with objects in both buckets
echo image > "$work/test_000.jpg"
aws s3 cp "$work/test_000.jpg" "s3://$id-in-bucket/test_000.jpg" >/dev/null
aws s3 cp "$work/test_000.jpg" "s3://$id-out-bucket/test_000" >/dev/null
aws s3 cp "$work/test_000.jpg" "s3://$id-gallery-bucket/gallery/current.gallery" >/dev/null
bash "$root/deploy/aws/delete.sh" "$id" > "$work/delete.log" 2>&1 || { cat "$work/delete.log"; check "delete.sh exit status" 0 1; }
check "delete: stack gone" gone \
  "$(aws cloudformation describe-stacks --stack-name "elasticface-$id" >/dev/null 2>&1 && echo present || echo gone)"
check "delete: no bucket left" "" "$(q s3api list-buckets --query 'Buckets[].Name' --output text)"
check "delete: every instance terminated" terminated \
  "$(q ec2 describe-instances --query 'Reservations[].Instances[].State.Name' --output text | tr '\t' '\n' | sort -u | xargs)"

echo "moto check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
