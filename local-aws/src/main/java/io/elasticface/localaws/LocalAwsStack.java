package io.elasticface.localaws;

import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQS (ElasticMQ) and S3 (S3Proxy) in this JVM, on loopback, without Docker. Other JVMs on this machine
 * (the local fleet of workers) reach them through {@link #properties()}. S3 objects live under the data
 * directory and survive a restart; queues are in memory.
 */
public final class LocalAwsStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalAwsStack.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final SQSRestServer sqs;
    private final S3Proxy s3;
    private final AwsProperties properties;

    private LocalAwsStack(SQSRestServer sqs, S3Proxy s3, AwsProperties properties) {
        this.sqs = sqs;
        this.s3 = s3;
        this.properties = properties;
    }

    /** Starts both emulators on free loopback ports, S3 storing its objects under {@code dataDir/s3}. */
    public static LocalAwsStack start(Path dataDir) {
        return start(dataDir, 0, 0);
    }

    /** Starts both emulators; a port of 0 picks a free one. */
    public static LocalAwsStack start(Path dataDir, int sqsPort, int s3Port) {
        long started = System.nanoTime();
        SQSRestServer sqs = startSqs(sqsPort == 0 ? freePort() : sqsPort);
        S3Proxy s3;
        try {
            s3 = startS3(dataDir.resolve("s3"), s3Port == 0 ? freePort() : s3Port);
        } catch (RuntimeException e) {
            sqs.stopAndWait();
            throw e;
        }
        int sqsBound = sqs.waitUntilStarted().localAddress().getPort();
        AwsProperties properties = AwsProperties.emulators(
                URI.create("http://" + LOOPBACK + ":" + s3.getPort()),
                URI.create("http://" + LOOPBACK + ":" + sqsBound));
        log.info("Local AWS stack up in {} ms: S3 {} (data in {}), SQS {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), properties.s3Endpoint(),
                dataDir.resolve("s3"), properties.sqsEndpoint());
        return new LocalAwsStack(sqs, s3, properties);
    }

    /** Endpoints for {@link AwsClients}. */
    public AwsProperties properties() {
        return properties;
    }

    public AwsClients clients() {
        return new AwsClients(properties);
    }

    private static SQSRestServer startSqs(int port) {
        SQSRestServer server = SQSRestServerBuilder
                .withInterface(LOOPBACK)
                .withPort(port)
                // queue URLs must name the port clients really use
                .withServerAddress(new NodeAddress("http", LOOPBACK, port, ""))
                .withAWSRegion("us-east-1")
                .start();
        server.waitUntilStarted();
        return server;
    }

    private static S3Proxy startS3(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()))
                    .endpoint(URI.create("http://" + LOOPBACK + ":" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, AwsClients.EMULATOR_ACCESS_KEY,
                            AwsClients.EMULATOR_SECRET_KEY)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within 30 s: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting S3Proxy", e);
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy failed to start: " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    @Override
    public void close() {
        try {
            s3.stop();
        } catch (Exception e) {
            log.warn("S3Proxy did not stop cleanly: {}", e.getMessage());
        }
        sqs.stopAndWait();
    }
}
