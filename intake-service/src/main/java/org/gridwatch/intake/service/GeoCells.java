package org.gridwatch.intake.service;

import ch.hsr.geohash.GeoHash;

/**
 * The Kafka key of a report: the geohash cell of its location, so that one routing instance sees every
 * report of a neighbourhood, in order (DESIGN.md section 5).
 */
public final class GeoCells {

    private GeoCells() {
    }

    public static String of(double lat, double lon, int precision) {
        return GeoHash.geoHashStringWithCharacterPrecision(lat, lon, precision);
    }
}
