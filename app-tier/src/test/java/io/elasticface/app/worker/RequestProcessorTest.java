package io.elasticface.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.app.recognition.EngineRecognizer;
import io.elasticface.app.recognition.FaceRecognizer;
import io.elasticface.app.recognition.PlaceholderRecognizer;
import io.elasticface.engine.EngineSettings;
import io.elasticface.engine.FaceEngine;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.localaws.LocalAwsStack;
import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.messaging.SqsClients;
import io.elasticface.messaging.SqsMessageSender;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.S3Clients;
import io.elasticface.objectstore.S3ObjectStore;
import io.elasticface.results.DirectoryResultStore;
import io.elasticface.results.ResultStore;
import io.elasticface.results.ResultStoreException;
import io.elasticface.testing.InMemoryResultStore;
import io.elasticface.testing.TestImages;
import io.elasticface.wire.RecognitionReply.Status;
import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.RecognitionRequest;
import io.elasticface.wire.WireCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One request start to finish against real S3 and SQS emulators: every outcome is recorded in the
 * output bucket and the result store and answered on the reply-to queue; doing it twice changes nothing.
 */
class RequestProcessorTest {

    private static final ResourceNames names = ResourceNames.defaults();
    private static Path dir;
    private static LocalAwsStack stack;
    private static S3Client s3;
    private static SqsClient sqs;
    private static S3ObjectStore images;
    private static DirectoryResultStore results;
    private static String replyQueue;
    private static ExecutorService writers;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("processor-test");
        stack = LocalAwsStack.start(dir);
        s3 = S3Clients.create(stack.clients());
        sqs = SqsClients.create(stack.clients());
        images = new S3ObjectStore(s3);
        images.ensureBucket(names.inBucket());
        images.ensureBucket(names.outBucket());
        replyQueue = new QueueProvisioner(sqs).ensureResponseQueue("processor-replies");
        results = new DirectoryResultStore(dir.resolve("results"));
        results.ensureExists();
        writers = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        writers.shutdown();
        s3.close();
        sqs.close();
        stack.close();
    }

    private static RequestProcessor processor(FaceRecognizer recognizer) {
        return processor(recognizer, results);
    }

    private static RequestProcessor processor(FaceRecognizer recognizer, ResultStore store) {
        return new RequestProcessor(images, recognizer, store, new SqsMessageSender(sqs), names, "test-worker",
                Clock.systemUTC(), writers);
    }

    private static RecognitionRequest upload(String fileName, byte[] bytes) {
        String id = UUID.randomUUID().toString();
        if (bytes != null) {
            images.put(names.inBucket(), id + "/" + fileName, bytes, "application/octet-stream", Map.of());
        }
        return RecognitionRequest.of(id, names.inBucket(), id + "/" + fileName, fileName, replyQueue, 0L);
    }

    private static RecognitionReply onlyReply(String id) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(replyQueue).maxNumberOfMessages(10)
                .waitTimeSeconds(2)).messages();
        messages.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(replyQueue).receiptHandle(m.receiptHandle())));
        assertThat(messages).hasSize(1);
        RecognitionReply reply = WireCodec.fromJson(messages.get(0).body(), RecognitionReply.class);
        assertThat(reply.id()).isEqualTo(id);
        return reply;
    }

    private static String outObject(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(names.outBucket()).key(key)).asUtf8String();
    }

    @Test
    void aMissingObjectIsAnsweredNotFoundAndRecorded() {
        RecognitionRequest request = upload("gone.jpg", null);

        RecognitionReply reply = processor(new PlaceholderRecognizer()).process(request);

        assertThat(reply.status()).isEqualTo(Status.NOT_FOUND);
        assertThat(reply.message()).contains(request.key());
        assertThat(onlyReply(request.id()).status()).isEqualTo(Status.NOT_FOUND);
        assertThat(results.get(request.id())).contains(reply);
        assertThat(outObject("gone")).isEqualTo("NotFound");
    }

    @Test
    void aTruncatedImageIsAnsweredBadImage() throws Exception {
        RecognitionRequest request = upload("cut.png", Arrays.copyOf(TestImages.encode(64, 64, "png"), 20));

        RecognitionReply reply = processor(new PlaceholderRecognizer()).process(request);

        assertThat(reply.status()).isEqualTo(Status.BAD_IMAGE);
        assertThat(reply.message()).startsWith("cut.png: ");
        assertThat(onlyReply(request.id()).status()).isEqualTo(Status.BAD_IMAGE);
    }

    @Test
    void aPhotoWithoutAFaceIsAnsweredNoFaceByTheRealEngine() throws Exception {
        RecognitionRequest request = upload("wall.png", TestImages.encode(320, 240, "png"));
        RecognitionReply reply;
        try (EngineRecognizer engine = new EngineRecognizer(new FaceEngine(EngineSettings.defaults(), Gallery.empty()))) {
            reply = processor(engine).process(request);
        }

        assertThat(reply.status()).isEqualTo(Status.NO_FACE);
        assertThat(reply.message()).isEqualTo("no face found in wall.png");
        assertThat(reply.recognizer()).isEqualTo(FaceEngine.NAME);
        assertThat(onlyReply(request.id()).status()).isEqualTo(Status.NO_FACE);
        assertThat(outObject("wall")).isEqualTo("NoFace");
    }

    @Test
    void processingTheSameRequestTwiceRecordsOneConsistentResult() throws Exception {
        RecognitionRequest request = upload("twice.png", TestImages.encode(40, 30, "png"));
        RequestProcessor processor = processor(new PlaceholderRecognizer());

        RecognitionReply first = processor.process(request);
        RecognitionReply second = processor.process(request);

        assertThat(second.faces()).isEqualTo(first.faces());
        assertThat(second.status()).isEqualTo(first.status());
        assertThat(results.get(request.id())).hasValueSatisfying(stored -> {
            assertThat(stored.faces()).isEqualTo(first.faces());
            assertThat(stored.id()).isEqualTo(request.id());
        });
        try (var files = Files.list(dir.resolve("results"))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith(request.id()))).hasSize(1);
        }
        assertThat(outObject("twice")).isEqualTo(PlaceholderRecognizer.NAME);
        List<Message> replies = sqs.receiveMessage(b -> b.queueUrl(replyQueue).maxNumberOfMessages(10)
                .waitTimeSeconds(2)).messages();
        replies.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(replyQueue).receiptHandle(m.receiptHandle())));
        // two replies with the same answer: the web tier completes its request with the first
        assertThat(replies).hasSize(2).extracting(m -> WireCodec.fromJson(m.body(), RecognitionReply.class).faces())
                .containsOnly(first.faces());
    }

    @Test
    void aFailedResultWriteFailsTheRequestSoItsMessageStaysQueued() throws Exception {
        RecognitionRequest request = upload("unstored.png", TestImages.encode(40, 30, "png"));
        InMemoryResultStore broken = new InMemoryResultStore().down("result store unavailable");

        assertThatThrownBy(() -> processor(new PlaceholderRecognizer(), broken).process(request))
                .isInstanceOf(ResultStoreException.class).hasMessage("result store unavailable");
        // the output object and the reply were written at the same time; the retry writes them again
        assertThat(outObject("unstored")).isEqualTo(PlaceholderRecognizer.NAME);
        assertThat(onlyReply(request.id()).status()).isEqualTo(Status.OK);
    }
}
