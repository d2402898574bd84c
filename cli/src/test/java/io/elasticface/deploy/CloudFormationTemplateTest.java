package io.elasticface.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * deploy/cloudformation/elasticface.yaml: parsed with CloudFormation's short-form tags, every
 * reference resolved, the course's resource rules and each tier's permissions pinned down, and
 * cfn-lint run where it is installed.
 */
class CloudFormationTemplateTest {

    private static final Path TEMPLATE = RepositoryFiles.file("deploy/cloudformation/elasticface.yaml");
    private static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    private static Map<String, Object> template;
    private static Map<String, Object> parameters;
    private static Map<String, Object> resources;
    private static Map<String, Object> conditions;

    @BeforeAll
    static void load() throws IOException {
        template = map(CfnYaml.load(Files.readString(TEMPLATE)));
        parameters = map(template.get("Parameters"));
        resources = map(template.get("Resources"));
        conditions = map(template.get("Conditions"));
    }

    @Test
    void everyReferenceResolves() {
        List<String> problems = new ArrayList<>();
        walk(template, Set.of(), problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void theCourseParametersExist() {
        assertThat(parameters).containsKeys("ID", "Scheme", "AppTierAmi", "WebTierAmi", "WebCidr");
        assertThat(map(parameters.get("Scheme")).get("AllowedValues")).asList().containsExactly("cse546", "default");
        // Optional key pair: an empty default, used only under a condition.
    }

    @Test
    void bucketsAndQueuesFollowTheCourseNames() {
        assertThat(properties("InBucket").get("BucketName")).isEqualTo(Map.of("Fn::Sub", "${ID}-in-bucket"));
        assertThat(properties("OutBucket").get("BucketName")).isEqualTo(Map.of("Fn::Sub", "${ID}-out-bucket"));
        assertThat(properties("GalleryBucket").get("BucketName")).isEqualTo(Map.of("Fn::Sub", "${ID}-gallery-bucket"));
        assertThat(properties("RequestQueue").get("QueueName")).isEqualTo(Map.of("Fn::Sub", "${ID}-req-queue"));
        assertThat(properties("ResponseQueue").get("QueueName")).isEqualTo(Map.of("Fn::Sub", "${ID}-resp-queue"));
        assertThat(type("ResultsDomain")).isEqualTo("AWS::SDB::Domain");
    }

    @Test
    void theRequestQueueTakesOneKilobyteAndRedrivesToTheDeadLetterQueue() {
        Map<String, Object> queue = properties("RequestQueue");
        assertThat(queue.get("MaximumMessageSize")).isEqualTo(1024);
        assertThat(queue.get("VisibilityTimeout")).isEqualTo(30);
        Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
        assertThat(redrive.get("deadLetterTargetArn")).isEqualTo(Map.of("Fn::GetAtt", List.of("DeadLetterQueue", "Arn")));
        assertThat(redrive.get("maxReceiveCount")).isEqualTo(5);
    }

    @Test
    void thePoliciesGoToTheirRoles() {
        // The SimpleDB policies exist only with the domain, and go to the right roles.
        for (String policy : List.of("WebTierResultsPolicy", "WorkerResultsPolicy")) {
            assertThat(map(resources.get(policy)).get("Condition")).isEqualTo("WithSimpleDB");
        }
        assertThat(properties("WebTierResultsPolicy").get("Roles")).isEqualTo(List.of(Map.of("Ref", "WebRole")));
        assertThat(properties("WorkerResultsPolicy").get("Roles")).isEqualTo(List.of(Map.of("Ref", "WorkerRole")));
        assertThat(list(properties("WebRole").get("ManagedPolicyArns")))
                .startsWith(Map.of("Ref", "WebTierPolicy"), Map.of("Ref", "AutoscalerPolicy")).hasSize(3);
        assertThat(list(properties("WorkerRole").get("ManagedPolicyArns")))
                .startsWith(Map.of("Ref", "WorkerPolicy")).hasSize(2);
    }

    /** One AWS call a tier's code makes, and on which of the stack's resources ({@code Logical/path}, or {@code *}). */
    record Call(String tier, String action, String resource) {
    }

    private static Call call(String tier, String action, String resource) {
        return new Call(tier, action, resource);
    }

    /**
     * Every AWS call each tier makes, and on what. The tiers and resources are written by hand; the actions are
     * kept honest by {@link #everyAwsCallInTheCodeIsInTheTable} and {@link #everyActionAPolicyAllowsIsInTheTable}.
     * A call missing from its tier's policy fails on AWS only, so it fails here first.
     */
    static final List<Call> CALLS = List.of(
            // web tier. Dispatcher: stores the upload, deletes it when the request cannot be queued, sends it.
            call("web", "s3:PutObject", "InBucket/*"),
            call("web", "s3:DeleteObject", "InBucket/*"),
            call("web", "s3:ListBucket", "InBucket"), // ensureBucket at start: HeadBucket is authorized as ListBucket
            call("web", "sqs:GetQueueUrl", "RequestQueue"),
            call("web", "sqs:SendMessage", "RequestQueue"),
            // its own response queue: looked up at start, then Spring Cloud AWS's listener
            call("web", "sqs:GetQueueUrl", "ResponseQueue"),
            call("web", "sqs:GetQueueAttributes", "ResponseQueue"),
            call("web", "sqs:ReceiveMessage", "ResponseQueue"),
            call("web", "sqs:DeleteMessage", "ResponseQueue"),
            // GET /results/{id}: SimpleDB, or the objects store's results/ prefix without it (a missing
            // result is a 404 only with ListBucket on its bucket: see aTierThatReadsABucketMayListIt)
            call("web", "sdb:GetAttributes", "ResultsDomain"),
            call("web", "s3:GetObject", "GalleryBucket/results/*"),
            call("web", "s3:ListBucket", "GalleryBucket"),
            // the collection API: listings read collections (and the gallery file), removals write a change
            call("web", "s3:GetObject", "GalleryBucket/collections/*"),
            call("web", "s3:GetObject", "GalleryBucket/gallery/*"),
            call("web", "s3:PutObject", "GalleryBucket/collections/*"),
            call("web", "s3:GetObject", "GalleryBucket/thumbnails/*"),
            call("web", "s3:DeleteObject", "GalleryBucket/thumbnails/*"),
            // worker. RequestProcessor reads the image and writes the output and the result; ensureBucket at start.
            call("worker", "s3:GetObject", "InBucket/*"),
            call("worker", "s3:ListBucket", "InBucket"),
            call("worker", "s3:PutObject", "OutBucket/*"),
            call("worker", "s3:ListBucket", "OutBucket"),
            call("worker", "sdb:PutAttributes", "ResultsDomain"),
            call("worker", "s3:PutObject", "GalleryBucket/results/*"),
            // collections (the gallery file is collection default's base): list, HeadObject (authorized as
            // GetObject), GetObject; enrollment and compaction write, compaction deletes what it folded in
            call("worker", "s3:GetObject", "GalleryBucket/*"),
            call("worker", "s3:ListBucket", "GalleryBucket"),
            call("worker", "s3:PutObject", "GalleryBucket/collections/*"),
            call("worker", "s3:DeleteObject", "GalleryBucket/collections/*"),
            call("worker", "s3:PutObject", "GalleryBucket/thumbnails/*"),
            // QueueContract at start, then Spring Cloud AWS's listener (receive, extend, delete)
            call("worker", "sqs:GetQueueUrl", "RequestQueue"),
            call("worker", "sqs:GetQueueAttributes", "RequestQueue"),
            call("worker", "sqs:ReceiveMessage", "RequestQueue"),
            call("worker", "sqs:ChangeMessageVisibility", "RequestQueue"),
            call("worker", "sqs:DeleteMessage", "RequestQueue"),
            // replies, to the queue named in each request
            call("worker", "sqs:SendMessage", "resp-queue*"),
            // MalformedRequests: the dead-letter queue, found from the redrive policy
            call("worker", "sqs:GetQueueUrl", "DeadLetterQueue"),
            call("worker", "sqs:SendMessage", "DeadLetterQueue"),
            // autoscaler. SqsQueueSignal, Ec2InstanceProvider.
            call("autoscaler", "sqs:GetQueueUrl", "RequestQueue"),
            call("autoscaler", "sqs:GetQueueAttributes", "RequestQueue"),
            call("autoscaler", "ec2:DescribeInstances", "*"),
            call("autoscaler", "ec2:StartInstances", "instance/*"),
            call("autoscaler", "ec2:StopInstances", "instance/*"));

    /** Calls in the code that never run with a tier's role, and why. */
    private static final Map<String, String> NOT_A_TIER = Map.of(
            "PoolCreator.java", "`aws pool create`, run by the operator with the operator's own credentials",
            "CourseCheck.java", "`cse546 check`, run by the operator with the operator's own credentials (reads only)",
            "Reach.java", "the first call of the operator's commands, with the operator's credentials",
            "CourseAccount.java", "`local --aws-endpoint`: provisions an emulator, with the emulator's fixed identity",
            "InstanceAgent.java", "`local --aws-endpoint`: lists an emulator's pool (Ec2InstanceProvider) with its identity",
            "s3:CreateBucket", "only for a bucket that is missing: the stack creates them (local mode and emulators do not)",
            "sqs:CreateQueue", "only for a queue that is missing: the stack creates them (local mode and emulators do not)",
            "sdb:CreateDomain", "never with the simpledb store: the stack provisions the domain (ResultsConfiguration)");

    static Stream<Arguments> callsEachTierMakes() {
        return CALLS.stream().map(c -> Arguments.of(c.tier(), c.action(), c.resource()));
    }

    @ParameterizedTest(name = "{0} may {1} on {2}")
    @MethodSource("callsEachTierMakes")
    void eachCallATierMakesIsAllowedOnItsResource(String tier, String action, String resource) {
        List<String> policies = switch (tier) {
            case "web" -> List.of("WebTierPolicy", "WebTierResultsPolicy");
            case "worker" -> List.of("WorkerPolicy", "WorkerResultsPolicy");
            default -> List.of("AutoscalerPolicy");
        };
        String name = resource.split("/")[0];
        String path = resource.contains("/") ? resource.substring(resource.indexOf('/')) : "";
        boolean allowed = policies.stream().flatMap(p -> statements(p).stream())
                .filter(s -> list(s.get("Action")).contains(action))
                .flatMap(s -> list(s.get("Resource")).stream())
                .map(String::valueOf)
                .anyMatch(r -> name.equals("*") ? r.equals("*") : r.contains(name) && (r.contains(path)
                        // a bucket's /* covers every path in it (r is {Fn::Sub=...${Bucket}/*})
                        || !path.isEmpty() && Pattern.compile(Pattern.quote(name) + "}/\\*}?$").matcher(r).find()));
        assertThat(allowed).as("%s's policy allows %s on %s", tier, action, resource).isTrue();
    }

    /**
     * The other way round: a policy allows nothing its tier's code does not call (least privilege). Compared by
     * action; the resources are held by {@link #eachCallATierMakesIsAllowedOnItsResource}.
     */
    @Test
    void everyActionAPolicyAllowsIsInTheTable() {
        Map<String, List<String>> policies = Map.of(
                "web", List.of("WebTierPolicy", "WebTierResultsPolicy"),
                "worker", List.of("WorkerPolicy", "WorkerResultsPolicy"),
                "autoscaler", List.of("AutoscalerPolicy"));
        policies.forEach((tier, names) -> {
            Set<String> allowed = new TreeSet<>();
            names.forEach(n -> allowed.addAll(actions(n)));
            Set<String> called = new TreeSet<>();
            CALLS.stream().filter(c -> c.tier().equals(tier)).forEach(c -> called.add(c.action()));
            assertThat(allowed).as("actions %s's policies allow", tier).isEqualTo(called);
        });
    }

    /**
     * Without s3:ListBucket on a bucket, S3 answers a missing key with 403 instead of 404, and the code reads
     * 404 as "absent" (S3ObjectStore.get and version): an image gone, a result not written yet, no gallery. So
     * a tier that may read objects in a bucket may also list it.
     */
    @Test
    void aTierThatReadsABucketMayListIt() {
        for (String policy : List.of("WebTierPolicy", "WorkerPolicy")) {
            Set<String> read = new TreeSet<>();
            Set<String> listed = new TreeSet<>();
            for (Map<String, Object> s : statements(policy)) {
                for (Object r : list(s.get("Resource"))) {
                    if (list(s.get("Action")).contains("s3:GetObject")) {
                        read.add(bucketOf(r));
                    }
                    if (list(s.get("Action")).contains("s3:ListBucket")) {
                        listed.add(bucketOf(r));
                    }
                }
            }
            assertThat(listed).as("%s lets its tier list every bucket it reads", policy).containsAll(read);
        }
    }

    private static final Pattern SUB_BUCKET = Pattern.compile("\\$\\{(\\w+Bucket)}");

    /** The logical name of the bucket an S3 resource (a bucket ARN or an object ARN pattern) is in. */
    private static String bucketOf(Object resource) {
        Map<String, Object> r = map(resource);
        if (r.containsKey("Fn::GetAtt")) {
            return String.valueOf(list(r.get("Fn::GetAtt")).get(0));
        }
        Matcher m = SUB_BUCKET.matcher(String.valueOf(r.get("Fn::Sub")));
        assertThat(m.find()).as("an S3 resource naming a bucket: %s", resource).isTrue();
        return m.group(1);
    }

    /**
     * Keeps {@link #CALLS} honest by reading the code (a grep rather than a recording fake: a fake sees only the
     * paths the tests happen to run, the grep sees every call written). It finds two kinds of call:
     * <ul>
     *   <li>calls on an AWS client, whose variables are named after their service ({@code s3}, {@code sqs},
     *       {@code ec2}, {@code sdb}; {@link #awsClientsAreNamedAfterTheirService} holds the code to that),
     *       mapped to IAM actions ({@code headBucket} is authorized as s3:ListBucket, {@code headObject} as
     *       s3:GetObject);</li>
     *   <li>in the tiers' own modules, calls on the shared adapters' ports (ObjectStore, MessageSender,
     *       QueueProvisioner, ResultStore) through variables of those types, mapped by {@link #PORTS}.</li>
     * </ul>
     * A call found in web-tier, app-tier or autoscaler must be in the table for that tier; one inside a shared
     * adapter (object-store, messaging, results) for some tier, since which tier makes it shows at the ports.
     * What no grep sees, and the table holds by hand: the resources, and Spring Cloud AWS's listener calls
     * (receive, delete, change visibility, queue URL and attributes).
     */
    @Test
    void everyAwsCallInTheCodeIsInTheTable() throws IOException {
        List<String> missing = new ArrayList<>();
        List<CodeCall> found = callsInTheCode();
        for (CodeCall c : found) {
            if (NOT_A_TIER.containsKey(c.file()) || NOT_A_TIER.containsKey(c.action())) {
                continue;
            }
            boolean listed = CALLS.stream().anyMatch(t -> t.action().equals(c.action())
                    && (c.tier().equals("shared") || t.tier().equals(c.tier())));
            if (!listed) {
                missing.add(c.tier() + " calls " + c.action() + " (" + c.file() + ": " + c.code() + ")");
            }
        }
        assertThat(missing).as("calls in the code that the table (CALLS) does not hold").isEmpty();
        // the grep finds what it must, or a rename has blinded it
        assertThat(found).extracting(CodeCall::file).contains("S3ObjectStore.java", "SqsMessageSender.java",
                "QueueContract.java", "SqsQueueSignal.java", "Ec2InstanceProvider.java", "SimpleDbResultStore.java",
                "Dispatcher.java", "RequestProcessor.java", "RecognitionController.java");
        assertThat(found).contains(new CodeCall("web", "Dispatcher.java", "s3:DeleteObject", "images.delete("));
    }

    @Test
    void awsClientsAreNamedAfterTheirService() throws IOException {
        Pattern declaration = Pattern.compile("\\b(S3Client|S3AsyncClient|SqsClient|SqsAsyncClient|Ec2Client|SimpleDbClient)"
                + "\\s+(\\w+)\\s*[,;)=]");
        Map<String, String> names = Map.of("S3Client", "s3", "S3AsyncClient", "s3", "SqsClient", "sqs",
                "SqsAsyncClient", "sqs", "Ec2Client", "ec2", "SimpleDbClient", "sdb");
        List<String> misnamed = new ArrayList<>();
        for (Path file : mainSources().keySet()) {
            Matcher m = declaration.matcher(Files.readString(file));
            while (m.find()) {
                if (!names.get(m.group(1)).equals(m.group(2))) {
                    misnamed.add(file.getFileName() + ": " + m.group());
                }
            }
        }
        assertThat(misnamed).as("AWS clients not named after their service, which the grep would miss").isEmpty();
    }

    /** A call found in the code: which tier ("shared" for the shared adapters), where, the IAM action. */
    record CodeCall(String tier, String file, String action, String code) {
    }

    /** The ports of the shared adapters, method by method, with the IAM actions each call may need. */
    private static final Map<String, Map<String, List<String>>> PORTS = Map.of(
            "ObjectStore", Map.of("put", List.of("s3:PutObject"), "get", List.of("s3:GetObject"),
                    "delete", List.of("s3:DeleteObject"), "version", List.of("s3:GetObject"),
                    "ensureBucket", List.of("s3:ListBucket")),
            "MessageSender", Map.of("send", List.of("sqs:SendMessage")),
            "QueueProvisioner", Map.of("url", List.of("sqs:GetQueueUrl"),
                    "ensureResponseQueue", List.of("sqs:GetQueueUrl"),
                    "ensureRequestQueue", List.of("sqs:GetQueueUrl", "sqs:GetQueueAttributes")),
            // collections in the gallery bucket (the collections module)
            "CollectionStore", Map.of("append", List.of("s3:PutObject"), "collections", List.of("s3:ListBucket"),
                    "ensureBucket", List.of("s3:ListBucket"), "putThumbnail", List.of("s3:PutObject"),
                    "thumbnail", List.of("s3:GetObject"), "deleteThumbnail", List.of("s3:DeleteObject")),
            "CollectionCache", Map.of("view", List.of("s3:ListBucket", "s3:GetObject"),
                    "fresh", List.of("s3:ListBucket", "s3:GetObject"), "known", List.of()),
            "Compactor", Map.of("compact", List.of("s3:ListBucket", "s3:GetObject", "s3:PutObject",
                    "s3:DeleteObject")),
            // the store is chosen by configuration: SimpleDB, or objects in the gallery bucket
            "ResultStore", Map.of("put", List.of("sdb:PutAttributes", "s3:PutObject"),
                    "get", List.of("sdb:GetAttributes", "s3:GetObject")));

    private static final Pattern CLIENT_CALL = Pattern.compile("\\b(s3|sqs|ec2|sdb)\\.([a-z]\\w*)\\(");
    private static final Pattern PORT_VARIABLE = Pattern.compile(
            "\\b(" + String.join("|", PORTS.keySet()) + ")\\s+(\\w+)\\s*[,;)=]");

    private static List<CodeCall> callsInTheCode() throws IOException {
        List<CodeCall> calls = new ArrayList<>();
        for (Map.Entry<Path, String> source : mainSources().entrySet()) {
            String tier = source.getValue();
            String file = source.getKey().getFileName().toString();
            String text = Files.readString(source.getKey());
            Matcher m = CLIENT_CALL.matcher(text);
            while (m.find()) {
                if (!m.group(2).equals("close")) {
                    calls.add(new CodeCall(tier, file, iamAction(m.group(1), m.group(2)), m.group()));
                }
            }
            if (tier.equals("shared") || tier.equals("operator")) {
                continue;
            }
            Matcher v = PORT_VARIABLE.matcher(text);
            while (v.find()) {
                Map<String, List<String>> port = PORTS.get(v.group(1));
                Matcher use = Pattern.compile("\\b" + v.group(2) + "\\.(\\w+)\\(").matcher(text);
                while (use.find()) {
                    List<String> actions = port.get(use.group(1));
                    if (actions == null) {
                        calls.add(new CodeCall(tier, file, v.group(1) + "." + use.group(1)
                                + " (not in PORTS: which AWS actions does it need?)", use.group()));
                    } else {
                        actions.forEach(a -> calls.add(new CodeCall(tier, file, a, use.group())));
                    }
                }
            }
        }
        return calls.stream().distinct().toList();
    }

    private static String iamAction(String service, String method) {
        String operation = method.replaceFirst("(Paginator|AsBytes)$", "");
        return service + ":" + switch (operation) {
            case "headBucket", "listObjectsV2" -> "ListBucket";
            case "headObject" -> "GetObject";
            default -> Character.toUpperCase(operation.charAt(0)) + operation.substring(1);
        };
    }

    /**
     * Every main source file with the tier its module runs in: web-tier, app-tier (the worker) and autoscaler
     * are tiers; cli runs the operator's commands; local-aws holds the emulators (its s3 and sqs are servers,
     * not clients); every other module is a shared adapter or library.
     */
    private static Map<Path, String> mainSources() throws IOException {
        Map<Path, String> sources = new LinkedHashMap<>();
        try (Stream<Path> modules = Files.list(RepositoryFiles.root())) {
            for (Path module : modules.sorted().toList()) {
                Path main = module.resolve("src/main/java");
                String name = module.getFileName().toString();
                if (!Files.isDirectory(main) || name.equals("local-aws")) {
                    continue;
                }
                String tier = switch (name) {
                    case "web-tier" -> "web";
                    case "app-tier" -> "worker";
                    case "autoscaler" -> "autoscaler";
                    case "cli" -> "operator";
                    default -> "shared";
                };
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> sources.put(f, tier));
                }
            }
        }
        return sources;
    }

