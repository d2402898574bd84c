package io.elasticface.cli;

import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/** Keeps a command that started a Spring application running until that application closes. */
final class SpringRun {

    private SpringRun() {
    }

    /**
     * Blocks until the context closes: on SIGTERM (Spring's shutdown hook closes it after the tier's own
     * drain) or any other way. Returning earlier would let picocli end the process under a running tier.
     */
    static Integer untilClosed(ConfigurableApplicationContext context) {
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        try {
            if (context.isActive()) {
                closed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
