package io.elasticface.results;

/**
 * The backing domain or directory does not exist: a configuration error or a missing
 * {@link ResultStore#ensureExists()}, not something a retry fixes.
 */
public class MissingResultStoreException extends ResultStoreException {

    public MissingResultStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
