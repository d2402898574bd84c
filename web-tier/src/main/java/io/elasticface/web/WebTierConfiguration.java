package io.elasticface.web;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.elasticface.collections.CollectionCache;
import io.elasticface.collections.CollectionStore;
import io.elasticface.messaging.MessageSender;
import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.ObjectStore;
import io.elasticface.web.body.BodyReadingFilter;
import io.elasticface.web.console.RecentRequests;
import io.elasticface.web.body.RefusedBodyInterceptor;
import io.elasticface.web.dispatch.Dispatcher;
import io.elasticface.web.dispatch.PendingReplies;
import io.elasticface.web.dispatch.QueueUrls;
import io.elasticface.web.form.FormMultipartResolver;
import io.elasticface.web.form.FormParser;
import io.elasticface.web.threads.RequestThreadTrimming;
import io.elasticface.web.upload.FormUploads;
import io.elasticface.web.upload.UploadValidator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.servlet.filter.OrderedFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
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

    @Bean
    RequestThreadTrimming requestThreadTrimming(WebProperties web) {
        return new RequestThreadTrimming(web.requestThreadTrim());
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
     * Forms parsed by our own parser from the body in memory, with limits that each have their sentence, instead
     * of the servlet container's (Spring Boot's is off: {@code spring.servlet.multipart.enabled=false}). Uploads
     * are read into memory anyway, to check their bytes and send them to S3. DispatcherServlet finds it by name.
     */
    @Bean
    MultipartResolver multipartResolver() {
        return new FormMultipartResolver(new FormParser(FormParser.MAX_PARTS, FormParser.MAX_HEADER_BYTES));
    }

    /**
     * Bodies are read before the DispatcherServlet sees a request, without a thread (see the filter), on the first
     * dispatch and handed on in memory on the asynchronous one it makes. After Spring Boot's own filters
     * (character encoding, observation, request context), so that they see the request from its first byte.
     */
    @Bean
    FilterRegistrationBean<BodyReadingFilter> bodyReadingFilter(WebProperties web) {
        FilterRegistrationBean<BodyReadingFilter> registration = new FilterRegistrationBean<>(new BodyReadingFilter(web));
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setAsyncSupported(true);
        registration.setOrder(OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER);
        return registration;
    }

    /** A body the filter refused is answered by the endpoint it was for, in that endpoint's format. */
    @Bean
    WebMvcConfigurer refusedBodies() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new RefusedBodyInterceptor());
            }
        };
    }

    @Bean
    UploadValidator uploadValidator(WebProperties web) {
        return new UploadValidator(web.maxUpload().toBytes(), web.maxPixels());
    }

    @Bean
    RecentRequests recentRequests() {
        return new RecentRequests(Clock.systemUTC());
    }

    @Bean
    FormUploads formUploads(UploadValidator validator) {
        return new FormUploads(validator);
    }

    @Bean
    CollectionStore collectionStore(ObjectStore images, ResourceNames names) {
        CollectionStore store = new CollectionStore(images, names.galleryBucket(), names.galleryKey());
        store.ensureBucket();
        return store;
    }

    /** Searches check that their collection exists through this; listings and deletions read afresh. */
    @Bean
    CollectionCache collectionCache(CollectionStore collections) {
        return new CollectionCache(collections, Duration.ofSeconds(1), Clock.systemUTC());
    }

    @Bean
    Dispatcher dispatcher(ObjectStore images, MessageSender sender, PendingReplies pending, ResourceNames names,
                          QueueUrls queues, WebProperties web) {
        images.ensureBucket(names.inBucket());
        return new Dispatcher(images, sender, pending, names, queues, web.replyTimeout(), Clock.systemUTC());
    }
}
