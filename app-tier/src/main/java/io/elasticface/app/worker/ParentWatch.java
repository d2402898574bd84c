package io.elasticface.app.worker;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stops this worker, through the normal graceful shutdown, once the process that started it is gone: a
 * local fleet's worker must not keep polling after its autoscaler died without stopping it.
 */
@Component
class ParentWatch {

    private static final Logger log = LoggerFactory.getLogger(ParentWatch.class);

    ParentWatch(WorkerProperties worker) {
        if (worker.parentPid() <= 0) {
            return;
        }
        long parent = worker.parentPid();
        ProcessHandle.of(parent).map(ProcessHandle::onExit)
                .orElse(CompletableFuture.completedFuture(null))
                .thenRunAsync(() -> {
                    log.warn("Process {}, which started this worker, is gone: stopping", parent);
                    System.exit(0);
                }, runnable -> {
                    Thread thread = new Thread(runnable, "parent-watch");
                    thread.setDaemon(true);
                    thread.start();
                });
    }
}
