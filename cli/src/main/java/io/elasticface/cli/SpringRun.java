package io.elasticface.cli;

/** Keeps a command that started a Spring application alive until the JVM shuts down. */
final class SpringRun {

    private SpringRun() {
    }

    /**
     * Returns no exit status of its own: the application's non-daemon threads keep the JVM up, and
     * SIGTERM runs Spring's shutdown hook. Blocking here keeps picocli from calling System.exit early.
     */
    static Integer untilContextCloses() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
