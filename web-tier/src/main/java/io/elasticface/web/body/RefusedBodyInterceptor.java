package io.elasticface.web.body;

import io.elasticface.web.upload.RejectedUploadException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A body {@link BodyReadingFilter} refused (too slow, too large) is refused by whichever endpoint the request
 * was for, before it runs: the answer comes in that endpoint's error format.
 */
public final class RefusedBodyInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(BodyReadingFilter.REFUSAL) instanceof RejectedUploadException refusal) {
            throw refusal;
        }
        return true;
    }
}
