package io.elasticface.results;

import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.RequestIds;
import io.elasticface.wire.WireCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@link ResultStore} for local mode: one JSON file per request id under a directory, shared by the web
 * tier and the local worker processes on one machine. Each write goes to a temporary file in the same
 * directory and is renamed over the result atomically, so a reader in any process sees the old or the new
 * reply, never a torn one, and concurrent writers of one id leave one whole file.
 * <p>
 * Files are not fsynced: results survive process restarts (the page cache does), not a power cut.
 */
public final class DirectoryResultStore implements ResultStore {

    /** Ids become file names, so only characters that cannot escape the directory are accepted. */
    private static final String SUFFIX = ".json";

    private final Path directory;

    public DirectoryResultStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public void put(RecognitionReply reply) {
        Path target = file(reply.id());
        Path temp = null;
        try {
            // A dot prefix and another suffix keep half-written files out of get()'s sight.
            temp = Files.createTempFile(directory, "." + reply.id() + ".", ".tmp");
            Files.writeString(temp, WireCodec.toJson(reply), StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            if (!Files.isDirectory(directory)) {
                throw new MissingResultStoreException("result directory " + directory + " does not exist", e);
            }
            throw new ResultStoreException("cannot write result " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<RecognitionReply> get(String id) {
        Path file = file(id);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ResultStoreException("cannot read result " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(WireCodec.fromJson(json, RecognitionReply.class));
        } catch (WireCodec.MalformedMessageException e) {
            throw new ResultStoreException("result file " + file + " is not a stored reply: " + e.getMessage(), e);
        }
    }

    @Override
    public void ensureExists() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ResultStoreException("cannot create result directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private Path file(String id) {
        // the id becomes a file name: only well-formed ids, so none can leave the directory
        if (!RequestIds.isWellFormed(id)) {
            throw new IllegalArgumentException("not a request id: '" + id + "'");
        }
        return directory.resolve(id + SUFFIX);
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the write already failed; that failure is the one worth reporting
        }
    }
}