    @Test
    void noWildcardsBeyondWhatAwsForces() {
        for (String policy : List.of("WebTierPolicy", "WorkerPolicy", "AutoscalerPolicy", "WebTierResultsPolicy",
                "WorkerResultsPolicy")) {
            for (Map<String, Object> statement : statements(policy)) {
                assertThat(list(statement.get("Action"))).allSatisfy(a -> assertThat((String) a).doesNotContain("*"));
                if ("*".equals(statement.get("Resource"))) {
                    // DescribeInstances has no resource-level permissions.
                    assertThat(list(statement.get("Action"))).containsExactly("ec2:DescribeInstances");
                }
            }
        }
        Map<String, Object> startStop = statements("AutoscalerPolicy").stream()
                .filter(s -> list(s.get("Action")).contains("ec2:StartInstances"))
                .findFirst().orElseThrow();
        assertThat(map(map(startStop.get("Condition")).get("StringEquals")))
                .containsEntry("aws:ResourceTag/elasticface:pool", Map.of("Ref", "ID"));
    }

    /** The autoscaler's access-denied line (Ec2InstanceProvider) sends the operator to these statements. */
    @Test
    void theStatementsTheAutoscalersErrorNamesExist() {
        Map<String, Map<String, Object>> bySid = new LinkedHashMap<>();
        statements("AutoscalerPolicy").forEach(s -> bySid.put(String.valueOf(s.get("Sid")), s));
        assertThat(bySid.get("SeeThePool")).isNotNull().containsEntry("Resource", "*");
        assertThat(list(bySid.get("SeeThePool").get("Action"))).containsExactly("ec2:DescribeInstances");
        assertThat(bySid.get("StartStopThePool")).isNotNull();
        assertThat(list(bySid.get("StartStopThePool").get("Action")))
                .containsExactlyInAnyOrder("ec2:StartInstances", "ec2:StopInstances");
    }

