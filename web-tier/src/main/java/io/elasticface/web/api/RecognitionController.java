package io.elasticface.web.api;

import io.elasticface.naming.FileNames;
import io.elasticface.results.ResultStore;
import io.elasticface.web.dispatch.Dispatcher.Dispatched;
import io.elasticface.web.console.RecentRequests;
import io.elasticface.web.dispatch.Dispatcher;
import io.elasticface.web.upload.FormUploads;
import io.elasticface.web.upload.UploadValidator;
import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /recognize} answers JSON; {@code POST /} answers the course's {@code name:prediction} text.
 * Both return a future: the request waits for its reply without holding a thread.
 */
@Tag(name = "recognition", description = "the course's endpoint, /recognize and stored results")
@RestController
class RecognitionController {

    private final FormUploads uploads;
    private final Dispatcher dispatcher;
    private final ResultStore results;
    private final MeterRegistry meters;
    private final Counter timeouts;
    private final RecentRequests recent;

    RecognitionController(FormUploads uploads, Dispatcher dispatcher, ResultStore results,
                          MeterRegistry meters, RecentRequests recent) {
        this.recent = recent;
        this.uploads = uploads;
        this.dispatcher = dispatcher;
        this.results = results;
        this.meters = meters;
        this.timeouts = Counter.builder("elasticface.web.request.timeouts")
                .description("requests answered 504").register(meters);
    }

    @Operation(summary = "Name every face of a photo from collection default (JSON)")
    @PostMapping(path = "/recognize", produces = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<Object>> recognize(
            @RequestParam(name = UploadValidator.FIELD, required = false) MultipartFile inputFile,
            HttpServletRequest request) {
        return submit(inputFile, request, reply -> ResponseEntity.status(ReplyStatus.http(reply))
                .body(ReplyView.of(reply)), (id, status, message) -> ResponseEntity.status(status)
                .body(new ErrorView(status.value(), message, id, id == null ? null : "/results/" + id)));
    }

    @Operation(summary = "The CSE546 course's contract: <file name>:<name of the largest face> as text")
    @PostMapping(path = "/", produces = MediaType.TEXT_PLAIN_VALUE)
    CompletableFuture<ResponseEntity<Object>> course(
            @RequestParam(name = UploadValidator.FIELD, required = false) MultipartFile inputFile,
            HttpServletRequest request) {
        return submit(inputFile, request, reply -> ResponseEntity.status(ReplyStatus.http(reply))
                .body(reply.status() == RecognitionReply.Status.OK
                        ? FileNames.stem(reply.fileName()) + ":" + reply.primaryName()
                        : reply.message()), (id, status, message) -> ResponseEntity.status(status).body(message));
    }

    @Operation(summary = "The stored result of a request, by its id")
    @GetMapping(path = "/results/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> result(@PathVariable String id) {
        if (!RequestIds.isWellFormed(id)) {
            return ResponseEntity.badRequest().body(new ErrorView(400, "not a request id: " + id, null, null));
        }
        return results.get(id)
                .<ResponseEntity<Object>>map(reply -> ResponseEntity.ok(ReplyView.of(reply)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(new ErrorView(404, "no result (yet) for request " + id, id, null)));
    }

    private CompletableFuture<ResponseEntity<Object>> submit(MultipartFile file, HttpServletRequest request,
                                                             Function<RecognitionReply, ResponseEntity<Object>> ok,
                                                             ErrorRenderer error) {
        long started = System.nanoTime();
        Dispatched dispatched = dispatcher.dispatch(uploads.read(UploadValidator.FIELD, file, request));
        return dispatched.reply()
                .thenApply(ok)
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof TimeoutException) {
                        timeouts.increment();
                        return error.render(dispatched.id(), HttpStatus.GATEWAY_TIMEOUT, "no reply for request "
                                + dispatched.id() + " yet; fetch its result later at /results/" + dispatched.id());
                    }
                    return error.render(dispatched.id(), HttpStatus.BAD_GATEWAY, "request " + dispatched.id()
                            + " failed: " + cause.getMessage());
                })
                .whenComplete((response, e) -> {
                    long nanos = System.nanoTime() - started;
                    Timer.builder("elasticface.web.request.latency")
                            .description("upload to answer, by HTTP status").publishPercentileHistogram()
                            .tag("status", response == null ? "error" : Integer.toString(response.getStatusCode().value()))
                            .register(meters).record(nanos, TimeUnit.NANOSECONDS);
                    recent.record(request.getRequestURI(), response == null ? 500 : response.getStatusCode().value(),
                            answer(response), TimeUnit.NANOSECONDS.toMillis(nanos));
                });
    }

    /** A request's answer in a few words, for the console's list of the last requests. */
    private static String answer(ResponseEntity<Object> response) {
        if (response == null) {
            return "failed";
        }
        Object body = response.getBody();
        if (body instanceof ReplyView view) {
            return view.name() != null ? view.name() : view.status();
        }
        if (body instanceof ErrorView error) {
            return error.error();
        }
        return body == null ? "" : body.toString();
    }

    @FunctionalInterface
    interface ErrorRenderer {
        ResponseEntity<Object> render(String id, HttpStatus status, String message);
    }
}
