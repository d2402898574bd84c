package io.elasticface.cli.course;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import io.elasticface.cli.ElasticFace;
import io.elasticface.cli.course.CourseCheck.Line;
import io.elasticface.cli.course.CourseCheck.Status;
import io.elasticface.messaging.SqsClients;
import io.elasticface.naming.NamingProperties;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.S3Clients;
import io.elasticface.results.simpledb.SimpleDbClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code elasticface cse546 check} against moto: an account provisioned by the project's own code passes every
 * line; each defect a student meets on the day (a leftover object, a queue without the 1 KB limit, an instance
 * left running or untagged, a policy missing) is one failing line with its fix, and the exit status says so.
 */
class CourseCheckTest {

    private static final String ID = "1234567890";

    @TempDir
    Path dir;

    private Moto moto;
    private AwsClients aws;
    private ResourceNames names;
    private List<String> pool;

    @BeforeEach
    void provisionedAccount() throws Exception {
        moto = Moto.startOrSkip(dir);
        aws = new AwsClients(new AwsProperties(AwsProperties.DEFAULT_REGION, moto.url(), null, null, null, null));
        names = ResourceNames.derive(new NamingProperties("cse546", null, ID, null, null, null, null, null, null, null, null));
        List<String> progress = new ArrayList<>();
        pool = new CourseAccount(aws, names, ID, progress::add).provision(15);
        assertThat(pool).hasSize(15);
        assertThat(progress).hasSize(8).allMatch(line -> line.startsWith("  ok  "));
    }

