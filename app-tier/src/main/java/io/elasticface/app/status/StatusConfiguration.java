package io.elasticface.app.status;

import io.elasticface.app.recognition.EngineRecognizer;
import io.elasticface.app.recognition.FaceRecognizer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StatusConfiguration {

    @Bean
    StatusServer statusServer(StatusAddress address, ApplicationAvailability availability, FaceRecognizer recognizer,
                              PrometheusMeterRegistry metrics) {
        BooleanSupplier engineReady = recognizer instanceof EngineRecognizer engine
                ? () -> engine.load().now().isPresent()
                : () -> true; // the placeholder needs no engine
        return new StatusServer(address, availability, engineReady, metrics);
    }
}
