package io.elasticface.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceProvider;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.autoscaler.fleet.local.LocalProcessFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent keeps one process per pool instance in step with the state EC2 reports. EC2 here is a map the
 * test sets (the real EC2 API is in MotoRehearsalTest); the "worker" is {@code sleep}, a real process.
 */
class InstanceAgentTest {

    @TempDir
    Path dir;

    /** A stand-in for the EC2 adapter's listing: what the test says each instance's state is. */
    private static final class Reported implements InstanceProvider {
        final Map<String, InstanceState> states = new ConcurrentHashMap<>();

        @Override
        public List<Instance> list() {
            return states.entrySet().stream().map(e -> new Instance(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparing(Instance::id)).toList();
        }

        @Override
        public void start(Collection<String> ids) {
            throw new UnsupportedOperationException("the agent never starts instances");
        }

        @Override
        public void stop(Collection<String> ids) {
            throw new UnsupportedOperationException("the agent never stops instances");
        }
    }

    @Test
    void aWorkerRunsExactlyWhileItsInstanceRuns() throws Exception {
        Reported ec2 = new Reported();
        List<String> ids = List.of("i-1", "i-2", "i-3");
        ids.forEach(id -> ec2.states.put(id, InstanceState.STOPPED));
        LocalProcessFleet workers = new LocalProcessFleet(ids, List.of("sleep", "60"), dir, Duration.ZERO,
                Duration.ofSeconds(5));
        try (InstanceAgent agent = new InstanceAgent(ec2, workers, ids)) {
            agent.tick();
            assertThat(states(workers)).containsOnly(InstanceState.STOPPED);

            ec2.states.put("i-1", InstanceState.RUNNING);
            ec2.states.put("i-2", InstanceState.RUNNING);
            agent.tick();
            await(() -> state(workers, "i-1") == InstanceState.RUNNING && state(workers, "i-2") == InstanceState.RUNNING);
            assertThat(state(workers, "i-3")).isEqualTo(InstanceState.STOPPED);

            ec2.states.put("i-1", InstanceState.STOPPED);  // StopInstances
            ec2.states.remove("i-2");                      // terminated: gone from the listing
            agent.tick();
            await(() -> state(workers, "i-1") == InstanceState.STOPPED && state(workers, "i-2") == InstanceState.STOPPED);

            ec2.states.put("i-1", InstanceState.RUNNING);  // started again: a new worker
            agent.tick();
            await(() -> state(workers, "i-1") == InstanceState.RUNNING);
        }
        assertThat(states(workers)).containsOnly(InstanceState.STOPPED);
    }

    private static List<InstanceState> states(LocalProcessFleet workers) {
        return workers.list().stream().map(Instance::state).toList();
    }

    private static InstanceState state(LocalProcessFleet workers, String id) {
        return workers.list().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow().state();
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("condition not reached within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
