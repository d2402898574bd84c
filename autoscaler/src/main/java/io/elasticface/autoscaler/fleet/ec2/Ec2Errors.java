package io.elasticface.autoscaler.fleet.ec2;

import io.elasticface.autoscaler.fleet.InstanceException;
import java.util.Collection;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Maps EC2 error codes to the {@link InstanceException} types of the port. */
final class Ec2Errors {

    private static final Set<String> NOT_FOUND = Set.of("InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed");
    private static final Set<String> DENIED = Set.of("UnauthorizedOperation", "AccessDenied", "AccessDeniedException",
            "AuthFailure");
    private static final Set<String> THROTTLED = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException");

    private Ec2Errors() {
    }

    /**
     * The typed error for a failure of one EC2 action ({@code ec2:StartInstances}, ...), or the failure
     * itself if the port has no type for it.
     *
     * @param policyFix what to change in the IAM policy if the policy denied the call
     */
    static RuntimeException translate(AwsServiceException e, Collection<String> ids, String action, String policyFix) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        String message = e.awsErrorDetails() == null ? e.getMessage() : code + ": " + e.awsErrorDetails().errorMessage();
        if (DENIED.contains(code)) {
            // the encoded authorization message is long and useless without sts:DecodeAuthorizationMessage
            String reason = message.replaceAll("(?s)\\s*Encoded authorization failure message:.*", "");
            String fix = "AuthFailure".equals(code)
                    ? "AWS refused the credentials themselves, not the policy: check the instance profile "
                    + "(or AWS_PROFILE) and the machine's clock"
                    : policyFix;
            return new InstanceException.AccessDenied(action, reason, ids, fix, e);
        }
        if (NOT_FOUND.contains(code)) {
            return new InstanceException.NotFound(message, ids, e);
        }
        if ("IncorrectInstanceState".equals(code)) {
            return new InstanceException.WrongState(message, ids, e);
        }
        if ("InsufficientInstanceCapacity".equals(code)) {
            return new InstanceException.InsufficientCapacity(message, ids, e);
        }
        if (THROTTLED.contains(code) || e.isThrottlingException()) {
            return new InstanceException.Throttled(message, ids, e);
        }
        return e;
    }
}
