package org.gridwatch.contracts.events;

/**
 * A WGS84 position in decimal degrees, with the reporting device's accuracy in metres when known.
 */
public record GeoPoint(double lat, double lon, Double accuracyM) {
}
