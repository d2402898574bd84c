package io.elasticface.results;

/** The result store could not do what was asked; the message says which store, operation and why. */
public class ResultStoreException extends RuntimeException {

    public ResultStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
