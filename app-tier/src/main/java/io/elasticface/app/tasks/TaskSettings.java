package io.elasticface.app.tasks;

/**
 * What the collection operations decide by.
 *
 * @param threshold        same-person L2 distance: a searched face farther than this from everyone is unknown
 * @param minEnrollSide    the smallest face side, in pixels, worth enrolling
 * @param minEnrollScore   the smallest detector confidence worth enrolling
 */
public record TaskSettings(double threshold, int minEnrollSide, double minEnrollScore) {
}
