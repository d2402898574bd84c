package io.elasticface.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {

    private static NamingProperties props(String scheme, String prefix, String id) {
        return new NamingProperties(scheme, prefix, id, null, null, null, null, null, null, null, null);
    }

    @Test
    void defaultsUseTheProjectPrefix() {
        ResourceNames names = ResourceNames.defaults();
        assertThat(names.inBucket()).isEqualTo("elasticface-in-bucket");
        assertThat(names.outBucket()).isEqualTo("elasticface-out-bucket");
        assertThat(names.requestQueue()).isEqualTo("elasticface-req-queue");
        assertThat(names.responseQueue()).isEqualTo("elasticface-resp-queue");
        assertThat(names.deadLetterQueue()).isEqualTo("elasticface-req-queue-dlq");
        assertThat(names.domain()).isEqualTo("elasticface-simpleDB");
        assertThat(names.galleryBucket()).isEqualTo("elasticface-gallery-bucket");
    }

    @Test
    void courseSchemeDerivesEveryNameFromTheId() {
        ResourceNames names = ResourceNames.derive(props("cse546", null, "1229123456"));
        assertThat(names.inBucket()).isEqualTo("1229123456-in-bucket");
        assertThat(names.outBucket()).isEqualTo("1229123456-out-bucket");
        assertThat(names.requestQueue()).isEqualTo("1229123456-req-queue");
        assertThat(names.responseQueue()).isEqualTo("1229123456-resp-queue");
        assertThat(names.domain()).isEqualTo("1229123456-simpleDB");
    }

    @Test
    void explicitNamesWin() {
        NamingProperties p = new NamingProperties("cse546", null, "42", null, null, null, "web-2-replies", null,
                null, null, null);
        assertThat(ResourceNames.derive(p).responseQueue()).isEqualTo("web-2-replies");
        assertThat(ResourceNames.derive(p).requestQueue()).isEqualTo("42-req-queue");
    }

    @Test
    void courseSchemeWithoutAnIdSaysWhatIsMissing() {
        assertThatThrownBy(() -> ResourceNames.derive(props("cse546", null, null)))
                .hasMessageContaining("elasticface.names.id");
        assertThatThrownBy(() -> ResourceNames.derive(props("cse546", null, "a b")))
                .hasMessageContaining("elasticface.names.id");
        assertThatThrownBy(() -> ResourceNames.derive(props("other", null, null)))
                .hasMessageContaining("'default' or 'cse546'");
    }

    @Test
    void bucketNamesAreLowerCaseAsS3Requires() {
        assertThat(ResourceNames.derive(props("default", "MyApp", null)).inBucket()).isEqualTo("myapp-in-bucket");
    }
}
