package io.elasticface.autoscaler.fleet;

import java.util.Objects;

/** One member of the pool as the provider last saw it. */
public record Instance(String id, InstanceState state) {

    public Instance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
    }
}
