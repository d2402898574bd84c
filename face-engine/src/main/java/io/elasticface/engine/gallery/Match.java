package io.elasticface.engine.gallery;

/**
 * A gallery's answer for one face.
 *
 * @param name     the matched person, or {@link GalleryMatcher#UNKNOWN} when the gallery is empty
 * @param distance L2 distance from the face to that person (0 for an empty gallery)
 * @param match    whether the distance is under the same-person threshold
 */
public record Match(String name, double distance, boolean match) {
}
