package io.elasticface.cli.agent;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceException;
import io.elasticface.autoscaler.fleet.InstanceProvider;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.autoscaler.fleet.local.LocalProcessFleet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an emulated EC2 instance cannot do by itself: run code. For every pool instance the EC2 API reports
 * {@code running}, the agent runs one real worker process (the AMI's systemd unit, in effect); when the API
 * reports it {@code stopping} or {@code stopped}, or no longer lists it (terminated), the agent sends that worker
 * SIGTERM and it drains, as the instance's OS would on shutdown. The autoscaler meanwhile drives the pool through the production EC2 adapter,
 * so queue depth, StartInstances, StopInstances, workers and replies form one loop.
 */
public final class InstanceAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstanceAgent.class);

    private final InstanceProvider ec2;
    private final LocalProcessFleet workers;
    private final Set<String> known;
    private final Set<String> reported = new HashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "instance-agent");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param ec2     the pool as the EC2 API reports it
     * @param workers one worker process slot per pool instance id
     * @param ids     the pool's instance ids (the workers' slots)
     */
    public InstanceAgent(InstanceProvider ec2, LocalProcessFleet workers, List<String> ids) {
        this.ec2 = ec2;
        this.workers = workers;
        this.known = Set.copyOf(ids);
    }

    public InstanceAgent start(Duration interval) {
        timer.scheduleWithFixedDelay(this::safeTick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("instance agent: {}", e.getMessage()); // the emulator restarting, say: next tick
        }
    }

    /** Brings each worker process in line with its instance's state. */
    void tick() {
        Map<String, InstanceState> local = new HashMap<>();
        workers.list().forEach(i -> local.put(i.id(), i.state()));
        List<Instance> pool = ec2.list();
        Set<String> listed = new HashSet<>();
        pool.forEach(i -> listed.add(i.id()));
        for (String id : known) {
            InstanceState worker = local.get(id);
            if (!listed.contains(id) && (worker == InstanceState.RUNNING || worker == InstanceState.PENDING)) {
                log.info("{} left the pool (terminated): stopping its worker", id);
                workers.stop(List.of(id));
            }
        }
        for (Instance instance : pool) {
            if (!known.contains(instance.id())) {
                if (reported.add(instance.id())) {
                    log.info("{} joined the pool after the agent started: it runs no worker", instance.id());
                }
                continue;
            }
            InstanceState worker = local.get(instance.id());
            try {
                if (instance.state() == InstanceState.RUNNING && worker == InstanceState.STOPPED) {
                    log.info("{} is running: starting its worker", instance.id());
                    workers.start(List.of(instance.id()));
                } else if ((instance.state() == InstanceState.STOPPING || instance.state() == InstanceState.STOPPED)
                        && (worker == InstanceState.RUNNING || worker == InstanceState.PENDING)) {
                    log.info("{} is {}: draining its worker", instance.id(), instance.state());
                    workers.stop(List.of(instance.id()));
                }
            } catch (InstanceException.WrongState e) {
                // started again while its last worker still drains: start it once that one has exited
            }
        }
    }

    /** Stops the agent and drains every worker. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.close();
    }
}
