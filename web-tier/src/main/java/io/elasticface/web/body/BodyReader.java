package io.elasticface.web.body;

import io.elasticface.web.WebProperties;
import io.elasticface.web.upload.RejectedUploadException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes one request's body as the connection delivers it, on whichever container thread Tomcat calls with
 * bytes, and dispatches the request once, when the body is complete, too large or late. The buffer grows with
 * what has arrived (never to a Content-Length a client merely declares), so a slow client costs what it sent.
 *
 * <p>The deadline is a timer's ({@link #late}), not the container's asynchronous timeout: when that timeout
 * fires, Spring's observation filter stops the request's observation there and then, and every late upload was
 * counted as a 200 of {@code uri=UNKNOWN} besides its 408. The container's timeout stays, a little later, as a
 * backstop.
 */
final class BodyReader implements ReadListener, AsyncListener {

    private static final int FIRST_CHUNK = 16 * 1024;

    private final HttpServletRequest request;
    private final AsyncContext async;
    private final ServletInputStream in;
    private final long declared;
    private final WebProperties web;
    private final AtomicBoolean dispatched = new AtomicBoolean();
    private volatile ScheduledFuture<?> deadline;
    private byte[] buffer;
    private volatile int size;

    BodyReader(HttpServletRequest request, AsyncContext async, long declared, WebProperties web) {
        this.request = request;
        this.async = async;
        this.declared = declared;
        this.web = web;
        try {
            this.in = request.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.buffer = new byte[(int) Math.min(FIRST_CHUNK, capacity())];
    }

    /** Starts the clock: the body must be here within {@code elasticface.web.upload-timeout}. */
    void startClock(ScheduledExecutorService timer) {
        deadline = timer.schedule(this::late, web.uploadTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The Content-Length, or for a chunked body one byte more than may be read, to see that it is too much. */
    private long capacity() {
        return declared > 0 ? declared : web.maxBodyBytes() + 1L;
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!dispatched.get() && in.isReady()) {
            if (size == buffer.length) {
                int larger = (int) Math.min(capacity(), Math.max(2L * buffer.length, FIRST_CHUNK));
                if (larger == buffer.length) {
                    return; // all that was declared is here: onAllDataRead comes next
                }
                buffer = Arrays.copyOf(buffer, larger);
            }
            int read = in.read(buffer, size, buffer.length - size);
            if (read < 0) {
                return;
            }
            size += read;
            if (size > web.maxBodyBytes()) {
                refuse(BufferedBody.tooLarge(-1, web));
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() {
        if (finish()) {
            request.setAttribute(BufferedBody.ATTRIBUTE, new BufferedBody(buffer, size));
            async.dispatch();
        }
    }

    private void late() {
        Duration timeout = web.uploadTimeout();
        refuse(new RejectedUploadException(408, "the upload did not arrive within "
                + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms") + ": " + size
                + (declared > 0 ? " of " + declared : "") + " bytes came"));
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        late();
    }

    /** The connection failed or timed out under the read: Tomcat closes it; there is no one to answer. */
    @Override
    public void onError(Throwable t) {
        if (finish()) {
            async.complete();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable());
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // the body was dispatched, refused or abandoned: nothing left to do
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // a later asynchronous cycle (the endpoint waiting for its reply) is not this reader's
    }

    private void refuse(RejectedUploadException refusal) {
        if (finish()) {
            BodyReadingFilter.refuse(request, refusal);
            async.dispatch();
        }
    }

    /** True for the first of the outcomes only. */
    private boolean finish() {
        if (!dispatched.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> clock = deadline;
        if (clock != null) {
            clock.cancel(false);
        }
        return true;
    }
}
