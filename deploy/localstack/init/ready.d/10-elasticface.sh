#!/bin/bash
# Creates Elastic Face's AWS resources in LocalStack, with the attributes production uses
# (deploy/cloudformation/elasticface.yaml creates the same on AWS). LocalStack runs this once it is
# ready (docker-compose.yml mounts this folder on /etc/localstack/init/ready.d); its state is not
# persisted, so every fresh start creates everything again. Each step is idempotent anyway.
#
#   <prefix>-in-bucket, <prefix>-out-bucket, <prefix>-gallery-bucket (the workers' face gallery)
#   <prefix>-req-queue   MaximumMessageSize 1024 (images never travel through SQS), VisibilityTimeout,
#                        RedrivePolicy: after 5 receives a message goes to <prefix>-req-queue-dlq
#   <prefix>-resp-queue
#   a launch template and a pool of stopped app-tier "instances" for the autoscaler
#
# No SimpleDB: LocalStack has none, so the compose setup uses the directory result store.
# `awslocal` is the AWS CLI pointed at LocalStack with its test credentials (not secrets).
set -euo pipefail

prefix="${ELASTICFACE_NAMES_PREFIX:-elasticface}"
visibility="${ELASTICFACE_VISIBILITY_TIMEOUT:-30}"
max_receives="${ELASTICFACE_MAX_RECEIVE_COUNT:-5}"
pool_size="${ELASTICFACE_POOL_SIZE:-3}"
aws="${AWSLOCAL:-awslocal}"   # tests substitute another client here

log() { echo "elasticface-init: $*"; }

for bucket in "$prefix-in-bucket" "$prefix-out-bucket" "$prefix-gallery-bucket"; do
  if ! $aws s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
    $aws s3api create-bucket --bucket "$bucket" >/dev/null
  fi
  log "bucket $bucket"
done

queue_url() { $aws sqs get-queue-url --queue-name "$1" --query QueueUrl --output text; }

# CreateQueue with the same name and attributes is a no-op, so re-running is safe.
$aws sqs create-queue --queue-name "$prefix-req-queue-dlq" \
  --attributes MessageRetentionPeriod=1209600 >/dev/null
dlq_arn=$($aws sqs get-queue-attributes --queue-url "$(queue_url "$prefix-req-queue-dlq")" \
  --attribute-names QueueArn --query Attributes.QueueArn --output text)
log "queue $prefix-req-queue-dlq ($dlq_arn)"

# RedrivePolicy is a JSON document inside a string attribute, hence the escaped quotes.
attributes=$(printf '{"MaximumMessageSize":"1024","VisibilityTimeout":"%s","ReceiveMessageWaitTimeSeconds":"20","RedrivePolicy":"{\\"deadLetterTargetArn\\":\\"%s\\",\\"maxReceiveCount\\":\\"%s\\"}"}' \
  "$visibility" "$dlq_arn" "$max_receives")
$aws sqs create-queue --queue-name "$prefix-req-queue" --attributes "$attributes" >/dev/null
log "queue $prefix-req-queue (1 KB maximum, visibility ${visibility}s, DLQ after $max_receives receives)"

$aws sqs create-queue --queue-name "$prefix-resp-queue" \
  --attributes ReceiveMessageWaitTimeSeconds=20 >/dev/null
log "queue $prefix-resp-queue"

if [ "${ELASTICFACE_SKIP_EC2:-false}" = "true" ]; then
  log "EC2 pool skipped"
  exit 0
fi

# The app-tier pool. LocalStack's EC2 keeps instance records only (nothing boots): the autoscaler's
# starts and stops are visible with `awslocal ec2 describe-instances`, while the worker containers do
# the work. Tags as on AWS: Name app-tier-instance-<n> (the course's names) and elasticface:pool.
template="$prefix-app-tier"
if ! $aws ec2 describe-launch-templates --launch-template-names "$template" >/dev/null 2>&1; then
  image=$($aws ec2 describe-images --query 'Images[0].ImageId' --output text)
  $aws ec2 create-launch-template --launch-template-name "$template" \
    --launch-template-data "{\"ImageId\":\"$image\",\"InstanceType\":\"t3.micro\",\"TagSpecifications\":[{\"ResourceType\":\"instance\",\"Tags\":[{\"Key\":\"elasticface:pool\",\"Value\":\"$prefix\"}]}]}" >/dev/null
fi
log "launch template $template"

existing=$($aws ec2 describe-instances \
  --filters "Name=tag:elasticface:pool,Values=$prefix" "Name=instance-state-name,Values=pending,running,stopping,stopped" \
  --query 'length(Reservations[].Instances[])' --output text)
for ((n = existing + 1; n <= pool_size; n++)); do
  id=$($aws ec2 run-instances --launch-template "LaunchTemplateName=$template" --count 1 \
    --tag-specifications "ResourceType=instance,Tags=[{Key=Name,Value=app-tier-instance-$n},{Key=elasticface:pool,Value=$prefix}]" \
    --query 'Instances[0].InstanceId' --output text)
  $aws ec2 stop-instances --instance-ids "$id" >/dev/null
  log "instance app-tier-instance-$n ($id), stopped"
done

log "ready"
