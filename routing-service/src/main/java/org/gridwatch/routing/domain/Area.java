package org.gridwatch.routing.domain;

import java.util.Objects;

import org.locationtech.jts.geom.Geometry;

/** One node of the grid hierarchy: a code, a name, its level, its parent (null for the city) and its (multi)polygon in WGS84. */
public record Area(String code, String name, AreaLevel level, String parentCode, Geometry geometry) {

    public Area {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(geometry, "geometry");
    }
}
