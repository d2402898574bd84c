package io.elasticface.autoscaler.fleet.ec2;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * Creates the pre-baked pool: launches N instances from a launch template, names them
 * {@code <prefix><n>} after the highest existing number and tags them
 * {@value Ec2InstanceProvider#POOL_TAG}{@code =<pool>}, waits until they run (the first boot
 * finishes the image's set-up; a pending instance cannot be stopped), then stops them and waits
 * until they are stopped, ready for the autoscaler to start.
 *
 * <p>The Name is for people and the course's grader only; the autoscaler selects its pool by the pool tag,
 * the tag its IAM policy checks before a start or a stop. The tag is written here rather than left to the
 * launch template, so that a pool launched from any template is found (and may be started) all the same.
 */
public final class PoolCreator {

    private static final Logger log = LoggerFactory.getLogger(PoolCreator.class);
    private static final Pattern TEMPLATE_ID = Pattern.compile("lt-[0-9a-f]+");

    private final Ec2Client ec2;
    private final Duration pollInterval;
    private final Duration timeout;

    public PoolCreator(Ec2Client ec2, Duration pollInterval, Duration timeout) {
        this.ec2 = ec2;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
    }

    /**
     * Returns the new instances' ids, in name order.
     *
     * @param pool the pool's id, the value of the pool tag (the stack's {@code ID})
     */
    public List<String> create(int count, String launchTemplate, String namePrefix, String pool) {
        return create(count, launchTemplate, namePrefix, pool, Duration.ZERO, false);
    }

    /**
     * As {@link #create(int, String, String, String)}, for a pool that hibernates: the instances run for
     * {@code settle} after they are running (the worker starts and loads its engine), then hibernate, so that
     * their first start is a resume of a ready worker. EC2 refuses instances launched without hibernation.
     */
    public List<String> create(int count, String launchTemplate, String namePrefix, String pool, Duration settle,
                               boolean hibernate) {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be >= 1");
        }
        if (pool == null || pool.isBlank()) {
            throw new IllegalArgumentException("--pool must name the pool (the stack's ID)");
        }
        int first = highestNumber(namePrefix) + 1;
        RunInstancesRequest.Builder run = RunInstancesRequest.builder().minCount(count).maxCount(count);
        run.launchTemplate(t -> {
            if (TEMPLATE_ID.matcher(launchTemplate).matches()) {
                t.launchTemplateId(launchTemplate);
            } else {
                t.launchTemplateName(launchTemplate);
            }
        });
        List<String> ids = ec2.runInstances(run.build()).instances().stream().map(Instance::instanceId).sorted().toList();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String name = namePrefix + (first + i);
            whileUnknown(() -> ec2.createTags(r -> r.resources(id).tags(t -> t.key("Name").value(name),
                    t -> t.key(Ec2InstanceProvider.POOL_TAG).value(pool))));
        }
        log.info("launched {} as {}{}..{}, tagged {}={}", ids, namePrefix, first, first + ids.size() - 1,
                Ec2InstanceProvider.POOL_TAG, pool);
        await(ids, "running");
        if (!settle.isZero()) {
            log.info("letting {} settle for {} s before they {}", ids, settle.toSeconds(),
                    hibernate ? "hibernate" : "stop");
            pause(settle);
        }
        ec2.stopInstances(r -> r.instanceIds(ids).hibernate(hibernate ? Boolean.TRUE : null));
        await(ids, "stopped");
        return ids;
    }

    private int highestNumber(String prefix) {
        Pattern numbered = Pattern.compile(Pattern.quote(prefix) + "(\\d+)");
        return ec2.describeInstancesPaginator(r -> r.filters(
                        Filter.builder().name("tag:Name").values(prefix + "*").build(),
                        Filter.builder().name("instance-state-name")
                                .values("pending", "running", "stopping", "stopped").build()))
                .reservations().stream()
                .flatMap(r -> r.instances().stream())
                .flatMap(i -> i.tags().stream())
                .filter(t -> "Name".equals(t.key()))
                .map(t -> numbered.matcher(t.value()))
                .filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1)))
                .max().orElse(0);
    }

    /**
     * EC2 is eventually consistent: right after RunInstances, the new ids may still be unknown to other
     * calls for a few seconds (InvalidInstanceID.NotFound). Retries those, until the timeout.
     */
    private <T> T whileUnknown(Supplier<T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (Ec2Exception e) {
                boolean unknown = e.awsErrorDetails() != null
                        && "InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode());
                if (!unknown || System.nanoTime() > deadline) {
                    throw e;
                }
                log.info("new instances not visible yet, retrying: {}", e.awsErrorDetails().errorMessage());
                sleep();
            }
        }
    }

    private void sleep() {
        pause(pollInterval);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for EC2", e);
        }
    }

    private void await(List<String> ids, String state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> notYet = whileUnknown(() -> ec2.describeInstancesPaginator(r -> r.instanceIds(ids))
                    .reservations().stream()
                    .flatMap(r -> r.instances().stream())
                    .filter(i -> !state.equals(i.state().nameAsString()))
                    .map(Instance::instanceId)
                    .collect(Collectors.toSet()));
            if (notYet.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not " + state + " after " + timeout.toSeconds() + " s: " + notYet);
            }
            log.info("waiting for {} to be {}", new ArrayList<>(notYet), state);
            sleep();
        }
    }
}
