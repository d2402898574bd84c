package io.elasticface.app.recognition;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links the JDK's native methods that a worker's main thread first calls while libtorch loads, before the load
 * begins. The JVM links a native method at its first call with {@code dlsym}, which waits for glibc's loader lock,
 * and {@code dlopen} holds that lock while libtorch's static initialisers run (about half a second). Measured
 * without this, Spring's main thread sat in one such lookup ({@code Array.set}, as it bound the names of its
 * configuration files) until libtorch had loaded, and the worker polled 0.15 s later (BENCHMARKS.md, "The loader
 * lock"). Calling each method once here links it for every thread. The list is what {@code -Xlog:jni+resolve} showed
 * the main thread linking in that window, on Java 17 and 25; a native missing from it only costs that wait again.
 */
final class JdkNatives {

    private static final Logger log = LoggerFactory.getLogger(JdkNatives.class);
    private static final AtomicBoolean linked = new AtomicBoolean();

    @Retention(RetentionPolicy.RUNTIME)
    private @interface Values {
        long longValue();

        int intValue();
    }

    @Values(longValue = 1L, intValue = 1)
    private static int annotated;

    private JdkNatives() {
    }

    /** Links them once per process; a failure is logged and changes nothing else. */
    static void link() {
        if (!linked.compareAndSet(false, true)) {
            return;
        }
        try {
            Object array = new Object[1];
            Array.set(array, 0, array);
            Array.get(array, 0);
            Array.getLength(array);
            Field field = JdkNatives.class.getDeclaredField("annotated");
            field.getAnnotation(Values.class); // ConstantPool.getIntAt0, getLongAt0
            field.getAnnotatedType(); // Field.getTypeAnnotationBytes0
            JdkNatives.class.getDeclaredMethod("link").getParameters(); // Executable.getParameters0
            System.console(); // Console.istty (Java 17), ttyStatus (Java 25)
            new Throwable().getStackTrace(); // StackTraceElement.initStackTraceElements
            StackWalker.getInstance().walk(frames -> frames.findFirst()); // StackStreamFactory's natives
            new File(".").lastModified(); // UnixFileSystem.getLastModifiedTime
            InetAddress.getLoopbackAddress(); // InetAddress.init and the address families'
            SocketChannel.open().close(); // the socket natives of the SDK's first call
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            log.debug("Could not link every JDK native before libtorch's load", e);
        }
    }
}