    @Test
    void thePoolTagTheAutoscalerMayTouchIsOnTheAppTierOnly() {
        String launchTemplate = map(properties("AppLaunchTemplate").get("LaunchTemplateData"))
                .get("TagSpecifications").toString();
        assertThat(launchTemplate).contains("elasticface:pool");
        assertThat(properties("WebInstance").get("Tags").toString()).doesNotContain("elasticface:pool");
    }

    @Test
    void securityGroups() {
        assertThat(properties("AppSecurityGroup")).doesNotContainKey("SecurityGroupIngress");
        List<Object> web = list(properties("WebSecurityGroup").get("SecurityGroupIngress"));
        assertThat(web).hasSize(1);
        Map<String, Object> only = map(web.get(0));
        assertThat(only.get("FromPort")).isEqualTo(8000);
        assertThat(only.get("ToPort")).isEqualTo(8000);
        assertThat(only.get("CidrIp")).isEqualTo(Map.of("Ref", "WebCidr"));
        // No other rule: no SSH. A shell comes through Session Manager (see below).
        List<String> ingress = resources.entrySet().stream()
                .filter(e -> "AWS::EC2::SecurityGroupIngress".equals(map(e.getValue()).get("Type")))
                .map(Map.Entry::getKey).toList();
        assertThat(ingress).isEmpty();
    }

