package org.gridwatch.routing.domain;

/** Great-circle distance on the WGS84 mean sphere: exact enough for dedup radii of metres to a few km. */
public final class Distance {

    static final double EARTH_RADIUS_M = 6_371_008.8;

    private Distance() {
    }

    public static double metres(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** Degrees of latitude that span {@code metres}: the half-height of a search box. */
    public static double latDegrees(double metres) {
        return Math.toDegrees(metres / EARTH_RADIUS_M);
    }

    /** Degrees of longitude that span {@code metres} at {@code lat}: the half-width of a search box. */
    public static double lonDegrees(double metres, double lat) {
        return latDegrees(metres) / Math.max(0.01, Math.cos(Math.toRadians(lat)));
    }
}
