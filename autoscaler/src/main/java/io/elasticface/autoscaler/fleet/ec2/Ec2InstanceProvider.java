package io.elasticface.autoscaler.fleet.ec2;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceException;
import io.elasticface.autoscaler.fleet.InstanceProvider;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.aws.AwsClients;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The pool as pre-created EC2 instances found by a tag: in production {@value #POOL_TAG}{@code =<ID>}, the tag
 * the autoscaler's IAM policy requires before it allows a start or a stop (the course's
 * {@code Name=app-tier-instance-<n>} tags are names only). Starts and stops whole batches in one call; if EC2
 * rejects a batch because one instance is in the wrong state or gone, it falls back to one call per instance
 * so the others still move.
 */
public final class Ec2InstanceProvider implements InstanceProvider {

    /** The tag that marks a pool's instances; its value is the pool's id (the stack's {@code ID}). */
    public static final String POOL_TAG = "elasticface:pool";

    private static final List<String> POOL_STATES = List.of("pending", "running", "stopping", "stopped");

    private static final String DESCRIBE = "ec2:DescribeInstances";
    private static final String STOP = "ec2:StopInstances";
    /** Where the stack grants the autoscaler its EC2 actions. */
    private static final String POLICY = "AutoscalerPolicy in deploy/cloudformation/elasticface.yaml";

    private static final Logger log = LoggerFactory.getLogger(Ec2InstanceProvider.class);

    private final Ec2Client ec2;
    private final Filter tag;
    private final String selector;
    private final Backoff backoff;
    private final boolean hibernate;

    /**
     * @param tagKey   the tag that marks pool members, normally {@link #POOL_TAG}
     * @param tagValue its value, wildcards allowed, normally the pool's id
     */
    public Ec2InstanceProvider(Ec2Client ec2, String tagKey, String tagValue, Backoff backoff) {
        this(ec2, tagKey, tagValue, backoff, false);
    }

    /**
     * @param hibernate stop by hibernating: a start then resumes the worker as it was, JVM warm and engine
     *                  loaded, instead of booting it (the instances must have been launched with hibernation
     *                  configured; those that were not are stopped plainly)
     */
    public Ec2InstanceProvider(Ec2Client ec2, String tagKey, String tagValue, Backoff backoff, boolean hibernate) {
        this.ec2 = ec2;
        this.tag = Filter.builder().name("tag:" + tagKey).values(tagValue).build();
        this.selector = tagKey + "=" + tagValue;
        this.backoff = backoff;
        this.hibernate = hibernate;
    }

    /** An EC2 client from the shared factory, without SDK retries: {@link Backoff} owns retrying. */
    public static Ec2Client client(AwsClients aws) {
        return aws.configure(Ec2Client.builder(), aws.properties().ec2())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Override
    public List<Instance> list() {
        return backoff.call(() -> translated(List.of(), DESCRIBE, () -> ec2.describeInstancesPaginator(r -> r.filters(tag,
                        Filter.builder().name("instance-state-name").values(POOL_STATES).build()))
                .reservations().stream()
                .flatMap(r -> r.instances().stream())
                .map(i -> new Instance(i.instanceId(), state(i.state().nameAsString())))
                .sorted(Comparator.comparing(Instance::id))
                .toList()));
    }

    @Override
    public void start(Collection<String> ids) {
        each(ids, "ec2:StartInstances", batch -> ec2.startInstances(r -> r.instanceIds(batch)));
    }

    @Override
    public void stop(Collection<String> ids) {
        if (hibernate) {
            try {
                each(ids, STOP, batch -> ec2.stopInstances(r -> r.instanceIds(batch).hibernate(true)));
                return;
            } catch (AwsServiceException e) {
                if (!cannotHibernate(e)) {
                    throw e;
                }
                log.warn("{} cannot hibernate ({}); stopping them instead. Hibernation is set when an instance is "
                        + "launched: create the pool again from the launch template with hibernation configured",
                        ids, e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
            }
        }
        each(ids, STOP, batch -> ec2.stopInstances(r -> r.instanceIds(batch)));
    }

    /** EC2 refuses to hibernate an instance launched without hibernation (or that does not meet its terms). */
    private static boolean cannotHibernate(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && code.contains("Hibernation");
    }

    private void each(Collection<String> ids, String action, Consumer<Collection<String>> call) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            attempt(ids, action, call);
        } catch (InstanceException.WrongState | InstanceException.NotFound | InstanceException.InsufficientCapacity e) {
            // one bad id, or capacity for only some, fails the whole batch: try them one by one
            if (ids.size() == 1) {
                throw e;
            }
            one(ids, action, call);
        }
    }

    private void one(Collection<String> ids, String action, Consumer<Collection<String>> call) {
        List<String> failed = new ArrayList<>();
        InstanceException first = null;
        for (String id : ids) {
            try {
                attempt(List.of(id), action, call);
            } catch (InstanceException e) {
                failed.add(id);
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw rethrow(first, failed);
        }
    }

    private void attempt(Collection<String> ids, String action, Consumer<Collection<String>> call) {
        backoff.call(() -> translated(ids, action, () -> {
            call.accept(ids);
            return null;
        }));
    }

    private <T> T translated(Collection<String> ids, String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            throw Ec2Errors.translate(e, ids, action, policyFix(action));
        }
    }

    /** What the autoscaler's role must allow for this action, as the stack's policy grants it. */
    private String policyFix(String action) {
        if (DESCRIBE.equals(action)) {
            return "the autoscaler's role must allow " + DESCRIBE + " with Resource \"*\": it has no resource-level "
                    + "permissions, so a narrower Resource or a tag condition denies it (" + POLICY + ", statement SeeThePool)";
        }
        return "the autoscaler's role must allow " + action + " on these instances. The stack's policy allows it "
                + "only where aws:ResourceTag/" + POOL_TAG + " equals the stack's ID (" + POLICY
                + ", statement StartStopThePool), and this autoscaler selects its pool by " + selector
                + ": the two must agree (elasticface.autoscaler.ec2.tag-key and tag-value; `aws pool create --pool ID` "
                + "tags the instances)";
    }

    private static InstanceException rethrow(InstanceException e, List<String> ids) {
        String message = ids + ": " + e.getMessage();
        if (e instanceof InstanceException.NotFound) {
            return new InstanceException.NotFound(message, ids, e);
        }
        if (e instanceof InstanceException.WrongState) {
            return new InstanceException.WrongState(message, ids, e);
        }
        if (e instanceof InstanceException.InsufficientCapacity) {
            return new InstanceException.InsufficientCapacity(message, ids, e);
        }
        if (e instanceof InstanceException.AccessDenied denied) {
            return new InstanceException.AccessDenied(denied.action(), message, ids, denied.fix(), e);
        }
        return new InstanceException.Throttled(message, ids, e);
    }

    private static InstanceState state(String name) {
        return InstanceState.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
