package io.elasticface.results;

import io.elasticface.wire.RecognitionReply;
import java.util.Optional;

/**
 * Where every request's outcome is recorded, by request id: SimpleDB on AWS, a directory locally.
 * Writing the same reply twice (a redelivered request) leaves one consistent record.
 */
public interface ResultStore extends AutoCloseable {

    /** Records a reply under its id, replacing any earlier record of the same id. */
    void put(RecognitionReply reply);

    /** The recorded reply for an id, or empty. */
    Optional<RecognitionReply> get(String id);

    /** Creates the backing table/domain/directory if it does not exist. */
    void ensureExists();

    /** Releases the client's connections; Spring calls it when the tier stops. */
    @Override
    default void close() {
    }
}
