#!/usr/bin/env bash
# Creates everything Elastic Face needs on AWS, in one command:
#   1. the CloudFormation stack deploy/cloudformation/elasticface.yaml (buckets, queues, SimpleDB
#      domain, roles, security groups, the web instance with its Elastic IP, the app-tier launch
#      template), in the default VPC;
#   2. the app-tier pool: POOL_SIZE instances from the launch template, tagged elasticface:pool=ID and
#      left stopped (`bin/elasticface aws pool create`), which the autoscaler starts and stops, all of
#      them at most (POOL_SIZE is also the stack's MaxInstances: 15, or 20 where the course allows it).
#
# usage: deploy/aws/create.sh ID APP_TIER_AMI
#   ID            your course ID (or any globally unique lower-case prefix)
#   APP_TIER_AMI  the AMI baked by deploy/packer/app-tier.pkr.hcl
# settings (environment, all optional):
#   REGION (us-east-1)  STACK (elasticface-ID)  SCHEME (cse546|default; cse546)  POOL_SIZE (15)
#   WEB_CIDR (0.0.0.0/0)  USE_SIMPLEDB (true)   (no SSH: aws ssm start-session --target <instance-id>)
#   HIBERNATE (false: true launches the pool ready to hibernate, and the autoscaler hibernates instead of stopping)
#   INSTANCE_TYPE (t3.micro, both tiers)  ELASTICFACE_BIN (bin/elasticface)
#
# Credentials: yours, from the AWS CLI's usual chain (aws configure, AWS_PROFILE, SSO). None of them
# reach the instances, which use their instance profiles. Re-running updates the stack in place.
set -euo pipefail

if [ $# -ne 2 ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 2
fi
id="$1"
ami="$2"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

export AWS_DEFAULT_REGION="${REGION:-us-east-1}"
stack="${STACK:-elasticface-$id}"
scheme="${SCHEME:-cse546}"
pool_size="${POOL_SIZE:-15}"
instance_type="${INSTANCE_TYPE:-t3.micro}"
elasticface="${ELASTICFACE_BIN:-$root/bin/elasticface}"

say() { echo "create.sh: $*" >&2; }

vpc=$(aws ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' --output text)
if [ -z "$vpc" ] || [ "$vpc" = "None" ]; then
  say "no default VPC in $AWS_DEFAULT_REGION: create one with 'aws ec2 create-default-vpc'"
  exit 1
fi
# A default subnet in a zone that offers the instance type (us-east-1e, for one, has no t3).
zones=$(aws ec2 describe-instance-type-offerings --location-type availability-zone \
  --filters "Name=instance-type,Values=$instance_type" --query 'InstanceTypeOfferings[].Location' --output text)
subnet=""
for zone in $zones; do
  subnet=$(aws ec2 describe-subnets \
    --filters "Name=vpc-id,Values=$vpc" Name=default-for-az,Values=true "Name=availability-zone,Values=$zone" \
    --query 'Subnets[0].SubnetId' --output text)
  if [ -n "$subnet" ] && [ "$subnet" != "None" ]; then
    break
  fi
  subnet=""
done
if [ -z "$subnet" ]; then
  say "no default subnet of $vpc offers $instance_type"
  exit 1
fi
say "stack $stack in $AWS_DEFAULT_REGION, VPC $vpc, subnet $subnet"

aws cloudformation deploy \
  --stack-name "$stack" \
  --template-file "$root/deploy/cloudformation/elasticface.yaml" \
  --capabilities CAPABILITY_IAM \
  --no-fail-on-empty-changeset \
  --tags "elasticface:stack=$id" \
  --parameter-overrides \
    "ID=$id" "Scheme=$scheme" "AppTierAmi=$ami" "VpcId=$vpc" "SubnetId=$subnet" \
    "WebInstanceType=$instance_type" "AppInstanceType=$instance_type" \
    "WebCidr=${WEB_CIDR:-0.0.0.0/0}" \
    "UseSimpleDB=${USE_SIMPLEDB:-true}" \
    "Hibernate=${HIBERNATE:-false}" \
    "MaxInstances=$pool_size"

output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
template=$(output AppLaunchTemplateId)
if [ -z "$template" ] || [ "$template" = "None" ]; then
  say "stack $stack has no AppLaunchTemplateId output: see 'aws cloudformation describe-stack-events --stack-name $stack'"
  exit 1
fi

# The pool is not part of the stack (CloudFormation cannot leave instances stopped).
existing=$(aws ec2 describe-instances \
  --filters "Name=tag:elasticface:pool,Values=$id" "Name=instance-state-name,Values=pending,running,stopping,stopped" \
  --query 'length(Reservations[].Instances[])' --output text)
if [ "$existing" -gt 0 ]; then
  say "the pool already has $existing instances: not creating more"
else
  say "creating the pool: $pool_size stopped instances from $template"
  hibernate=()
  if [ "${HIBERNATE:-false}" = true ]; then hibernate=(--hibernate); fi
  ELASTICFACE_AWS_REGION="$AWS_DEFAULT_REGION" "$elasticface" aws pool create --count "$pool_size" --launch-template "$template" \
    --pool "$id" "${hibernate[@]}"
fi

say "done. The web tier answers at $(output WebUrl) once the web instance has booted:"
say "  curl -F inputFile=@test_000.jpg $(output WebUrl)"
