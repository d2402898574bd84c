package io.elasticface.results;

import io.elasticface.wire.RecognitionReply.Box;
import io.elasticface.wire.RecognitionReply.Face;
import io.elasticface.wire.RecognitionReply.Status;
import io.elasticface.wire.RecognitionReply.Timings;
import io.elasticface.wire.RecognitionReply;
import java.util.ArrayList;
import java.util.List;

/** Replies for result store tests. */
final class Replies {

    private Replies() {
    }

    static RecognitionReply ok(String id, String fileName) {
        return new RecognitionReply(RecognitionReply.VERSION, id, fileName, Status.OK, null,
                List.of(new Face(new Box(10, 20, 110, 140), 0.98, "Paul", 0.61, true),
                        new Face(new Box(200, 30, 260, 100), 0.87, "Zoë", 1.42, false)),
                "facenet-vggface2", "worker-1", new Timings(12, 3, 480));
    }

    static RecognitionReply failed(String id, String fileName, String message) {
        return new RecognitionReply(RecognitionReply.VERSION, id, fileName, Status.FAILED, message, List.of(),
                "facenet-vggface2", "worker-2", new Timings(5, 0, 0));
    }

    /** A reply whose faces' JSON is many kilobytes, with multi-byte names to test chunk boundaries. */
    static RecognitionReply crowd(String id, int faces) {
        List<Face> list = new ArrayList<>();
        for (int i = 0; i < faces; i++) {
            list.add(new Face(new Box(i, i + 1, i + 50, i + 60), 0.5 + i / (faces * 4.0),
                    "Person-" + i + "-Zoë-日本-😀", 0.3 + i / 100.0, i % 2 == 0));
        }
        return new RecognitionReply(RecognitionReply.VERSION, id, "crowd.jpg", Status.OK, null, list,
                "facenet-vggface2", "worker-3", new Timings(1, 2, 3));
    }
}
