package io.elasticface.web.api;

import io.elasticface.web.WebProperties;
import io.elasticface.web.upload.RejectedUploadException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Refused uploads answer with their status and one line: plain text on the course's {@code POST /},
 * JSON elsewhere.
 */
@RestControllerAdvice
class UploadErrors {

    private final long maxUploadBytes;
    private final MeterRegistry meters;

    UploadErrors(WebProperties web, MeterRegistry meters) {
        this.maxUploadBytes = web.maxUpload().toBytes();
        this.meters = meters;
    }

    @ExceptionHandler(RejectedUploadException.class)
    ResponseEntity<Object> rejected(RejectedUploadException e, HttpServletRequest request) {
        return render(request, HttpStatus.valueOf(e.status()), e.getMessage());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Object> tooLarge(HttpServletRequest request) {
        return render(request, HttpStatus.CONTENT_TOO_LARGE, "the upload exceeds the limit of " + maxUploadBytes
                + " bytes");
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> notMultipart(HttpServletRequest request) {
        return render(request, HttpStatus.BAD_REQUEST, "send the photo as multipart form data in field "
                + "'inputFile', e.g. curl -F inputFile=@photo.jpg");
    }

    private ResponseEntity<Object> render(HttpServletRequest request, HttpStatus status, String message) {
        meters.counter("elasticface.web.uploads.rejected", "status", Integer.toString(status.value())).increment();
        if ("/".equals(request.getRequestURI())) {
            return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorView(status.value(), message, null, null));
    }
}
