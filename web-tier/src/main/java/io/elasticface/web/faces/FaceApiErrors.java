package io.elasticface.web.faces;

import io.elasticface.collections.Names.InvalidNameException;
import io.elasticface.results.ResultStoreException;
import io.elasticface.web.upload.RejectedUploadException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The collection API's errors as RFC 9457 problem details ({@code application/problem+json}): status, a title,
 * the sentence in {@code detail}, the path in {@code instance}, and a {@code reason} code. Only for
 * {@link FacesController}: the course's endpoints keep their one-line format.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = FacesController.class)
class FaceApiErrors {

    private static final Logger log = LoggerFactory.getLogger(FaceApiErrors.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> problem(ApiProblem e, HttpServletRequest request) {
        return render(request, e.status(), e.reason(), e.getMessage(), e.requestId());
    }

    @ExceptionHandler(InvalidNameException.class)
    ResponseEntity<ProblemDetail> badName(InvalidNameException e, HttpServletRequest request) {
        return render(request, HttpStatus.BAD_REQUEST, "INVALID_NAME", e.getMessage(), null);
    }

    @ExceptionHandler(RejectedUploadException.class)
    ResponseEntity<ProblemDetail> rejected(RejectedUploadException e, HttpServletRequest request) {
        HttpStatus status = HttpStatus.valueOf(e.status());
        String reason = switch (e.status()) {
            case 413 -> "TOO_LARGE";
            case 415 -> "NOT_AN_IMAGE";
            case 422 -> "TOO_MANY_PIXELS";
            default -> "BAD_UPLOAD";
        };
        return render(request, status, reason, e.getMessage(), null);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> notMultipart(HttpServletRequest request) {
        return render(request, HttpStatus.BAD_REQUEST, "NOT_MULTIPART", "send the photo as multipart form data, "
                + "e.g. curl -F inputFile=@photo.jpg", null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return render(request, HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", "parameter '" + e.getName()
                + "' cannot be '" + e.getValue() + "'", null);
    }

    @ExceptionHandler({SdkException.class, ResultStoreException.class, UncheckedIOException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return render(request, HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "service unavailable: "
                + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip(), null);
    }

    private static ResponseEntity<ProblemDetail> render(HttpServletRequest request, HttpStatus status, String reason,
                                                        String detail, String requestId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException e) {
            // a path the client sent that is no URI: the problem goes without its instance
        }
        problem.setProperty("reason", reason);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
            problem.setProperty("result", "/results/" + requestId);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
