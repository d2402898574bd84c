package io.elasticface.autoscaler.policy;

/**
 * The request queue as the policy sees it.
 *
 * @param visible  waiting messages ({@code ApproximateNumberOfMessages})
 * @param inFlight messages a worker holds right now ({@code ApproximateNumberOfMessagesNotVisible});
 *                 counted so that the fleet never shrinks under a busy worker
 */
public record QueueDepth(int visible, int inFlight) {

    public QueueDepth {
        if (visible < 0 || inFlight < 0) {
            throw new IllegalArgumentException("negative queue depth: " + visible + "/" + inFlight);
        }
    }

    public int total() {
        return visible + inFlight;
    }
}
