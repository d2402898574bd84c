package io.elasticface.web;

import io.elasticface.app.recognition.FaceRecognizer;
import io.elasticface.app.recognition.PlaceholderRecognizer;
import io.elasticface.engine.UnreadableImageException;
import io.elasticface.image.ImageHeader;
import io.elasticface.wire.RecognitionReply.Face;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A test recognizer whose behaviour the image's width selects: {@value #FAILS} pixels wide always throws,
 * {@value #HANGS} blocks until interrupted (a worker that stops mid-request), {@value #SLOW} takes three
 * seconds, anything else answers as the placeholder does. It counts its calls.
 */
final class ScriptedRecognizer implements FaceRecognizer {

    static final int FAILS = 13;
    static final int HANGS = 17;
    static final int SLOW = 19;
    static final AtomicInteger calls = new AtomicInteger();
    static volatile CountDownLatch hanging = new CountDownLatch(1);
    static volatile CountDownLatch slowStarted = new CountDownLatch(1);

    private final PlaceholderRecognizer placeholder = new PlaceholderRecognizer();

    @Override
    public List<Face> recognize(byte[] image) throws UnreadableImageException {
        calls.incrementAndGet();
        int width = ImageHeader.read(image).map(ImageHeader::width).orElse(0);
        if (width == FAILS) {
            throw new IllegalStateException("scripted failure");
        }
        if (width == HANGS) {
            hanging.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted mid-request", e);
            }
        }
        if (width == SLOW) {
            slowStarted.countDown();
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while slow", e);
            }
        }
        return placeholder.recognize(image);
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public void close() {
    }

    /** Replaces the worker's recognizer bean. */
    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        FaceRecognizer faceRecognizer() {
            return new ScriptedRecognizer();
        }
    }
}
