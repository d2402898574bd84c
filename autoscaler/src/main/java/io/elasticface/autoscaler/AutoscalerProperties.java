package io.elasticface.autoscaler;

import io.elasticface.autoscaler.fleet.ec2.Ec2InstanceProvider;
import io.elasticface.autoscaler.fleet.local.LocalProcessFleet;
import io.elasticface.naming.NamingProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The autoscaler's settings, prefix {@code elasticface.autoscaler}; each default is written here and nowhere else.
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
@Validated
@ConfigurationProperties("elasticface.autoscaler")
public record AutoscalerProperties(
        @DefaultValue("1s") @DurationMin(millis = 1) Duration pollInterval,
        @DefaultValue("0") @PositiveOrZero int min,
        @DefaultValue("15") @PositiveOrZero int max,
        @DefaultValue("1") @Positive int perInstance,
        // EC2 bills every start for at least a minute: stopping an instance idle for less saves nothing and
        // makes the next requests wait for a boot (bench/idle-grace.sh, BENCHMARKS.md). The cse546 profile
        // sets 1 s, for the course's "0 instances within 2 s".
        @DefaultValue("60s") @DurationMin(millis = 0) Duration grace,
        @DefaultValue("ec2") @NotNull Provider provider,
        @DefaultValue @Valid Ec2 ec2,
        @DefaultValue @Valid Local local) {

    public AutoscalerProperties {
        if (max < min) {
            throw new IllegalArgumentException("elasticface.autoscaler.max (" + max
                    + ") must not be below elasticface.autoscaler.min (" + min + ")");
        }
    }

    public enum Provider { EC2, LOCAL }

    /**
     * How the pool is found: by the tag its IAM policy checks before it allows a start or a stop, so that
     * the autoscaler never picks an instance it may not touch (another stack's {@code app-tier-instance-3}).
     *
     * @param tagKey   the tag marking pool members
     * @param tagValue its value, wildcards allowed; unset means this deployment's id
     *                 ({@code elasticface.names.id}, else {@code elasticface.names.prefix}), as CloudFormation tags it
     * @param hibernate stop instances by hibernating them (the stack's {@code Hibernate=true} launches the pool
     *                  ready for it): a start resumes a warm worker instead of booting a cold one
     */
    public record Ec2(@DefaultValue(Ec2InstanceProvider.POOL_TAG) String tagKey, String tagValue,
                      @DefaultValue("false") boolean hibernate) {

        public String valueFor(NamingProperties names) {
            if (tagValue != null && !tagValue.isBlank()) {
                return tagValue;
            }
            return names.id() != null && !names.id().isBlank() ? names.id() : names.prefix();
        }
    }

    /**
     * @param command     the worker command line, {@code {id}} replaced by the instance id; empty for this
     *                    program's own {@code worker} command with {@code workerArgs}
     * @param workerArgs  arguments for the default command
     * @param bootDelay   pending time before the process starts, imitating an EC2 boot
     * @param stopTimeout how long a worker may drain after SIGTERM before it is killed
     * @param dataDir     where each worker's log goes
     */
    public record Local(List<String> command, List<String> workerArgs,
                        @DefaultValue("0s") @DurationMin(millis = 0) Duration bootDelay,
                        // longer than the worker's drain (60 s) plus its acknowledgement flush, as the systemd
                        // unit's 90 s
                        @DefaultValue("90s") @DurationMin(millis = 1) Duration stopTimeout,
                        @DefaultValue(".elasticface/fleet") Path dataDir) {

        public List<String> effectiveCommand() {
            return command == null || command.isEmpty()
                    ? LocalProcessFleet.defaultCommand(
                            workerArgs == null ? List.of() : workerArgs)
                    : command;
        }
    }
}
