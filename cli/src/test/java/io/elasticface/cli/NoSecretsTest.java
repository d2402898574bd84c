package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Nothing secret is tracked: no AWS access key id and no secret access key assignment in any file
 * that git tracks. Credentials come from the SDK's default chain (instance profiles on EC2); the
 * emulators' fixed identity {@code elasticface-local} is not a secret and matches neither pattern.
 * AWS's documented placeholders (values containing {@code EXAMPLE}, as in the SDK and CLI docs) are
 * allowed, so that a quoted example does not fail the build.
 */
class NoSecretsTest {

    /** Long-term (AKIA) and temporary (ASIA) access key ids: the prefix and 16 upper-case letters/digits. */
    static final Pattern ACCESS_KEY_ID = Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])");

    /**
     * {@code aws_secret_access_key = <40 chars>} in any spelling: ini files, env files
     * (AWS_SECRET_ACCESS_KEY=...), YAML, JSON ("aws_secret_access_key": "..."), code.
     */
    static final Pattern SECRET_ACCESS_KEY = Pattern.compile(
            "(?i)aws_?secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])");

    @Test
    void trackedFilesHoldNoAwsCredentials() throws Exception {
        Path top = gitTopLevel();
        assumeTrue(top != null, "not a git checkout (or git is missing): nothing tracked to check");

        List<String> findings = new ArrayList<>();
        int scanned = 0;
        for (String name : trackedFiles(top)) {
            Path file = top.resolve(name);
            if (!Files.isRegularFile(file) || Files.size(file) > 5_000_000) {
                continue; // deleted in the work tree, a submodule, or a large binary such as model weights
            }
            byte[] bytes = Files.readAllBytes(file);
            // Read as ISO-8859-1: every byte maps to one char, so binary files cannot throw.
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            scanned++;
            find(ACCESS_KEY_ID, text, name, "AWS access key id", findings);
            find(SECRET_ACCESS_KEY, text, name, "aws_secret_access_key with a 40-character value", findings);
        }
        assertThat(scanned).as("tracked files scanned").isPositive();
        assertThat(findings).as("credentials in tracked files (use the default provider chain instead)").isEmpty();
    }

    @Test
    void thePatternsFindWhatTheyShould() {
        // Built from pieces so that this file itself holds no match.
        String keyId = "AKIA" + "ABCDEFGHIJ234567";
        String secret = "abcdEFGHijklMNOPqrstUVWXyz0123456789/+AB";
        assertThat(ACCESS_KEY_ID.matcher("id = " + keyId).find()).isTrue();
        assertThat(ACCESS_KEY_ID.matcher("ASIA" + "ABCDEFGHIJ234567").find()).isTrue();
        assertThat(ACCESS_KEY_ID.matcher("AKIA" + "SHORT").find()).isFalse();
        assertThat(SECRET_ACCESS_KEY.matcher("aws_secret_access_key = " + secret).find()).isTrue();
        assertThat(SECRET_ACCESS_KEY.matcher("AWS_SECRET_ACCESS_KEY=" + secret).find()).isTrue();
        assertThat(SECRET_ACCESS_KEY.matcher("\"aws_secret_access_key\": \"" + secret + "\"").find()).isTrue();
        // The emulators' identity and placeholders are fine.
        assertThat(SECRET_ACCESS_KEY.matcher("AWS_SECRET_ACCESS_KEY=elasticface-local-secret").find()).isFalse();
        assertThat(SECRET_ACCESS_KEY.matcher("aws_secret_access_key = ${SECRET}").find()).isFalse();
        assertThat(ACCESS_KEY_ID.matcher("AWS_ACCESS_KEY_ID=elasticface-local").find()).isFalse();

        // AWS's documentation placeholder is reported by the pattern but skipped by the scan.
        List<String> findings = new ArrayList<>();
        find(ACCESS_KEY_ID, "key = " + "AKIA" + "IOSFODNN7EXAMPLE", "doc.md", "key id", findings);
        find(ACCESS_KEY_ID, "key = " + keyId, "leak.md", "key id", findings);
        assertThat(findings).containsExactly("leak.md:1: key id");
    }

    private static void find(Pattern pattern, String text, String file, String what, List<String> findings) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (m.group().contains("EXAMPLE")) {
                continue; // AWS's documentation placeholder, not a credential
            }
            int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            // Report where, never the value itself: the test output may be public.
            findings.add(file + ":" + line + ": " + what);
        }
    }

    private static Path gitTopLevel() throws InterruptedException {
        try {
            String out = git(Path.of(""), "rev-parse", "--show-toplevel").strip();
            return out.isEmpty() ? null : Path.of(out);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> trackedFiles(Path top) throws IOException, InterruptedException {
        String out = git(top, "ls-files", "-z");
        List<String> names = new ArrayList<>();
        for (String name : out.split("\0")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toAbsolutePath().toFile()).start();
        p.getOutputStream().close();
        byte[] stdout = p.getInputStream().readAllBytes();
        p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("git " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " exited with " + p.exitValue());
        }
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
