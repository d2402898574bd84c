package io.elasticface.autoscaler.fleet;

import java.util.Collection;
import java.util.List;

/**
 * The pool of pre-created app-tier instances, whatever runs them (EC2, local processes, a simulation).
 * The control loop decides; this port only carries the decision out. Every method may be called again
 * after a failure: callers retry on the next tick, so implementations keep no hidden progress.
 *
 * <p>Errors are reported as subclasses of {@link InstanceException}, never as SDK types:
 * <ul>
 *   <li>{@link InstanceException.NotFound}: an id is not (or no longer) part of the pool. Stopping a gone
 *       instance is not success: the caller should drop it from its view and list again.</li>
 *   <li>{@link InstanceException.WrongState}: the instance cannot make that transition now, typically a
 *       start of an instance that is still {@link InstanceState#STOPPING}. Retry after the next list.</li>
 *   <li>{@link InstanceException.InsufficientCapacity}: the cloud cannot start more now; retry later.</li>
 *   <li>{@link InstanceException.Throttled}: the API rate limit held after the adapter's own back-off.</li>
 * </ul>
 * Starting an instance that is already pending or running, or stopping one that is already stopping or
 * stopped, succeeds without effect (EC2 behaves so).
 */
public interface InstanceProvider {

    /** Every instance of the pool in one of the four {@link InstanceState states}. */
    List<Instance> list();

    /** Asks the instances to start; returns once the request is accepted, not when they run. */
    void start(Collection<String> ids);

    /**
     * Asks the instances to stop gracefully: their worker finishes or releases the request in progress
     * (SIGTERM locally, systemd on EC2). Returns once the request is accepted.
     */
    void stop(Collection<String> ids);
}
