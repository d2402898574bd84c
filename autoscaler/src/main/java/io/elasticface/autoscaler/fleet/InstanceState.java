package io.elasticface.autoscaler.fleet;

/**
 * The lifecycle states the autoscaler acts on, named as EC2 names them. Terminated or
 * shutting-down instances are not part of a pool and are never listed.
 */
public enum InstanceState {
    /** Starting: costs money, cannot work yet. Counts as capacity on the way. */
    PENDING,
    /** Up and taking work from the queue. */
    RUNNING,
    /** Shutting down (draining its last request). Cannot be started until it is stopped. */
    STOPPING,
    /** Idle in the pool, ready to start. */
    STOPPED
}
