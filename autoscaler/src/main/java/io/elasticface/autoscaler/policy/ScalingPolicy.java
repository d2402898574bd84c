package io.elasticface.autoscaler.policy;

/** Turns one observation into one decision. */
public interface ScalingPolicy {

    Decision decide(Observation observation);
}
