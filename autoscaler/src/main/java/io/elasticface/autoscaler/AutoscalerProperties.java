package io.elasticface.autoscaler;

import io.elasticface.autoscaler.fleet.local.LocalProcessFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The autoscaler's settings, prefix {@code elasticface.autoscaler}; defaults in {@code autoscaler.properties}.
 *
 * @param pollInterval how often the loop reads the queue and decides
 * @param min          instances kept running with an empty queue
 * @param max          most instances running or pending at once
 * @param perInstance  requests one instance works on at once
 * @param grace        idle time before an instance is stopped
 * @param provider     which pool to drive
 * @param ec2          the EC2 pool
 * @param local        the local pool of worker processes
 */
@ConfigurationProperties("elasticface.autoscaler")
public record AutoscalerProperties(Duration pollInterval, int min, int max, int perInstance, Duration grace,
                                   Provider provider, Ec2 ec2, Local local) {

    public enum Provider { EC2, LOCAL }

    /**
     * @param tagKey   tag marking pool members
     * @param tagValue its value, wildcards allowed
     */
    public record Ec2(String tagKey, String tagValue) {
    }

    /**
     * @param command     the worker command line, {@code {id}} replaced by the instance id; empty for this
     *                    program's own {@code worker} command with {@code workerArgs}
     * @param workerArgs  arguments for the default command
     * @param bootDelay   pending time before the process starts, imitating an EC2 boot
     * @param stopTimeout how long a worker may drain after SIGTERM before it is killed
     * @param dataDir     where each worker's log goes
     */
    public record Local(List<String> command, List<String> workerArgs, Duration bootDelay, Duration stopTimeout,
                        Path dataDir) {

        public List<String> effectiveCommand() {
            return command == null || command.isEmpty()
                    ? LocalProcessFleet.defaultCommand(
                            workerArgs == null ? List.of() : workerArgs)
                    : command;
        }
    }
}
