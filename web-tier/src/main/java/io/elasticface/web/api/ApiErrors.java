package io.elasticface.web.api;

import io.elasticface.results.ResultStoreException;
import io.elasticface.web.upload.RejectedUploadException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Errors answer with their status and one line: plain text where the endpoint answers plain text (the course's
 * {@code POST /}), JSON elsewhere.
 * Refused uploads are 4xx; AWS or storage failures before a request could be queued or read are 503.
 */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final MeterRegistry meters;

    ApiErrors(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler(RejectedUploadException.class)
    ResponseEntity<Object> rejected(RejectedUploadException e, HttpServletRequest request) {
        return render(request, HttpStatus.valueOf(e.status()), e.getMessage());
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> notMultipart(HttpServletRequest request) {
        return render(request, HttpStatus.BAD_REQUEST, "send the photo as multipart form data in field "
                + "'inputFile', e.g. curl -F inputFile=@photo.jpg");
    }

    /** A method the endpoint does not take: 405 naming the ones it does, in the one-line format. */
    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Object> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        Set<HttpMethod> allowed = e.getSupportedHttpMethods() == null ? Set.of() : e.getSupportedHttpMethods();
        String use = allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(" or "));
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).allow(allowed.toArray(HttpMethod[]::new))
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorView(405, "method " + e.getMethod() + " is not supported on " + request.getRequestURI()
                        + (use.isEmpty() ? "" : "; use " + use), null, null));
    }

    /** No endpoint at that path (static resources are off: every path is an endpoint or a 404). */
    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<Object> noSuchEndpoint(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorView(404, "no such endpoint: " + request.getMethod() + " " + request.getRequestURI(),
                        null, null));
    }

    @ExceptionHandler({SdkException.class, ResultStoreException.class, UncheckedIOException.class})
    ResponseEntity<Object> unavailable(RuntimeException e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return render(request, HttpStatus.SERVICE_UNAVAILABLE, "service unavailable: " + oneLine(e.getMessage()));
    }

    /**
     * Whether the endpoint that took the request answers plain text (the course's {@code POST /}), read from
     * its mapping's {@code produces}: errors speak the endpoint's format. Forms are parsed lazily
     * ({@code FormRequest}), so even a refused upload has its endpoint chosen.
     */
    private static boolean answersPlainText(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler) {
            RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(),
                    RequestMapping.class);
            return mapping != null && Arrays.asList(mapping.produces()).contains(MediaType.TEXT_PLAIN_VALUE);
        }
        return false;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }

    private ResponseEntity<Object> render(HttpServletRequest request, HttpStatus status, String message) {
        // a 4xx is the client's upload refused; a 5xx is ours and must not hide among the refusals
        String counter = status.is4xxClientError() ? "elasticface.web.uploads.rejected" : "elasticface.web.requests.failed";
        meters.counter(counter, "status", Integer.toString(status.value())).increment();
        if (answersPlainText(request)) {
            return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorView(status.value(), message, null, null));
    }
}