    @AfterEach
    void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.close();
        }
    }

    private List<Line> check() {
        return new CourseCheck(aws, names, ID, 15, "elasticface-" + ID, new ServiceQuotas(aws)).run();
    }

    @Test
    void aProvisionedAccountPassesEveryLine() {
        List<Line> lines = check();

        assertThat(lines).filteredOn(l -> l.status() == Status.FAIL).isEmpty();
        // moto has no Service Quotas for EC2: that one line is shown as unread, with where to look
        assertThat(lines).filteredOn(l -> l.status() == Status.UNKNOWN).extracting(Line::what)
                .singleElement().asString().startsWith("vCPU quota covers").contains("16 vCPUs");
        assertThat(lines).extracting(Line::what).contains(
                "bucket 1234567890-in-bucket is empty", "bucket 1234567890-out-bucket blocks public access",
                "request queue 1234567890-req-queue: maximum message size 1 KB",
                "request queue 1234567890-req-queue: dead letters go to 1234567890-req-queue-dlq",
                "response queue 1234567890-resp-queue is empty", "SimpleDB domain 1234567890-simpleDB (or the stack's)",
                "one running web-instance", "app-tier pool (app-tier-instance-<n>): all stopped",
                "app-tier pool (app-tier-instance-<n>): tagged elasticface:pool=1234567890",
                "grader user cse546-AutoGrader holds IAMReadOnlyAccess, AmazonEC2ReadOnlyAccess, AmazonS3FullAccess, AmazonSQSFullAccess");
    }

    @Test
    void provisioningTwiceReusesWhatExists() {
        List<String> again = new CourseAccount(aws, names, ID, line -> { }).provision(15);

        assertThat(again).isEqualTo(pool);
        assertThat(check()).filteredOn(l -> l.status() == Status.FAIL).isEmpty();
    }

    @Test
    void eachDefectIsOneFailingLineWithItsFix() throws Exception {
        try (S3Client s3 = S3Clients.create(aws); SqsClient sqs = SqsClients.create(aws);
             Ec2Client ec2 = Ec2Client.builder().region(aws.region()).credentialsProvider(aws.credentials(moto.url()))
                     .endpointOverride(moto.url()).build();
             IamClient iam = CourseAccount.iamClient(aws)) {
            s3.putObject(r -> r.bucket(names.inBucket()).key("left-over.jpg"), RequestBody.fromString("x"));
            String queue = sqs.getQueueUrl(r -> r.queueName(names.requestQueue())).queueUrl();
            sqs.setQueueAttributes(r -> r.queueUrl(queue).attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "262144")));
            ec2.startInstances(r -> r.instanceIds(pool.get(0)));
            ec2.deleteTags(r -> r.resources(pool.get(1)).tags(t -> t.key("elasticface:pool")));
            iam.detachUserPolicy(r -> r.userName(CourseAccount.GRADER)
                    .policyArn(CourseAccount.managedPolicyArn("AmazonS3FullAccess")));
        }

        List<Line> failed = check().stream().filter(l -> l.status() == Status.FAIL).toList();

        assertThat(failed).extracting(Line::what).containsExactlyInAnyOrder(
                "bucket 1234567890-in-bucket is empty",
                "request queue 1234567890-req-queue: maximum message size 1 KB",
                "app-tier pool (app-tier-instance-<n>): all stopped",
                "app-tier pool (app-tier-instance-<n>): tagged elasticface:pool=1234567890",
                "grader user cse546-AutoGrader holds IAMReadOnlyAccess, AmazonEC2ReadOnlyAccess, AmazonS3FullAccess, AmazonSQSFullAccess");
        assertThat(failed).allSatisfy(l -> assertThat(l.fix()).isNotBlank());
        assertThat(failed).extracting(Line::fix).anyMatch(f -> f.contains("aws s3 rm s3://1234567890-in-bucket --recursive"))
                .anyMatch(f -> f.contains("MaximumMessageSize=1024"))
                .anyMatch(f -> f.contains("aws ec2 create-tags --resources " + pool.get(1)))
                .anyMatch(f -> f.contains("--policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess"));

        StringWriter out = new StringWriter();
        int status = ElasticFace.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "cse546", "check", "--id", ID, "--endpoint", moto.url().toString());
        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("[FAIL] request queue 1234567890-req-queue: maximum message size 1 KB: 262144 bytes")
                .contains("5 failed");
    }

    @Test
    void theStacksOwnDomainStandsForTheCoursesName() {
        // CloudFormation names a SimpleDB domain itself (<stack>-ResultsDomain-<suffix>); the tiers are told it
        ResourceNames unnamed = ResourceNames.derive(new NamingProperties("cse546", null, ID, null, null, null, null,
                null, ID + "-notCreated", null, null));
        String what = "SimpleDB domain " + ID + "-notCreated (or the stack's)";
        CourseCheck check = new CourseCheck(aws, unnamed, ID, 15, "elasticface-" + ID, new ServiceQuotas(aws));
        assertThat(check.run()).filteredOn(l -> l.what().equals(what)).singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(Status.FAIL))
                .satisfies(l -> assertThat(l.fix()).contains("USE_SIMPLEDB=true").contains("--domain-name " + ID + "-notCreated"));

        try (SimpleDbClient sdb = SimpleDbClient.of(aws)) {
            sdb.createDomain("elasticface-" + ID + "-ResultsDomain-1A2B3C");
        }
        assertThat(check.run()).filteredOn(l -> l.what().equals(what)).singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(Status.PASS))
                .satisfies(l -> assertThat(l.detail()).isEqualTo("the stack's elasticface-" + ID + "-ResultsDomain-1A2B3C exists"));
    }

    @Test
    void anUnreachableEndpointIsOneSentence() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        StringWriter err = new StringWriter();
        int status = ElasticFace.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "cse546", "check", "--id", ID, "--endpoint", "http://127.0.0.1:" + closed);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("elasticface cse546 check: cannot reach http://127.0.0.1:" + closed)
                .contains("is the emulator running there?").doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void aWrongRegionOrIdIsOneSentence() {
        StringWriter err = new StringWriter();
        assertThat(ElasticFace.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "cse546", "check", "--id", ID, "--region", "us-east-9")).isEqualTo(2);
        assertThat(ElasticFace.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "cse546", "check", "--id", "a b", "--endpoint", moto.url().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'us-east-9' is not an AWS region: pass --region")
                .contains("--id must be your course ID").doesNotContain("\tat ");
    }
}
