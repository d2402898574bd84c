package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.cli.course.Moto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code elasticface local --aws-endpoint}'s bad input and failed steps: one sentence naming what to set or which
 * step failed, a non-zero exit, and nothing left running. (The working path is {@code MotoRehearsalTest}.)
 */
class LocalAwsEndpointTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run local(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "local";
        System.arraycopy(args, 0, command, 1, args.length);
        int status = ElasticFace.run(new PrintWriter(out, true), new PrintWriter(err, true), command);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void anUnreachableEndpointIsOneSentence() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run run = local("--aws-endpoint", "http://127.0.0.1:" + closed, "--data-dir", dir.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("elasticface local: cannot reach http://127.0.0.1:" + closed)
                .contains("is the emulator running there?").hasLineCount(1);
    }

    @Test
    void noInstancesToRunIsOneSentence() {
        Run run = local("--aws-endpoint", "http://127.0.0.1:1", "--max-instances", "0", "--data-dir", dir.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("elasticface local: --aws-endpoint needs --max-instances of 1 or more "
                + "(the pool's workers are the emulated instances').");
    }

    @Test
    void aStepThatFailsIsNamedAndWhatStartedIsStopped() throws Exception {
        try (Moto moto = Moto.startOrSkip(dir); ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            long before = ProcessHandle.current().descendants().count();

            Run run = local("--aws-endpoint", moto.url().toString(), "--id", "1234567890", "--port", Integer.toString(port),
                    "--max-instances", "1", "--pool-size", "2", "--data-dir", dir.resolve("data").toString());

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).contains("  ok  pool of 2 stopped app-tier-instance-<n>");
            assertThat(run.err()).contains("elasticface local: starting the web tier (port " + port + ") failed: ")
                    .contains("stopping what had started.").doesNotContain("\tat ");
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                    .as("processes left behind (moto aside)").isLessThanOrEqualTo(before);
        }
    }
}