    @Test
    void instancesAreReachedThroughSessionManagerNotSshKeys() {
        for (String role : List.of("WebRole", "WorkerRole")) {
            assertThat(properties(role).get("ManagedPolicyArns").toString()).as(role)
                    .contains("policy/AmazonSSMManagedInstanceCore");
        }
        assertThat(parameters).doesNotContainKeys("KeyName", "SshCidr");
        assertThat(template.toString()).doesNotContain("KeyName", "FromPort=22");
    }

    @Test
    void bucketsArePrivateEncryptedAndRefusePlainHttp() {
        for (String bucket : List.of("InBucket", "OutBucket", "GalleryBucket")) {
            Map<String, Object> block = map(properties(bucket).get("PublicAccessBlockConfiguration"));
            assertThat(block).as(bucket).containsEntry("BlockPublicAcls", true).containsEntry("BlockPublicPolicy", true)
                    .containsEntry("IgnorePublicAcls", true).containsEntry("RestrictPublicBuckets", true);
            // SSE-S3: encrypted at rest with S3's keys (no KMS key to pay for or to grant the roles)
            Map<String, Object> rule = map(list(map(properties(bucket).get("BucketEncryption"))
                    .get("ServerSideEncryptionConfiguration")).get(0));
            assertThat(map(rule.get("ServerSideEncryptionByDefault"))).as(bucket)
                    .containsExactly(Map.entry("SSEAlgorithm", "AES256"));
            Map<String, Object> policy = resources.values().stream().map(CloudFormationTemplateTest::map)
                    .filter(r -> "AWS::S3::BucketPolicy".equals(r.get("Type")))
                    .map(r -> map(r.get("Properties")))
                    .filter(p -> Map.of("Ref", bucket).equals(p.get("Bucket")))
                    .findFirst().orElseThrow(() -> new AssertionError("no bucket policy for " + bucket));
            Map<String, Object> deny = map(list(map(policy.get("PolicyDocument")).get("Statement")).get(0));
            assertThat(deny).containsEntry("Effect", "Deny").containsEntry("Principal", "*").containsEntry("Action", "s3:*");
            assertThat(map(map(deny.get("Condition")).get("Bool"))).containsEntry("aws:SecureTransport", false);
            // the bucket itself (list, policy) and every object in it
            assertThat(list(deny.get("Resource"))).as(bucket).containsExactlyInAnyOrder(
                    Map.of("Fn::GetAtt", List.of(bucket, "Arn")), Map.of("Fn::Sub", "${" + bucket + ".Arn}/*"));
        }
    }

