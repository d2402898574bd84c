package io.elasticface.autoscaler.simulation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Virtual time in seconds since the start of a simulation, stepped by the simulator. */
public final class SimClock extends Clock {

    private double seconds;

    public double seconds() {
        return seconds;
    }

    void advanceTo(double t) {
        if (t < seconds) {
            throw new IllegalArgumentException("time runs forward: " + t + " < " + seconds);
        }
        seconds = t;
    }

    @Override
    public Instant instant() {
        return Instant.EPOCH.plusNanos(Math.round(seconds * 1e9));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("virtual time has no zone");
    }
}
