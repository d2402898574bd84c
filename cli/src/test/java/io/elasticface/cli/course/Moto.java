package io.elasticface.cli.course;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * moto's server mode (python3 -m moto.server), an independent implementation of the AWS APIs, on a free
 * loopback port, started and stopped by the test that needs it. A test is skipped with a sentence where moto
 * is not installed. MOTO_IAM_LOAD_MANAGED_POLICIES makes AWS's managed policies (the grader's) exist.
 */
public final class Moto implements AutoCloseable {

    private final Process process;
    private final URI url;
    private final Path log;

    private Moto(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Starts moto, or skips the calling test when python3 with moto is absent. */
    public static Moto startOrSkip(Path dir) throws IOException, InterruptedException {
        String python = python();
        assumeTrue(python != null, "moto is not installed (no python3 here imports moto.server: tried "
                + candidates() + "): the rehearsal against an independent AWS emulator is skipped; "
                + "install moto[server] 5.x, or point ELASTICFACE_PYTHON at a python that has it");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("moto.log");
        ProcessBuilder builder = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        Moto moto = new Moto(builder.start(), URI.create("http://127.0.0.1:" + port), log);
        moto.awaitUp();
        return moto;
    }

    /** The first python that imports moto's server: ELASTICFACE_PYTHON, python3 on the PATH, then pyenv's. */
    public static String python() throws InterruptedException {
        for (String candidate : candidates()) {
            if (runs(candidate, "-c", "import moto.server")) {
                return candidate;
            }
        }
        return null;
    }

    private static List<String> candidates() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("ELASTICFACE_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add("python3");
        Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv");
        candidates.add(pyenv.resolve("shims/python3").toString());
        try (Stream<Path> versions = Files.list(pyenv.resolve("versions"))) {
            versions.sorted(Comparator.reverseOrder()).map(v -> v.resolve("bin/python3")).filter(Files::isExecutable)
                    .forEach(v -> candidates.add(v.toString()));
        } catch (IOException e) {
            // no pyenv
        }
        return candidates;
    }

    private static boolean runs(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitUp() throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url.resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("moto did not answer within 60 s: " + Files.readString(log));
    }

    public URI url() {
        return url;
    }

    /** Everything moto holds, as its own JSON dump (/moto-api/data.json): the test's view behind the APIs. */
    public String data() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/moto-api/data.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
