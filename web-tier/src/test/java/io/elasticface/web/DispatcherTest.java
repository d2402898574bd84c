package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.image.ImageHeader;
import io.elasticface.messaging.SqsMessageSender;
import io.elasticface.objectstore.S3ObjectStore;
import io.elasticface.testing.TestImages;
import io.elasticface.web.dispatch.Dispatcher;
import io.elasticface.web.dispatch.PendingReplies;
import io.elasticface.web.dispatch.QueueUrls;
import io.elasticface.web.upload.Upload;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** A request that cannot be queued leaves nothing behind: no stored image, no waiting entry. */
class DispatcherTest {

    private final LocalSystem system = LocalSystem.get();

    @Test
    void aFailedSendRemovesTheStoredImageAndTheWaitingEntry() {
        String sqsEndpoint = system.stack.properties().sqsEndpoint().toString();
        QueueUrls nowhere = new QueueUrls(sqsEndpoint + "/000000000000/no-such-queue",
                sqsEndpoint + "/000000000000/no-such-replies");
        PendingReplies pending = new PendingReplies();
        Dispatcher dispatcher = new Dispatcher(new S3ObjectStore(system.s3), new SqsMessageSender(system.sqs), pending,
                system.names, nowhere, Duration.ofSeconds(5), Clock.systemUTC());
        byte[] png = TestImages.encode(8, 8, "png");
        int before = system.objectCount(system.names.inBucket());

        assertThatThrownBy(() -> dispatcher.dispatch(new Upload(png, "a.png", ImageHeader.read(png).orElseThrow())))
                .isInstanceOf(SqsException.class);

        assertThat(system.objectCount(system.names.inBucket())).isEqualTo(before);
        assertThat(pending.size()).isZero();
    }
}
