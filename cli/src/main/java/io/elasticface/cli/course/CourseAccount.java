package io.elasticface.cli.course;

import io.elasticface.autoscaler.fleet.ec2.Ec2InstanceProvider;
import io.elasticface.autoscaler.fleet.ec2.PoolCreator;
import io.elasticface.aws.AwsClients;
import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.messaging.SqsClients;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.S3Clients;
import io.elasticface.objectstore.S3ObjectStore;
import io.elasticface.results.simpledb.SimpleDbClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the course's grader expects in an account, created where it is missing: the three buckets, the 1 KB
 * request queue with its dead-letter queue, the response queue, the SimpleDB domain, one running
 * {@code web-instance}, a pool of stopped {@code app-tier-instance-<n>} tagged {@code elasticface:pool=<id>}
 * (launched from a registered app-tier image through a launch template, by {@link PoolCreator}, the code
 * {@code elasticface aws pool create} runs on AWS), and the grader's IAM user.
 *
 * <p>This is how {@code elasticface local --aws-endpoint} sets up an AWS emulator. On AWS the CloudFormation
 * stack and {@code deploy/aws/create.sh} do the same with the same names; {@link CourseCheck} checks either.
 * Running it twice changes nothing: a second run reuses the stopped pool.
 */
public final class CourseAccount {

    public static final String WEB_INSTANCE = "web-instance";
    public static final String POOL_PREFIX = "app-tier-instance-";
    public static final String GRADER = "cse546-AutoGrader";
    /** The AWS managed policies the course asks the grader's user to hold. */
    public static final List<String> GRADER_POLICIES =
            List.of("IAMReadOnlyAccess", "AmazonEC2ReadOnlyAccess", "AmazonS3FullAccess", "AmazonSQSFullAccess");
    /** As the stack's queue: workers extend it while they work; five failures send a request to the DLQ. */
    static final Duration VISIBILITY = Duration.ofSeconds(30);
    static final int MAX_RECEIVES = 5;
    private static final String IMAGE_NAME = "elasticface-app-tier";
    private static final InstanceType INSTANCE_TYPE = InstanceType.T2_MICRO;

    private final AwsClients aws;
    private final ResourceNames names;
    private final String poolId;
    private final Consumer<String> progress;

    /**
     * @param poolId   the pool's id, the value of the {@code elasticface:pool} tag (the course ID)
     * @param progress hears one line per step
     */
    public CourseAccount(AwsClients aws, ResourceNames names, String poolId, Consumer<String> progress) {
        this.aws = aws;
        this.names = names;
        this.poolId = poolId;
        this.progress = progress;
    }

    /** A step that failed, named, with AWS's answer. */
    public static final class StepFailed extends RuntimeException {
        public StepFailed(String step, RuntimeException cause) {
            super(step + " failed: " + cause.getMessage(), cause);
        }
    }

