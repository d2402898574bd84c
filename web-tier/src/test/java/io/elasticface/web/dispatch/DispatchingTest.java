package io.elasticface.web.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.image.ImageHeader;
import io.elasticface.naming.ResourceNames;
import io.elasticface.testing.InMemoryObjectStore;
import io.elasticface.testing.RecordingMessageSender;
import io.elasticface.testing.TestImages;
import io.elasticface.web.upload.Upload;
import io.elasticface.wire.RecognitionRequest;
import io.elasticface.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How an upload becomes a request, over in-memory fakes of the object store and the queue. */
class DispatchingTest {

    private static final ResourceNames NAMES = ResourceNames.defaults();
    private static final QueueUrls QUEUES = new QueueUrls("queue://requests", "queue://replies-of-this-tier");
    private static final byte[] JPEG = TestImages.encode(4, 3, "jpg");

    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final RecordingMessageSender queue = new RecordingMessageSender();
    private final PendingReplies pending = new PendingReplies();
    private final Dispatcher dispatcher = new Dispatcher(objects, queue, pending, NAMES, QUEUES,
            Duration.ofMinutes(1), Clock.fixed(Instant.parse("2026-12-02T19:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void buckets() {
        objects.ensureBucket(NAMES.inBucket());
    }

    @Test
    void storesTheImageUnderItsIdAndSendsASmallRequestNamingThisTiersReplyQueue() {
        Dispatcher.Dispatched dispatched = dispatcher.dispatch(upload("a.jpg"));

        String key = dispatched.id() + "/a.jpg";
        var stored = objects.object(NAMES.inBucket(), key).orElseThrow();
        assertThat(stored.bytes()).isEqualTo(JPEG);
        assertThat(stored.contentType()).isEqualTo("image/jpeg");
        assertThat(stored.metadata()).containsEntry("original-name", "a.jpg")
                .containsEntry("request-id", dispatched.id());
        String body = queue.bodiesTo(QUEUES.requestQueueUrl()).get(0);
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(1024);
        RecognitionRequest request = WireCodec.fromJson(body, RecognitionRequest.class);
        assertThat(request.id()).isEqualTo(dispatched.id());
        assertThat(request.key()).isEqualTo(key);
        assertThat(request.replyTo()).isEqualTo(QUEUES.responseQueueUrl());
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void twoUploadsOfOneNameAreTwoRequests() {
        String first = dispatcher.dispatch(upload("a.jpg")).id();
        String second = dispatcher.dispatch(upload("a.jpg")).id();

        assertThat(first).isNotEqualTo(second);
        assertThat(objects.count(NAMES.inBucket())).isEqualTo(2);
        assertThat(queue.sent()).hasSize(2);
    }

    @Test
    void aRequestThatCannotBeSentLeavesNoImageAndNothingWaiting() {
        queue.failWith(() -> new IllegalStateException("queue unreachable"));

        assertThatThrownBy(() -> dispatcher.dispatch(upload("a.jpg"))).hasMessage("queue unreachable");

        assertThat(objects.count(NAMES.inBucket())).isZero();
        assertThat(pending.size()).isZero();
    }

    private static Upload upload(String name) {
        return new Upload(JPEG, name, ImageHeader.read(JPEG).orElseThrow());
    }
}
