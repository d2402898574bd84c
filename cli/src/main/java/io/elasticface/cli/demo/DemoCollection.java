package io.elasticface.cli.demo;

import io.elasticface.cli.api.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo collection the local mode starts with, so that a first request names someone: public-domain portraits
 * (provenance and licence in {@code demo/README.md}), enrolled in the {@code default} collection through the API,
 * as a user would, once, when that collection has nobody yet.
 */
public final class DemoCollection {

    /** The portraits in {@code demo/people/}, each named for its subject. */
    public static final List<String> PEOPLE = List.of("Grace_Hopper.jpg", "Eileen_Collins.jpg");
    static final String COLLECTION = "default";
    // the first enrollment waits for a worker to start cold
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private DemoCollection() {
    }

    /**
     * Enrolls the portraits unless the default collection already has people. Never fails the start: a
     * problem is reported and the system runs without the demo.
     *
     * @param web   the web tier's base URL
     * @param where a folder to copy the portraits to (the API uploads files)
     * @return whether the default collection has people now
     */
    public static boolean enroll(URI web, Path where, PrintWriter out) {
        ApiClient api = new ApiClient(web, null, TIMEOUT);
        try {
            ApiClient.Answer existing = api.subjects(COLLECTION);
            if (existing.ok() && !existing.body().path("subjects").isEmpty()) {
                return true;
            }
            out.println("Enrolling the demo collection (two public-domain portraits; the first worker starts) ...");
            out.flush();
            List<String> enrolled = new ArrayList<>();
            for (String file : PEOPLE) {
                String subject = file.substring(0, file.lastIndexOf('.'));
                ApiClient.Answer answer = api.enroll(COLLECTION, subject, copy(file, where), true);
                if (!answer.ok()) {
                    out.printf("  demo: %s was not enrolled (%s: %s)%n", subject, answer.reason(), answer.detail());
                    continue;
                }
                enrolled.add(subject);
            }
            out.printf("  demo collection: %s enrolled in %s (demo/README.md says where the photos come from)%n",
                    String.join(", ", enrolled), COLLECTION);
            return !enrolled.isEmpty();
        } catch (IOException | UncheckedIOException e) {
            out.println("  demo: not enrolled (" + e.getMessage() + ")");
            return false;
        }
    }

    private static Path copy(String file, Path where) throws IOException {
        Files.createDirectories(where);
        Path target = where.resolve(file);
        try (InputStream in = DemoCollection.class.getResourceAsStream("/demo/people/" + file)) {
            if (in == null) {
                throw new IOException("demo/people/" + file + " is not in this build");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
