package org.gridwatch.routing.domain;

import java.util.List;

/**
 * Where a point lies: its grid and the area path city → grid, or unlocated, when no grid holds it,
 * with the city alone as path (empty when no areas are known at all).
 */
public record Location(String gridCode, List<String> areaPath, boolean unlocated) {

    public Location {
        areaPath = List.copyOf(areaPath);
    }

    public static Location in(String gridCode, List<String> areaPath) {
        return new Location(gridCode, areaPath, false);
    }

    public static Location unlocated(String cityCode) {
        return new Location(null, cityCode == null ? List.of() : List.of(cityCode), true);
    }
}
