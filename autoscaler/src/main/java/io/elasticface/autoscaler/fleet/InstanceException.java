package io.elasticface.autoscaler.fleet;

import java.util.Collection;
import java.util.List;

/** A typed failure of an {@link InstanceProvider} call; see its contract. */
public abstract sealed class InstanceException extends RuntimeException {

    private final List<String> ids;

    InstanceException(String message, Collection<String> ids, Throwable cause) {
        super(message, cause);
        this.ids = List.copyOf(ids);
    }

    /** The instances the failed call was about (may be empty for a list call). */
    public List<String> ids() {
        return ids;
    }

    /** A short name for logs and metric tags. */
    public abstract String kind();

    public static final class NotFound extends InstanceException {
        public NotFound(String message, Collection<String> ids, Throwable cause) {
            super(message, ids, cause);
        }

        @Override
        public String kind() {
            return "not-found";
        }
    }

    public static final class WrongState extends InstanceException {
        public WrongState(String message, Collection<String> ids, Throwable cause) {
            super(message, ids, cause);
        }

        @Override
        public String kind() {
            return "wrong-state";
        }
    }

    public static final class InsufficientCapacity extends InstanceException {
        public InsufficientCapacity(String message, Collection<String> ids, Throwable cause) {
            super(message, ids, cause);
        }

        @Override
        public String kind() {
            return "capacity";
        }
    }

    public static final class Throttled extends InstanceException {
        public Throttled(String message, Collection<String> ids, Throwable cause) {
            super(message, ids, cause);
        }

        @Override
        public String kind() {
            return "throttled";
        }
    }

    /**
     * The cloud refused the call (its IAM policy, or the credentials themselves): retrying cannot help until
     * someone changes them. The adapter, which knows what it asked for and how, says what to change.
     */
    public static final class AccessDenied extends InstanceException {
        private final String action;
        private final String fix;

        public AccessDenied(String action, String message, Collection<String> ids, String fix, Throwable cause) {
            super(message, ids, cause);
            this.action = action;
            this.fix = fix;
        }

        /** The denied API action, e.g. {@code ec2:StartInstances}. */
        public String action() {
            return action;
        }

        /** What to change so that the call is allowed, in a sentence for the operator. */
        public String fix() {
            return fix;
        }

        @Override
        public String kind() {
            return "access-denied";
        }
    }
}