    @Test
    void theWebInstanceHasAnElasticIpAndTheCourseName() {
        assertThat(type("WebAddress")).isEqualTo("AWS::EC2::EIP");
        assertThat(properties("WebAddress").get("InstanceId")).isEqualTo(Map.of("Ref", "WebInstance"));
        assertThat(properties("WebInstance").get("Tags").toString()).contains("Value=web-instance");
    }

    @Test
    void noCredentialsInUserData() {
        String text = template.toString();
        assertThat(text).doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "aws_secret_access_key");
    }

    @Test
    void cfnLint() throws Exception {
        Path cfnLint = RepositoryFiles.onPath("cfn-lint");
        assumeTrue(cfnLint != null, "cfn-lint is not on the PATH: skipping the linter (the structural checks above ran)");
        Process p = new ProcessBuilder(cfnLint.toString(), TEMPLATE.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        // cfn-lint exits 0 when clean, 4 for warnings only, 2 for errors (flags are bits).
        assertThat(p.exitValue()).as("cfn-lint output:%n%s", out).isZero();
    }

    // ------------------------------------------------------------------ reference checking

    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}!][^}]*)}");

    /** Walks the template and records every Ref, GetAtt, Sub variable or condition that names nothing. */
    private static void walk(Object node, Set<String> subLocals, List<String> problems) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object value = e.getValue();
                switch (key) {
                    case "Ref" -> {
                        if (value instanceof String name && !isParameterOrResource(name)) {
                            problems.add("Ref to unknown " + name);
                        }
                    }
                    case "Fn::GetAtt" -> {
                        String resource = value instanceof List<?> l ? String.valueOf(l.get(0))
                                : String.valueOf(value).split("\\.")[0];
                        if (!resources.containsKey(resource)) {
                            problems.add("GetAtt on unknown resource " + resource);
                        }
                    }
                    case "Fn::Sub" -> {
                        String text;
                        Set<String> locals = new HashSet<>(subLocals);
                        if (value instanceof List<?> l) {
                            text = String.valueOf(l.get(0));
                            Map<String, Object> vars = map(l.get(1));
                            locals.addAll(vars.keySet());
                            walk(vars, subLocals, problems);
                        } else {
                            text = String.valueOf(value);
                        }
                        Matcher v = SUB_VAR.matcher(text);
                        while (v.find()) {
                            String name = v.group(1).strip();
                            String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                            boolean ok = locals.contains(name) || PSEUDO.contains(name)
                                    || (name.contains(".") ? resources.containsKey(base) : isParameterOrResource(name));
                            if (!ok) {
                                problems.add("Sub variable ${" + name + "} names nothing");
                            }
                        }
                        continue;
                    }
                    case "Condition", "Fn::If" -> {
                        String condition = value instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(value);
                        if (value instanceof String || value instanceof List<?>) {
                            if (!conditions.containsKey(condition)) {
                                problems.add(key + " names unknown condition " + condition);
                            }
                        }
                    }
                    default -> {
                    }
                }
                walk(value, subLocals, problems);
            }
        } else if (node instanceof List<?> l) {
            for (Object item : l) {
                walk(item, subLocals, problems);
            }
        }
    }

    private static boolean isParameterOrResource(String name) {
        return parameters.containsKey(name) || resources.containsKey(name) || PSEUDO.contains(name);
    }

    // ------------------------------------------------------------------ helpers

    private static String type(String resource) {
        return (String) map(resources.get(resource)).get("Type");
    }

    private static Map<String, Object> properties(String resource) {
        assertThat(resources).containsKey(resource);
        return map(map(resources.get(resource)).get("Properties"));
    }

    /** Statements of a managed policy, with the conditional ones (Fn::If) taken as present. */
    private static List<Map<String, Object>> statements(String policy) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object s : list(map(properties(policy).get("PolicyDocument")).get("Statement"))) {
            Map<String, Object> statement = map(s);
            if (statement.containsKey("Fn::If")) {
                statement = map(list(statement.get("Fn::If")).get(1));
            }
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            out.add(statement);
        }
        return out;
    }

    private static Set<String> actions(String policy) {
        Set<String> actions = new TreeSet<>();
        for (Map<String, Object> s : statements(policy)) {
            for (Object a : list(s.get("Action"))) {
                actions.add((String) a);
            }
        }
        return actions;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of(o);
    }

    /** SnakeYAML with CloudFormation's short forms: {@code !Ref X} becomes {@code {Ref: X}}, {@code !Sub s} {@code {Fn::Sub: s}}. */
    static final class CfnYaml extends SafeConstructor {

        private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
                "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
                "Condition", "Ref");

        private CfnYaml() {
            super(new LoaderOptions());
            for (String f : FUNCTIONS) {
                String key = f.equals("Ref") || f.equals("Condition") ? f : "Fn::" + f;
                this.yamlConstructors.put(new Tag("!" + f), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode s) {
                            value = s.getValue();
                            if (key.equals("Fn::GetAtt")) {
                                String[] parts = s.getValue().split("\\.", 2);
                                value = List.of(parts[0], parts[1]);
                            }
                        } else if (node instanceof SequenceNode s) {
                            value = constructSequence(s);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put(key, value);
                        return m;
                    }
                });
            }
        }

        static Object load(String text) {
            return new Yaml(new CfnYaml()).load(text);
        }
    }
}
