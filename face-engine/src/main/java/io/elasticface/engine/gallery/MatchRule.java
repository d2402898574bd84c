package io.elasticface.engine.gallery;

/** How a descriptor is matched against a gallery with several photos per person. */
public enum MatchRule {
    /** The name of the nearest enrolled photo. */
    NEAREST,
    /** The name whose mean descriptor is nearest. */
    MEAN,
    /** The most common name among the 3 nearest photos, ties to the nearer. */
    KNN3
}
