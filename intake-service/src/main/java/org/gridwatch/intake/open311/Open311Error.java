package org.gridwatch.intake.open311;

/** One entry of the GeoReport v2 error array: {@code [{code, description}]}. */
public record Open311Error(int code, String description) {
}