    /**
     * Creates whatever is missing.
     *
     * @param poolSize instances in the pool (the course allows 15, or 20 in some terms)
     * @return the pool's instance ids
     */
    public List<String> provision(int poolSize) {
        try (S3Client s3 = S3Clients.create(aws); SqsClient sqs = SqsClients.create(aws);
             SimpleDbClient sdb = SimpleDbClient.of(aws); Ec2Client ec2 = Ec2InstanceProvider.client(aws);
             IamClient iam = iamClient(aws)) {
            step("buckets " + names.inBucket() + ", " + names.outBucket() + ", " + names.galleryBucket(), () -> {
                S3ObjectStore store = new S3ObjectStore(s3);
                for (String bucket : List.of(names.inBucket(), names.outBucket(), names.galleryBucket())) {
                    store.ensureBucket(bucket);
                    // as the stack: nothing in these buckets is for the public
                    s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c
                            .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true)
                            .restrictPublicBuckets(true)));
                }
                return null;
            });
            step("queues " + names.requestQueue() + " (1 KB, dead letters to " + names.deadLetterQueue() + "), "
                    + names.responseQueue(), () -> {
                QueueProvisioner queues = new QueueProvisioner(sqs);
                queues.ensureRequestQueue(names.requestQueue(), names.deadLetterQueue(), VISIBILITY, MAX_RECEIVES);
                return queues.ensureResponseQueue(names.responseQueue());
            });
            step("SimpleDB domain " + names.domain(), () -> {
                sdb.createDomain(names.domain());
                return null;
            });
            String image = step("app-tier image " + IMAGE_NAME, () -> image(ec2));
            String template = step("launch template " + templateName(), () -> template(ec2, image));
            step("one running " + WEB_INSTANCE, () -> webInstance(ec2, image));
            List<String> pool = step("pool of " + poolSize + " stopped " + POOL_PREFIX + "<n>, tagged "
                    + Ec2InstanceProvider.POOL_TAG + "=" + poolId, () -> pool(ec2, template, poolSize));
            step("grader user " + GRADER + " with " + String.join(", ", GRADER_POLICIES), () -> grader(iam));
            return pool;
        }
    }

    /** IAM is global: on AWS its endpoint is in aws-global, whatever the tiers' region. */
    static IamClient iamClient(AwsClients aws) {
        var builder = aws.configure(IamClient.builder(), aws.properties().endpoint());
        if (aws.properties().endpoint() == null) {
            builder.region(software.amazon.awssdk.regions.Region.AWS_GLOBAL);
        }
        return builder.build();
    }

    private <T> T step(String what, Supplier<T> step) {
        try {
            T result = step.get();
            progress.accept("  ok  " + what);
            return result;
        } catch (RuntimeException e) {
            throw new StepFailed(what, e);
        }
    }

    /** The app-tier image: on AWS Packer bakes it; on an emulator it is registered by name. */
    private String image(Ec2Client ec2) {
        return ec2.describeImages(r -> r.owners("self").filters(f -> f.name("name").values(IMAGE_NAME))).images()
                .stream().map(i -> i.imageId()).findFirst()
                .orElseGet(() -> ec2.registerImage(r -> r.name(IMAGE_NAME).architecture("x86_64")
                        .rootDeviceName("/dev/xvda").description("Elastic Face app tier")).imageId());
    }

    private String templateName() {
        return "elasticface-app-tier-" + poolId;
    }

    private String template(Ec2Client ec2, String image) {
        return ec2.describeLaunchTemplates(r -> r.filters(f -> f.name("launch-template-name").values(templateName())))
                .launchTemplates().stream().map(t -> t.launchTemplateId()).findFirst()
                .orElseGet(() -> ec2.createLaunchTemplate(r -> r.launchTemplateName(templateName())
                        .launchTemplateData(d -> d.imageId(image).instanceType(INSTANCE_TYPE)))
                        .launchTemplate().launchTemplateId());
    }

    private String webInstance(Ec2Client ec2, String image) {
        List<Instance> web = instances(ec2, Filter.builder().name("tag:Name").values(WEB_INSTANCE).build());
        if (web.isEmpty()) {
            String id = ec2.runInstances(r -> r.imageId(image).instanceType(INSTANCE_TYPE).minCount(1).maxCount(1)
                    .tagSpecifications(t -> t.resourceType("instance").tags(tag -> tag.key("Name").value(WEB_INSTANCE))))
                    .instances().get(0).instanceId();
            return id;
        }
        Instance instance = web.get(0);
        if ("stopped".equals(instance.state().nameAsString())) {
            ec2.startInstances(r -> r.instanceIds(instance.instanceId()));
        }
        return instance.instanceId();
    }

    private List<String> pool(Ec2Client ec2, String template, int size) {
        List<String> existing = instances(ec2,
                Filter.builder().name("tag:" + Ec2InstanceProvider.POOL_TAG).values(poolId).build())
                .stream().map(Instance::instanceId).toList();
        if (existing.size() >= size) {
            return existing.stream().sorted().toList();
        }
        new PoolCreator(ec2, Duration.ofMillis(200), Duration.ofMinutes(2))
                .create(size - existing.size(), template, POOL_PREFIX, poolId);
        return instances(ec2, Filter.builder().name("tag:" + Ec2InstanceProvider.POOL_TAG).values(poolId).build())
                .stream().map(Instance::instanceId).sorted().toList();
    }

    private Void grader(IamClient iam) {
        try {
            iam.getUser(r -> r.userName(GRADER));
        } catch (NoSuchEntityException e) {
            iam.createUser(r -> r.userName(GRADER));
        }
        for (String policy : GRADER_POLICIES) {
            iam.attachUserPolicy(r -> r.userName(GRADER).policyArn(managedPolicyArn(policy)));
        }
        return null;
    }

    static String managedPolicyArn(String policy) {
        return "arn:aws:iam::aws:policy/" + policy;
    }

    /** Instances matching the filter that are not gone (terminated ones linger in listings for an hour). */
    static List<Instance> instances(Ec2Client ec2, Filter filter) {
        return ec2.describeInstancesPaginator(r -> r.filters(filter, Filter.builder().name("instance-state-name")
                        .values("pending", "running", "stopping", "stopped").build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }
}
