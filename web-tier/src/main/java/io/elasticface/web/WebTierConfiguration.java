package io.elasticface.web;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.elasticface.messaging.MessageSender;
import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.ObjectStore;
import io.elasticface.web.dispatch.Dispatcher;
import io.elasticface.web.dispatch.PendingReplies;
import io.elasticface.web.dispatch.QueueUrls;
import io.elasticface.web.upload.UploadValidator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.MultipartConfigElement;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

@Configuration(proxyBeanMethods = false)
class WebTierConfiguration {

    /**
     * The request queue must exist (created by provisioning); this tier's response queue is created if
     * absent, so that a second web tier only needs its own queue name.
     */
    @Bean
    QueueUrls queueUrls(QueueProvisioner queues, ResourceNames names) {
        return new QueueUrls(queues.url(names.requestQueue()), queues.ensureResponseQueue(names.responseQueue()));
    }

    /**
     * One long-polling consumer of the response queue. Handling a reply only completes a future, so on
     * shutdown there is nothing worth waiting for beyond a moment.
     */
    @Bean
    SqsMessageListenerContainerFactory<Object> replyListenerFactory(SqsAsyncClient sqs, WebProperties web) {
        return SqsMessageListenerContainerFactory.builder()
                .sqsAsyncClient(sqs)
                .configure(options -> options
                        .maxConcurrentMessages(100)
                        .maxMessagesPerPoll(10)
                        .pollTimeout(web.replyPollTimeout())
                        .acknowledgementMode(AcknowledgementMode.ALWAYS)
                        .listenerShutdownTimeout(Duration.ofSeconds(2)))
                .build();
    }

    @Bean
    PendingReplies pendingReplies(MeterRegistry meters) {
        PendingReplies pending = new PendingReplies();
        Gauge.builder("elasticface.web.requests.waiting", pending, PendingReplies::size)
                .description("requests waiting for their reply").register(meters);
        return pending;
    }

    /**
     * Multipart limits from {@code elasticface.web.max-upload}: the file's own limit answers 413, while the
     * whole request may carry the multipart framing on top of it. Uploads are read into memory anyway (to
     * check their bytes and send them to S3), so they stay there from the start instead of in a temporary
     * file per part.
     */
    @Bean
    MultipartConfigElement multipartConfig(WebProperties web) {
        long maxUpload = web.maxUpload().toBytes();
        return new MultipartConfigElement("", maxUpload, -1, (int) Math.min(maxUpload, Integer.MAX_VALUE));
    }

    @Bean
    UploadValidator uploadValidator(WebProperties web) {
        return new UploadValidator(web.maxUpload().toBytes(), web.maxPixels());
    }

    @Bean
    Dispatcher dispatcher(ObjectStore images, MessageSender sender, PendingReplies pending, ResourceNames names,
                          QueueUrls queues, WebProperties web) {
        images.ensureBucket(names.inBucket());
        return new Dispatcher(images, sender, pending, names, queues, web.replyTimeout(), Clock.systemUTC());
    }
}
