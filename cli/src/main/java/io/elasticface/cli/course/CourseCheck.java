package io.elasticface.cli.course;

import io.elasticface.autoscaler.fleet.ec2.Ec2InstanceProvider;
import io.elasticface.aws.AwsClients;
import io.elasticface.messaging.SqsClients;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.S3Clients;
import io.elasticface.results.simpledb.SimpleDbClient;
import io.elasticface.results.simpledb.SimpleDbException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The preflight of {@code elasticface cse546 check}: reads an account (or an emulator) and says, line by line,
 * whether it is what the course's grader expects at the start of a graded run, with the fix for each line that
 * is not. Reads only; changes nothing.
 */
public final class CourseCheck {

    public enum Status { PASS, FAIL, UNKNOWN }

    /** One line of the checklist; {@code fix} is empty when it passed. */
    public record Line(Status status, String what, String detail, String fix) {
    }

    private static final Pattern REDRIVE_TARGET = Pattern.compile("\"deadLetterTargetArn\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REDRIVE_COUNT = Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?(\\d+)");

    private final AwsClients aws;
    private final ResourceNames names;
    private final String id;
    private final int poolMax;
    private final String stack;
    private final ServiceQuotas quotas;
    private final List<Line> lines = new ArrayList<>();

    /**
     * @param id      the course ID, also the pool tag's value
     * @param poolMax the most app-tier instances the course allows (15, or 20 in some terms)
     * @param stack   the CloudFormation stack's name (create.sh: {@code elasticface-<ID>})
     */
    public CourseCheck(AwsClients aws, ResourceNames names, String id, int poolMax, String stack, ServiceQuotas quotas) {
        this.aws = aws;
        this.names = names;
        this.id = id;
        this.poolMax = poolMax;
        this.stack = stack;
        this.quotas = quotas;
    }

    public List<Line> run() {
        lines.clear();
        try (S3Client s3 = S3Clients.create(aws); SqsClient sqs = SqsClients.create(aws);
             SimpleDbClient sdb = SimpleDbClient.of(aws); Ec2Client ec2 = Ec2InstanceProvider.client(aws);
             IamClient iam = CourseAccount.iamClient(aws)) {
            buckets(s3);
            queues(sqs);
            guarded("SimpleDB domain " + names.domain(), () -> domain(sdb));
            List<Instance> pool = guardedList("app-tier pool", () -> pool(ec2));
            guarded("one running " + CourseAccount.WEB_INSTANCE, () -> web(ec2));
            guarded("app-tier image", () -> images(ec2, pool));
            guarded("vCPU quota", () -> quota(ec2, pool));
            guarded("grader user " + CourseAccount.GRADER, () -> grader(iam));
        }
        return List.copyOf(lines);
    }

    private void buckets(S3Client s3) {
        for (String bucket : List.of(names.inBucket(), names.outBucket(), names.galleryBucket())) {
            guarded("bucket " + bucket, () -> {
                try {
                    s3.headBucket(r -> r.bucket(bucket));
                } catch (NoSuchBucketException e) {
                    fail("bucket " + bucket, "missing", createStack());
                    return;
                }
                pass("bucket " + bucket, "exists");
                PublicAccessBlockConfiguration block = publicAccessBlock(s3, bucket);
                boolean blocked = block != null && Boolean.TRUE.equals(block.blockPublicAcls())
                        && Boolean.TRUE.equals(block.blockPublicPolicy()) && Boolean.TRUE.equals(block.ignorePublicAcls())
                        && Boolean.TRUE.equals(block.restrictPublicBuckets());
                line(blocked, "bucket " + bucket + " blocks public access", blocked ? "all four settings on" : String.valueOf(block),
                        "aws s3api put-public-access-block --bucket " + bucket + " --public-access-block-configuration "
                                + "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true");
                if (!bucket.equals(names.galleryBucket())) {
                    int objects = s3.listObjectsV2(r -> r.bucket(bucket).maxKeys(1000)).keyCount();
                    // the grader starts from empty buckets and counts what a run adds
                    line(objects == 0, "bucket " + bucket + " is empty", objects == 0 ? "0 objects" : objects + " objects",
                            "aws s3 rm s3://" + bucket + " --recursive");
                }
            });
        }
    }

