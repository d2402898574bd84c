package io.elasticface.autoscaler.policy;

/**
 * The request queue as the policy sees it.
 *
 * @param visible       waiting messages ({@code ApproximateNumberOfMessages})
 * @param inFlight      messages a worker holds right now ({@code ApproximateNumberOfMessagesNotVisible});
 *                      counted so that the fleet never shrinks under a busy worker
 * @param inFlightKnown false when the queue did not say (a partial answer): then work may be in flight,
 *                      {@code inFlight} is 0 only for sizing, and nothing is stopped
 */
public record QueueDepth(int visible, int inFlight, boolean inFlightKnown) {

    public QueueDepth {
        if (visible < 0 || inFlight < 0) {
            throw new IllegalArgumentException("negative queue depth: " + visible + "/" + inFlight);
        }
    }

    public QueueDepth(int visible, int inFlight) {
        this(visible, inFlight, true);
    }

    /** A reading that had the waiting count but not the in-flight one. */
    public static QueueDepth inFlightUnknown(int visible) {
        return new QueueDepth(visible, 0, false);
    }

    public int total() {
        return visible + inFlight;
    }

    /** Whether a stop could take work from a worker: something in flight, or no way to tell. */
    public boolean mayHaveWorkInFlight() {
        return !inFlightKnown || inFlight > 0;
    }
}
