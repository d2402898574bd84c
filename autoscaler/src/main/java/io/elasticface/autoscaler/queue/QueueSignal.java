package io.elasticface.autoscaler.queue;

import io.elasticface.autoscaler.policy.QueueDepth;

/** Reads the request queue's depth: the only input the autoscaler takes from the request path. */
public interface QueueSignal {

    QueueDepth read();
}
