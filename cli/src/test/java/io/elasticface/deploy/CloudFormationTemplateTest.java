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
    void eachTierHasOnlyTheActionsItUses() {
        assertThat(actions("WebTierPolicy")).containsExactlyInAnyOrder(
                "s3:PutObject", "s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "sqs:SendMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                "sqs:GetQueueAttributes");
        assertThat(actions("WebTierResultsPolicy")).containsExactlyInAnyOrder(
                "sdb:GetAttributes");
        assertThat(actions("WorkerPolicy")).containsExactlyInAnyOrder(
                "s3:GetObject", "s3:PutObject", "s3:ListBucket", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:SendMessage");
        assertThat(actions("WorkerResultsPolicy")).containsExactlyInAnyOrder(
                "sdb:PutAttributes", "sdb:GetAttributes");
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
        assertThat(actions("AutoscalerPolicy")).containsExactlyInAnyOrder(
                "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "ec2:DescribeInstances", "ec2:StartInstances",
                "ec2:StopInstances");
    }

    /**
     * Every AWS call a tier's code makes, and on what: kept by hand beside the code that makes it (the
     * adapters are few: S3ObjectStore, SqsMessageSender, the listeners, QueueContract, SimpleDbClient,
     * Ec2InstanceProvider). A call missing from its tier's policy fails on AWS only, so it fails here first.
     */
    static Stream<Arguments> callsEachTierMakes() {
        return Stream.of(
                // web tier: Dispatcher stores the upload, deletes it when the send fails, sends the request
                Arguments.of("web", "s3:PutObject", "InBucket/*"),
                Arguments.of("web", "s3:DeleteObject", "InBucket/*"),
                Arguments.of("web", "s3:ListBucket", "InBucket"),
                Arguments.of("web", "sqs:SendMessage", "RequestQueue"),
                Arguments.of("web", "sqs:GetQueueUrl", "RequestQueue"),
                Arguments.of("web", "sqs:ReceiveMessage", "ResponseQueue"),
                Arguments.of("web", "sqs:DeleteMessage", "ResponseQueue"),
                Arguments.of("web", "sqs:GetQueueAttributes", "ResponseQueue"),
                // GET /results/{id}: SimpleDB, or the objects store's results/ prefix without it
                Arguments.of("web", "sdb:GetAttributes", "ResultsDomain"),
                Arguments.of("web", "s3:GetObject", "GalleryBucket/results/*"),
                // worker: RequestProcessor, GallerySync, QueueContract, MalformedRequests
                Arguments.of("worker", "s3:GetObject", "InBucket/*"),
                Arguments.of("worker", "s3:PutObject", "OutBucket/*"),
                Arguments.of("worker", "s3:GetObject", "GalleryBucket/*"),
                Arguments.of("worker", "s3:PutObject", "GalleryBucket/results/*"),
                Arguments.of("worker", "sqs:ReceiveMessage", "RequestQueue"),
                Arguments.of("worker", "sqs:DeleteMessage", "RequestQueue"),
                Arguments.of("worker", "sqs:ChangeMessageVisibility", "RequestQueue"),
                Arguments.of("worker", "sqs:GetQueueAttributes", "RequestQueue"),
                Arguments.of("worker", "sqs:SendMessage", "resp-queue*"),
                Arguments.of("worker", "sqs:GetQueueUrl", "DeadLetterQueue"),
                Arguments.of("worker", "sqs:SendMessage", "DeadLetterQueue"),
                Arguments.of("worker", "sdb:PutAttributes", "ResultsDomain"),
                // autoscaler: SqsQueueSignal, Ec2InstanceProvider
                Arguments.of("autoscaler", "sqs:GetQueueAttributes", "RequestQueue"),
                Arguments.of("autoscaler", "ec2:DescribeInstances", "*"),
                Arguments.of("autoscaler", "ec2:StartInstances", "instance/*"),
                Arguments.of("autoscaler", "ec2:StopInstances", "instance/*"));
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
                .anyMatch(r -> name.equals("*") ? r.equals("*") : r.contains(name) && r.contains(path));
        assertThat(allowed).as("%s's policy allows %s on %s", tier, action, resource).isTrue();
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
            assertThat(properties(bucket).get("BucketEncryption").toString()).as(bucket).contains("SSEAlgorithm");
            Map<String, Object> policy = resources.values().stream().map(CloudFormationTemplateTest::map)
                    .filter(r -> "AWS::S3::BucketPolicy".equals(r.get("Type")))
                    .map(r -> map(r.get("Properties")))
                    .filter(p -> Map.of("Ref", bucket).equals(p.get("Bucket")))
                    .findFirst().orElseThrow(() -> new AssertionError("no bucket policy for " + bucket));
            Map<String, Object> deny = map(list(map(policy.get("PolicyDocument")).get("Statement")).get(0));
            assertThat(deny).containsEntry("Effect", "Deny").containsEntry("Principal", "*").containsEntry("Action", "s3:*");
            assertThat(map(map(deny.get("Condition")).get("Bool"))).containsEntry("aws:SecureTransport", false);
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
