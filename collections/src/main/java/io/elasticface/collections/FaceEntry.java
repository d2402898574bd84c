package io.elasticface.collections;

import io.elasticface.wire.RecognitionReply.Box;

/**
 * One enrolled face.
 *
 * @param faceId     unique in its collection
 * @param subject    the person
 * @param source     the photo it came from, for people reading the collection
 * @param box        where the face was in that photo; null for faces imported from a gallery file
 * @param descriptor {@value #DESCRIPTOR_SIZE} floats
 */
public record FaceEntry(String faceId, String subject, String source, Box box, float[] descriptor) {

    public static final int DESCRIPTOR_SIZE = 128;

    public FaceEntry {
        if (faceId == null || faceId.isBlank() || subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a face needs an id and a subject");
        }
        if (descriptor == null || descriptor.length != DESCRIPTOR_SIZE) {
            throw new IllegalArgumentException("a descriptor has " + DESCRIPTOR_SIZE + " values");
        }
    }
}
