package io.elasticface.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.wire.RecognitionReply.Box;
import io.elasticface.wire.RecognitionReply.Face;
import io.elasticface.wire.RecognitionReply.Status;
import io.elasticface.wire.RecognitionReply.Timings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    @Test
    void theLargestRequestStaysFarBelowTheCoursesOneKilobyteQueueLimit() {
        String longest = "x".repeat(100); // FileNames caps names at 100 characters
        RecognitionRequest request = RecognitionRequest.of("0f8fad5b-d9cb-469f-a165-70867728950e",
                "a-student-id-with-41-characters-in-bucket", "0f8fad5b-d9cb-469f-a165-70867728950e/" + longest,
                longest, "https://sqs.us-east-1.amazonaws.com/123456789012/a-student-id-with-41-characters-resp-queue",
                1_764_000_000_000L);
        int bytes = WireCodec.toJson(request).getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isLessThan(700);
    }

    @Test
    void requestAndReplyRoundTripWithTheirVersion() {
        RecognitionRequest request = RecognitionRequest.of("id-1", "in", "id-1/a.jpg", "a.jpg", "http://q", 5L);
        assertThat(WireCodec.fromJson(WireCodec.toJson(request), RecognitionRequest.class)).isEqualTo(request);
        assertThat(WireCodec.toJson(request)).contains("\"version\":1");

        RecognitionReply reply = new RecognitionReply(RecognitionReply.VERSION, "id-1", "a.jpg", Status.OK, null,
                List.of(new Face(new Box(1, 2, 30, 40), 0.99, "Paul", 0.31, true)), "engine", "w1",
                new Timings(1, 2, 3));
        assertThat(WireCodec.fromJson(WireCodec.toJson(reply), RecognitionReply.class)).isEqualTo(reply);
    }

    @Test
    void malformedOrIncompleteMessagesAreReportedAsSuch() {
        assertThatThrownBy(() -> WireCodec.fromJson("{not json", RecognitionRequest.class))
                .isInstanceOf(WireCodec.MalformedMessageException.class);
        assertThatThrownBy(() -> WireCodec.fromJson("{\"version\":1,\"id\":\"x\",\"sentAt\":1}", RecognitionRequest.class))
                .isInstanceOf(WireCodec.MalformedMessageException.class).hasMessageContaining("bucket");
    }

    @Test
    void primaryNameIsTheLargestFaceOrWhyThereIsNone() {
        RecognitionReply none = new RecognitionReply(1, "id", "a.jpg", Status.NO_FACE, "no face", List.of(), "e",
                "w", Timings.NONE);
        assertThat(none.primaryName()).isEqualTo("NoFace");
    }
}
