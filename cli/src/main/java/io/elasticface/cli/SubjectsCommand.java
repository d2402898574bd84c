package io.elasticface.cli;

import io.elasticface.cli.api.ApiClient;
import io.elasticface.cli.api.ApiClient.Answer;
import io.elasticface.cli.api.ProgressBar;
import io.elasticface.collections.Names;
import io.elasticface.engine.gallery.Labels;
import io.elasticface.naming.FileNames;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code elasticface subjects add|list|remove}: the collection API's enrollment from the command line. */
@Command(name = "subjects", mixinStandardHelpOptions = true, description = "Enroll, list and remove people of a "
        + "collection through a running web tier.",
        subcommands = {SubjectsCommand.Add.class, SubjectsCommand.ListSubjects.class, SubjectsCommand.Remove.class})
final class SubjectsCommand {

    private static final Set<String> PHOTOS = Set.of("jpg", "jpeg", "png", "webp", "bmp");

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Enroll a folder of photos: a CSV Image,Results names each photo's person (Image is the "
                    + "file name without extension), or each sub-folder is a person. Resumable: what was enrolled or "
                    + "refused is kept in --state and skipped when run again. Refusals are reported with their reason.")
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Option(names = "--collection", required = true, description = "the collection (created by its first face)")
        String collection;

        @Option(names = "--images", required = true, description = "folder of photos")
        Path images;

        @Option(names = "--labels", description = "CSV Image,Results; without it, each sub-folder is a person")
        Path labels;

        @Option(names = "--largest", description = "enroll the largest face of a photo holding several")
        boolean largest;

        @Option(names = "--concurrency", defaultValue = "4", description = "photos in flight (default ${DEFAULT-VALUE})")
        int concurrency;

        @Option(names = "--state", description = "progress file (default .elasticface/enrolled-<collection>.csv)")
        Path state;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            if (!Names.isValid(collection)) {
                err.println("not a collection name: '" + collection + "' (1 to 64 letters, digits, '_', '.' or '-')");
                return 2;
            }
            if (!Files.isDirectory(images)) {
                err.println("no folder " + images);
                return 2;
            }
            Map<Path, String> photos = labels == null ? byFolder() : byLabels(err);
            Path progress = state != null ? state : Path.of(".elasticface", "enrolled-" + collection + ".csv");
            Set<String> done = done(progress);
            List<Map.Entry<Path, String>> todo = photos.entrySet().stream()
                    .filter(e -> !done.contains(key(e.getKey()))).toList();
            Tally tally = new Tally();
            List<String> refusals = new ArrayList<>();
            ApiClient client = api.client();
            ProgressBar bar = new ProgressBar(err);
            Files.createDirectories(progress.toAbsolutePath().getParent());
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
            try (BufferedWriter log = Files.newBufferedWriter(progress, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                List<Future<?>> futures = new ArrayList<>();
                for (Map.Entry<Path, String> photo : todo) {
                    futures.add(pool.submit(() -> {
                        String line = enroll(client, photo.getKey(), photo.getValue(), tally, refusals);
                        synchronized (log) {
                            if (line != null) {
                                log.write(line);
                                log.newLine();
                                log.flush();
                            }
                        }
                        bar.draw(tally.seen.incrementAndGet(), todo.size(), tally.toString());
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            synchronized (refusals) {
                refusals.stream().sorted().forEach(err::println);
            }
            err.printf("%s: %d enrolled, %d refused, %d failed (tried again on the next run), %d done before (%s)%n",
                    collection, tally.enrolled.get(), tally.refused.get(), tally.failed.get(),
                    photos.size() - todo.size(), progress);
            err.flush();
            if (tally.unreachable.get() > 0) {
                err.println(api.unreachable(new IOException(tally.lastError)));
                return 2;
            }
            return tally.failed.get() > 0 ? 1 : 0;
        }

        /** Enrolls one photo; the progress line to keep, or null when it failed and should be tried again. */
        private String enroll(ApiClient client, Path photo, String subject, Tally tally, List<String> refusals) {
            if (!Names.isValid(subject)) {
                return refused(photo, subject, "INVALID_NAME", "not a subject name (1 to 64 letters, digits, "
                        + "'_', '.' or '-')", tally, refusals);
            }
            Answer answer;
            try {
                answer = client.enroll(collection, subject, photo, largest);
            } catch (IOException e) {
                tally.failed.incrementAndGet();
                tally.unreachable.incrementAndGet();
                tally.lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                return null;
            }
            if (answer.status() == 201) {
                tally.enrolled.incrementAndGet();
                return String.join(",", csv(key(photo)), "enrolled", csv(subject), answer.body().path("faceId")
                        .asString());
            }
            if (answer.status() == 400 || answer.status() == 413 || answer.status() == 415 || answer.status() == 422) {
                return refused(photo, subject, answer.reason(), answer.detail(), tally, refusals);
            }
            tally.failed.incrementAndGet();
            synchronized (refusals) {
                refusals.add("failed  " + images.relativize(photo) + ": " + answer.status() + " " + answer.detail());
            }
            return null;
        }

        private String refused(Path photo, String subject, String reason, String detail, Tally tally,
                               List<String> refusals) {
            tally.refused.incrementAndGet();
            synchronized (refusals) {
                refusals.add("refused " + images.relativize(photo) + " (" + subject + "): " + reason + " " + detail);
            }
            return String.join(",", csv(key(photo)), "refused", csv(subject), csv(reason));
        }

        private String key(Path photo) {
            return images.relativize(photo).toString();
        }

        private Map<Path, String> byFolder() throws IOException {
            Map<Path, String> photos = new TreeMap<>();
            try (Stream<Path> people = Files.list(images)) {
                for (Path person : people.filter(Files::isDirectory).sorted().toList()) {
                    try (Stream<Path> files = Files.list(person)) {
                        files.filter(SubjectsCommand::isPhoto).forEach(p -> photos.put(p, person.getFileName()
                                .toString()));
                    }
                }
            }
            return photos;
        }

        private Map<Path, String> byLabels(PrintWriter err) throws IOException {
            Map<String, String> names = Labels.read(labels);
            Map<Path, String> photos = new TreeMap<>();
            try (Stream<Path> files = Files.list(images)) {
                files.filter(SubjectsCommand::isPhoto).forEach(p -> {
                    String name = names.get(FileNames.stem(p.getFileName().toString()));
                    if (name != null) {
                        photos.put(p, name);
                    }
                });
            }
            if (photos.size() < names.size()) {
                err.printf("%d labelled photos have no file in %s%n", names.size() - photos.size(), images);
            }
            return photos;
        }

        /** Photos already enrolled or refused, from an earlier run's progress file. */
        private static Set<String> done(Path progress) throws IOException {
            Set<String> done = new HashSet<>();
            if (Files.exists(progress)) {
                for (String line : Files.readAllLines(progress, StandardCharsets.UTF_8)) {
                    List<String> cells = cells(line);
                    if (cells.size() >= 2) {
                        done.add(cells.get(0));
                    }
                }
            }
            return done;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The subjects of a collection and their "
            + "numbers of faces.")
    static final class ListSubjects implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Option(names = "--collection", required = true)
        String collection;

        @Override
        public Integer call() {
            Optional<Answer> answer = api.call(spec, client -> client.subjects(collection));
            PrintWriter out = spec.commandLine().getOut();
            answer.ifPresent(a -> a.body().path("subjects").forEach(s -> out.println(s.path("subject").asString()
                    + "\t" + s.path("faces").asInt())));
            out.flush();
            return answer.isPresent() ? 0 : 1;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a subject and all its faces.")
    static final class Remove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Option(names = "--collection", required = true)
        String collection;

        @Option(names = "--subject", required = true)
        String subject;

        @Override
        public Integer call() {
            Optional<Answer> answer = api.call(spec, client -> client.removeSubject(collection, subject));
            answer.ifPresent(a -> spec.commandLine().getOut().printf("removed %d faces of %s from %s%n",
                    a.body().path("removed").size(), subject, collection));
            spec.commandLine().getOut().flush();
            return answer.isPresent() ? 0 : 1;
        }
    }

    private static boolean isPhoto(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && PHOTOS.contains(name.substring(name.lastIndexOf('.') + 1));
    }

    /** Counts shared by the enrolling threads. */
    private static final class Tally {
        final AtomicInteger seen = new AtomicInteger();
        final AtomicInteger enrolled = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger unreachable = new AtomicInteger();
        volatile String lastError;

        @Override
        public String toString() {
            return enrolled + " enrolled, " + refused + " refused" + (failed.get() > 0 ? ", " + failed + " failed" : "");
        }
    }

    /** A CSV cell: quoted when it holds a comma, a quote or a line break. */
    private static String csv(String cell) {
        return cell.matches("[^,\"\r\n]*") ? cell : "\"" + cell.replace("\"", "\"\"") + "\"";
    }

    private static List<String> cells(String line) {
        try {
            var records = CSVFormat.RFC4180.parse(new StringReader(line)).getRecords();
            return records.isEmpty() ? List.of() : records.get(0).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
