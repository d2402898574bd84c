package io.elasticface.web.body;

import io.elasticface.web.WebProperties;
import io.elasticface.web.upload.RejectedUploadException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Reads every request body into memory before the application sees the request, without holding a thread
 * while the bytes arrive: the request goes asynchronous and a {@link BodyReader} takes the bytes as the
 * connection delivers them (Servlet non-blocking I/O); when the body is complete, the request is dispatched
 * again and this filter hands it on with the body in memory ({@link BufferedRequest}). On Java 17 there are no
 * virtual threads: without this, a client sending one byte every few seconds held a request thread for as long
 * as it liked, and a few hundred of them held all of them.
 *
 * <p>A body is refused, in the format of the endpoint it was for ({@link RefusedBodyInterceptor}), when it is
 * larger than {@link WebProperties#maxBodyBytes()} (413, at once when its Content-Length says so) or has not
 * arrived within {@code elasticface.web.upload-timeout} (408); the connection then closes after the answer
 * instead of reading the rest.
 */
public final class BodyReadingFilter implements Filter {

    static final String REFUSAL = BodyReadingFilter.class.getName() + ".refusal";

    /** The container's own asynchronous timeout comes this much after the deadline, as a backstop only. */
    private static final Duration BACKSTOP = Duration.ofSeconds(5);

    private final WebProperties web;
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "upload-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    public BodyReadingFilter(WebProperties web) {
        this.web = web;
        deadlines.setRemoveOnCancelPolicy(true); // a body that arrives in time leaves nothing queued
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (request.getAttribute(BufferedBody.ATTRIBUTE) instanceof BufferedBody body) {
            chain.doFilter(new BufferedRequest(request, body), response);
        } else if (request.getAttribute(REFUSAL) != null) {
            refused(request, response, chain);
        } else if (request.getDispatcherType() == DispatcherType.REQUEST && BufferedBody.hasBody(request)) {
            long declared = request.getContentLengthLong();
            if (declared > web.maxBodyBytes()) {
                refuse(request, BufferedBody.tooLarge(declared, web));
                refused(request, response, chain);
            } else {
                AsyncContext async = request.startAsync();
                async.setTimeout(web.uploadTimeout().plus(BACKSTOP).toMillis());
                BodyReader reader = new BodyReader(request, async, declared, web);
                async.addListener(reader);
                reader.startClock(deadlines);
                request.getInputStream().setReadListener(reader);
            }
        } else {
            chain.doFilter(request, response);
        }
    }

    /** The rest of the body is never read: the connection closes after the answer rather than drain it. */
    private static void refused(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Connection", "close");
        chain.doFilter(new BufferedRequest(request, BufferedBody.EMPTY), response);
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow(); // a body still arriving is ended by the container's timeout
    }

    /** Records why a body was refused; {@link RefusedBodyInterceptor} throws it in the endpoint. */
    static void refuse(HttpServletRequest request, RejectedUploadException refusal) {
        request.setAttribute(REFUSAL, refusal);
    }
}
