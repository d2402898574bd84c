package io.elasticface.web.console;

import io.elasticface.web.WebProperties;
import io.elasticface.web.dispatch.PendingReplies;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console: {@code GET /} is a page a browser shows (recognize, people, live), plain HTML and a little
 * JavaScript from this jar; {@code GET /console/live} the numbers its Live page polls. The API it calls is the
 * public one: the console has no endpoint of its own beyond these.
 */
@Hidden
@RestController
class ConsoleController {

    private static final Map<String, MediaType> FILES = Map.of(
            "console.js", MediaType.valueOf("text/javascript"),
            "console.css", MediaType.valueOf("text/css"));
    private static final int LAST = 12;

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final RecentRequests recent;
    private final PendingReplies pending;
    private final Optional<AutoscalerNumbers> autoscaler;

    ConsoleController(RecentRequests recent, PendingReplies pending, WebProperties web) {
        this.recent = recent;
        this.pending = pending;
        this.autoscaler = Optional.ofNullable(web.autoscalerUrl()).map(AutoscalerNumbers::new);
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache())
                .body(file("index.html"));
    }

    @GetMapping("/console/{name}")
    ResponseEntity<byte[]> asset(@PathVariable String name) {
        MediaType type = FILES.get(name);
        if (type == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                    .body(("no console file " + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache()).body(file(name));
    }

    /** What the Live page shows; the autoscaler's part is null where it is not configured or not reachable. */
    record LiveView(long at, int waiting, RecentRequests.Summary requests, AutoscalerNumbers.Reading autoscaler,
                    String autoscalerNote) {
    }

    @GetMapping(path = "/console/live", produces = MediaType.APPLICATION_JSON_VALUE)
    LiveView live() {
        AutoscalerNumbers.Reading reading = autoscaler.flatMap(AutoscalerNumbers::read).orElse(null);
        String note = autoscaler.isEmpty() ? "set elasticface.web.autoscaler-url to show the autoscaler's numbers"
                : reading == null ? "the autoscaler does not answer" : null;
        return new LiveView(System.currentTimeMillis(), pending.size(), recent.summary(LAST), reading, note);
    }

    private byte[] file(String name) {
        return cache.computeIfAbsent(name, n -> {
            try (InputStream in = ConsoleController.class.getResourceAsStream("/console/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("the console's " + n + " is missing from the jar");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
