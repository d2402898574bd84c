package io.elasticface.web.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers the autoscaler decides on (queue depth, instances by state, the desired count), read from its
 * Prometheus endpoint: the console shows what the autoscaler sees, not a second reading of the queue.
 */
public final class AutoscalerNumbers {

    /** One reading; {@code instances} by state: stopped, pending, running, stopping. */
    public record Reading(double queueVisible, double queueInFlight, double desired, Map<String, Double> instances) {
    }

    private static final Pattern LINE = Pattern.compile(
            "(?m)^elasticface_autoscaler_(queue_visible|queue_in_flight|instances_desired|instances)(?:\\{[^}]*state=\"(\\w+)\"[^}]*})?\\s+([-0-9.eE+]+)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final URI prometheus;

    /** @param actuator the autoscaler's Actuator base, e.g. {@code http://127.0.0.1:8090} */
    public AutoscalerNumbers(URI actuator) {
        String base = actuator.toString().replaceAll("/+$", "");
        this.prometheus = URI.create(base + "/actuator/prometheus");
    }

    /** The current reading, or empty when the autoscaler cannot be reached. */
    public Optional<Reading> read() {
        String text;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(prometheus).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            text = response.body();
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(parse(text));
    }

    static Reading parse(String text) {
        double visible = 0;
        double inFlight = 0;
        double desired = 0;
        Map<String, Double> instances = new LinkedHashMap<>();
        for (String state : new String[] {"stopped", "pending", "running", "stopping"}) {
            instances.put(state, 0.0);
        }
        Matcher m = LINE.matcher(text);
        while (m.find()) {
            double value = Double.parseDouble(m.group(3));
            switch (m.group(1)) {
                case "queue_visible" -> visible = value;
                case "queue_in_flight" -> inFlight = value;
                case "instances_desired" -> desired = value;
                default -> {
                    if (m.group(2) != null) {
                        instances.put(m.group(2), value);
                    }
                }
            }
        }
        return new Reading(visible, inFlight, desired, instances);
    }
}
