package io.elasticface.app.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link JdkNatives} links the natives it names: a fresh JVM, with the JVM's own log of each native it links, calls
 * it and then prints a mark; every native the worker's main thread was seen waiting for must be linked before it.
 */
class JdkNativesTest {

    private static final String MARK = "linked-mark";

    @Test
    void linksTheNativesTheMainThreadMeetsWhileLibtorchLoads() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-Xlog:jni+resolve=debug:stdout", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        String beforeMark = out.substring(0, out.indexOf(MARK));
        for (String method : List.of("java.lang.reflect.Array.set", "java.lang.reflect.Array.get ",
                "java.lang.reflect.Array.getLength", "java.lang.reflect.Executable.getParameters0",
                "jdk.internal.reflect.ConstantPool.getLongAt0", "java.lang.StackTraceElement.initStackTraceElements",
                "java.net.InetAddress.init")) {
            assertThat(beforeMark).as(method).contains("Dynamic-linking native method " + method);
        }
    }

    /** The fresh JVM's main. */
    static final class Probe {
        public static void main(String[] args) {
            JdkNatives.link();
            System.out.println(MARK);
        }
    }
}
