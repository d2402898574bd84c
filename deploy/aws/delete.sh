#!/usr/bin/env bash
# Deletes everything create.sh made, in one command:
#   1. terminates the app-tier pool (instances tagged elasticface:pool=ID: not stack resources, and
#      they hold the stack's security group and instance profile, which would block the deletion);
#   2. empties the buckets (CloudFormation cannot delete a bucket that holds objects);
#   3. deletes the stack and waits until it is gone.
#
# usage: deploy/aws/delete.sh ID
# settings (environment, optional): REGION (us-east-1)  STACK (elasticface-ID)
set -euo pipefail

if [ $# -ne 1 ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 2
fi
id="$1"
export AWS_DEFAULT_REGION="${REGION:-us-east-1}"
stack="${STACK:-elasticface-$id}"

say() { echo "delete.sh: $*" >&2; }

instances=$(aws ec2 describe-instances \
  --filters "Name=tag:elasticface:pool,Values=$id" "Name=instance-state-name,Values=pending,running,stopping,stopped" \
  --query 'Reservations[].Instances[].InstanceId' --output text)
if [ -n "$instances" ] && [ "$instances" != "None" ]; then
  say "terminating the pool: $instances"
  # shellcheck disable=SC2086 # one argument per instance id
  aws ec2 terminate-instances --instance-ids $instances >/dev/null
  # shellcheck disable=SC2086
  aws ec2 wait instance-terminated --instance-ids $instances
fi

for bucket in "$id-in-bucket" "$id-out-bucket" "$id-gallery-bucket"; do
  if aws s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
    say "emptying s3://$bucket"
    aws s3 rm "s3://$bucket" --recursive --only-show-errors
  fi
done

say "deleting stack $stack"
aws cloudformation delete-stack --stack-name "$stack"
aws cloudformation wait stack-delete-complete --stack-name "$stack"
say "done"