    private static PublicAccessBlockConfiguration publicAccessBlock(S3Client s3, String bucket) {
        try {
            return s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
        } catch (AwsServiceException e) {
            return null; // NoSuchPublicAccessBlockConfiguration: nothing blocked
        }
    }

    private void queues(SqsClient sqs) {
        String what = "request queue " + names.requestQueue();
        guarded(what, () -> {
            Map<QueueAttributeName, String> attributes;
            try {
                String url = sqs.getQueueUrl(r -> r.queueName(names.requestQueue())).queueUrl();
                attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                        .attributes();
            } catch (QueueDoesNotExistException e) {
                fail(what, "missing", createStack());
                return;
            }
            String size = attributes.get(QueueAttributeName.MAXIMUM_MESSAGE_SIZE);
            line("1024".equals(size), what + ": maximum message size 1 KB", size + " bytes",
                    "aws sqs set-queue-attributes --queue-url $(aws sqs get-queue-url --queue-name "
                            + names.requestQueue() + " --query QueueUrl --output text) --attributes MaximumMessageSize=1024");
            long visibility = Long.parseLong(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "0"));
            line(visibility >= CourseAccount.VISIBILITY.toSeconds(), what + ": visibility timeout at least "
                            + CourseAccount.VISIBILITY.toSeconds() + " s", visibility + " s",
                    "set VisibilityTimeout=" + CourseAccount.VISIBILITY.toSeconds()
                            + " on the queue (a shorter one hands a photo to a second worker while the first still works)");
            redrive(sqs, what, attributes.get(QueueAttributeName.REDRIVE_POLICY));
            empty(what, attributes);
        });
        String replies = "response queue " + names.responseQueue();
        guarded(replies, () -> {
            try {
                String url = sqs.getQueueUrl(r -> r.queueName(names.responseQueue())).queueUrl();
                pass(replies, "exists");
                empty(replies, sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                        .attributes());
            } catch (QueueDoesNotExistException e) {
                fail(replies, "missing", createStack());
            }
        });
    }

    private void redrive(SqsClient sqs, String what, String policy) {
        String fix = "the stack sets a redrive policy to " + names.deadLetterQueue()
                + " (maxReceiveCount 5): re-create it with deploy/aws/create.sh";
        Matcher target = policy == null ? null : REDRIVE_TARGET.matcher(policy);
        Matcher count = policy == null ? null : REDRIVE_COUNT.matcher(policy);
        if (target == null || !target.find() || !count.find()) {
            fail(what + ": dead letters go to " + names.deadLetterQueue(), "no redrive policy", fix);
            return;
        }
        String dlqArn;
        try {
            String url = sqs.getQueueUrl(r -> r.queueName(names.deadLetterQueue())).queueUrl();
            dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
        } catch (QueueDoesNotExistException e) {
            fail(what + ": dead letters go to " + names.deadLetterQueue(), names.deadLetterQueue() + " is missing", fix);
            return;
        }
        int receives = Integer.parseInt(count.group(1));
        line(target.group(1).equals(dlqArn) && receives >= 1 && receives <= 10,
                what + ": dead letters go to " + names.deadLetterQueue(),
                "after " + receives + " receives, to " + target.group(1), fix);
    }

    private void empty(String what, Map<QueueAttributeName, String> attributes) {
        long visible = Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
        long inFlight = Long.parseLong(
                attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
        line(visible + inFlight == 0, what + " is empty", visible + " visible, " + inFlight + " in flight",
                "wait for the tiers to finish, or purge it: aws sqs purge-queue --queue-url <its URL>");
    }

    /**
     * The course's {@code <ID>-simpleDB}, or the stack's own domain: CloudFormation cannot name a SimpleDB
     * domain, so the stack's is {@code <stack>-ResultsDomain-<suffix>} and the tiers are told its name.
     */
    private void domain(SimpleDbClient sdb) {
        List<String> domains = sdb.listDomains();
        String stackDomain = domains.stream().filter(d -> d.startsWith(stack + "-ResultsDomain-")).findFirst().orElse(null);
        boolean course = domains.contains(names.domain());
        line(course || stackDomain != null, "SimpleDB domain " + names.domain() + " (or the stack's)",
                course ? names.domain() + " exists" : stackDomain != null ? "the stack's " + stackDomain + " exists"
                        : "neither " + names.domain() + " nor " + stack + "-ResultsDomain-* exists",
                "create the stack with USE_SIMPLEDB=true (" + createStack() + "), or the course's name: aws sdb "
                        + "create-domain --region " + aws.region() + " --domain-name " + names.domain()
                        + " (AWS CLI v1 with 'aws configure set preview.sdb true')");
    }

    private String createStack() {
        return "deploy/aws/create.sh " + id + " <app-tier AMI>, docs/cse546.md";
    }

    private void web(Ec2Client ec2) {
        List<Instance> web = CourseAccount.instances(ec2,
                Filter.builder().name("tag:Name").values(CourseAccount.WEB_INSTANCE).build());
        long running = web.stream().filter(i -> "running".equals(i.state().nameAsString())).count();
        line(web.size() == 1 && running == 1, "one running " + CourseAccount.WEB_INSTANCE,
                web.size() + " found, " + running + " running",
                web.isEmpty() ? createStack()
                        : web.size() > 1 ? "terminate all but one instance named " + CourseAccount.WEB_INSTANCE
                        : "aws ec2 start-instances --instance-ids " + web.get(0).instanceId());
    }

    private List<Instance> pool(Ec2Client ec2) {
        List<Instance> named = CourseAccount.instances(ec2,
                Filter.builder().name("tag:Name").values(CourseAccount.POOL_PREFIX + "*").build());
        String what = "app-tier pool (" + CourseAccount.POOL_PREFIX + "<n>)";
        if (named.isEmpty()) {
            fail(what, "no instances", "bin/elasticface aws pool create --count 15 --launch-template <the stack's> --pool " + id);
            return named;
        }
        line(named.size() <= poolMax, what + ": at most " + poolMax, named.size() + " instances",
                "terminate " + (named.size() - poolMax) + " of them: the grader wants the peak exactly at the maximum"
                        + (poolMax < 20 ? " (or pass --pool-max 20 if your term allows 20)" : ""));
        List<String> running = named.stream().filter(i -> !"stopped".equals(i.state().nameAsString()))
                .map(i -> i.instanceId() + " " + i.state().nameAsString()).toList();
        line(running.isEmpty(), what + ": all stopped", running.isEmpty() ? "all stopped" : "not stopped: " + running,
                "the grader starts with 0 app-tier instances running: stop them (aws ec2 stop-instances --instance-ids …),"
                        + " or let the autoscaler do it with an empty queue");
        List<String> untagged = named.stream().filter(i -> !tagged(i)).map(Instance::instanceId).toList();
        line(untagged.isEmpty(), what + ": tagged " + Ec2InstanceProvider.POOL_TAG + "=" + id,
                untagged.isEmpty() ? "all tagged" : "untagged: " + untagged,
                "aws ec2 create-tags --resources " + String.join(" ", untagged) + " --tags Key="
                        + Ec2InstanceProvider.POOL_TAG + ",Value=" + id
                        + " (the autoscaler's policy starts and stops only instances with this tag)");
        return named;
    }

    private boolean tagged(Instance instance) {
        return instance.tags().stream().anyMatch(t -> Ec2InstanceProvider.POOL_TAG.equals(t.key()) && id.equals(t.value()));
    }

    private void images(Ec2Client ec2, List<Instance> pool) {
        Set<String> images = new LinkedHashSet<>();
        pool.forEach(i -> images.add(i.imageId()));
        if (images.isEmpty()) {
            unknown("app-tier image", "no pool instances to read it from", "create the pool first");
            return;
        }
        Set<String> found = new LinkedHashSet<>();
        for (String image : images) {
            try {
                ec2.describeImages(r -> r.imageIds(image)).images().forEach(i -> found.add(i.imageId()));
            } catch (AwsServiceException e) {
                // InvalidAMIID.NotFound: deregistered
            }
        }
        Set<String> missing = new LinkedHashSet<>(images);
        missing.removeAll(found);
        line(missing.isEmpty(), "app-tier image " + String.join(", ", images) + " exists",
                missing.isEmpty() ? "registered" : "missing: " + missing,
                "bake it again (packer build deploy/packer/app-tier.pkr.hcl, docs/deploy.md) and re-create the pool with "
                        + "deploy/aws/create.sh " + id + " <the new AMI>");
    }

    private void quota(Ec2Client ec2, List<Instance> pool) {
        int vcpus = 0;
        List<Instance> all = new ArrayList<>(pool);
        all.addAll(CourseAccount.instances(ec2, Filter.builder().name("tag:Name").values(CourseAccount.WEB_INSTANCE).build()));
        Map<String, Integer> perType = new HashMap<>();
        for (Instance instance : all) {
            String type = instance.instanceTypeAsString();
            vcpus += perType.computeIfAbsent(type, t -> ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(t))
                    .instanceTypes().get(0).vCpuInfo().defaultVCpus());
        }
        int needed = vcpus;
        String what = "vCPU quota covers the web instance and the whole pool running (" + needed + " vCPUs)";
        ServiceQuotas.Answer answer = quotas.onDemandStandardVcpus();
        if (answer.value().isEmpty()) {
            unknown(what, "could not read it: " + answer.reason(), "check Service Quotas → Amazon EC2 → "
                    + "'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances' (L-1216C47A) >= " + needed);
            return;
        }
        double quota = answer.value().getAsDouble();
        line(quota >= needed, what, "quota " + (long) quota, "request an increase of L-1216C47A to at least " + needed
                + ": aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A --desired-value "
                + needed);
    }

    private void grader(IamClient iam) {
        String what = "grader user " + CourseAccount.GRADER;
        List<String> attached;
        try {
            attached = iam.listAttachedUserPolicies(r -> r.userName(CourseAccount.GRADER)).attachedPolicies().stream()
                    .map(AttachedPolicy::policyName).toList();
        } catch (NoSuchEntityException e) {
            fail(what, "missing", "aws iam create-user --user-name " + CourseAccount.GRADER
                    + ", then attach the policies (docs/cse546.md)");
            return;
        }
        pass(what, "exists");
        List<String> missing = CourseAccount.GRADER_POLICIES.stream().filter(p -> !attached.contains(p)).toList();
        line(missing.isEmpty(), what + " holds " + String.join(", ", CourseAccount.GRADER_POLICIES),
                missing.isEmpty() ? "all attached" : "missing: " + missing,
                missing.stream().map(p -> "aws iam attach-user-policy --user-name " + CourseAccount.GRADER
                        + " --policy-arn " + CourseAccount.managedPolicyArn(p)).reduce((a, b) -> a + "; " + b).orElse(""));
    }

    /** An answer AWS refused (access denied, an API the emulator lacks) becomes an unknown line, not a crash. */
    private void guarded(String what, Runnable check) {
        try {
            check.run();
        } catch (AwsServiceException e) {
            unknown(what, "AWS answered " + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage(),
                    "let these credentials read it (the check needs read access to S3, SQS, SimpleDB, EC2 and IAM)");
        } catch (SimpleDbException e) {
            unknown(what, e.getMessage(), "let these credentials read SimpleDB (sdb:ListDomains)");
        }
    }

    private List<Instance> guardedList(String what, Supplier<List<Instance>> check) {
        List<List<Instance>> result = new ArrayList<>(List.of(List.of()));
        guarded(what, () -> result.set(0, check.get()));
        return result.get(0);
    }

    private void line(boolean passed, String what, String detail, String fix) {
        lines.add(new Line(passed ? Status.PASS : Status.FAIL, what, detail, passed ? "" : fix));
    }

    private void pass(String what, String detail) {
        line(true, what, detail, "");
    }

    private void fail(String what, String detail, String fix) {
        line(false, what, detail, fix);
    }

    private void unknown(String what, String detail, String fix) {
        lines.add(new Line(Status.UNKNOWN, what, detail, fix));
    }

    /** Whether every line passed or could not be read (an unreadable line is shown, but is not a failure). */
    public static boolean passed(Collection<Line> lines) {
        return lines.stream().noneMatch(l -> l.status() == Status.FAIL);
    }
}
