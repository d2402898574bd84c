package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.cli.demo.DemoCollection;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo collection: its portraits ship in this build with their provenance, and the real engine names the
 * README's first requests (demo/ask) from them.
 */
class DemoCollectionTest {

    private static final Path DEMO = Path.of("..", "demo");

    @Test
    void everyPortraitIsInTheBuildAndItsProvenanceIsWrittenBesideIt() throws Exception {
        String readme = Files.readString(DEMO.resolve("README.md"));
        for (String file : DemoCollection.PEOPLE) {
            byte[] bytes = Files.readAllBytes(DEMO.resolve("people").resolve(file));
            try (InputStream in = DemoCollection.class.getResourceAsStream("/demo/people/" + file)) {
                assertThat(in).as(file + " in the jar").isNotNull();
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(readme).contains("`people/" + file + "`").contains(sha + "  people/" + file);
        }
        try (var files = Files.list(DEMO.resolve("people"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                    DemoCollection.PEOPLE);
        }
    }

    @Test
    void theEngineNamesTheReadmesFirstRequestsFromThePortraits(@TempDir Path work) throws Exception {
        Path labels = Files.writeString(work.resolve("labels.csv"),
                "Image,Results\nGrace_Hopper,Grace_Hopper\nEileen_Collins,Eileen_Collins\n");
        Path gallery = work.resolve("demo.gallery");
        CommandRun built = CommandRun.run("gallery", "build", "--images", DEMO.resolve("people").toString(),
                "--labels", labels.toString(), "--out", gallery.toString());
        assertThat(built.status()).as(built.err()).isZero();
        assertThat(built.err()).contains("2 photos of 2 people, 0 skipped");

        CommandRun run = CommandRun.run("recognize", "--gallery", gallery.toString(), DEMO.resolve("ask").toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.lines()).containsExactly("collins:Eileen_Collins", "hopper:Grace_Hopper");
    }
}
