package org.gridwatch.routing.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * An immutable snapshot of a validated area hierarchy that answers point lookups: an STRtree over the
 * grids' envelopes narrows the candidates, prepared geometries decide. A point on a shared edge or
 * vertex is covered by several grids; the one with the lexicographically smallest code wins, so the
 * answer never depends on index order.
 */
public final class AreaIndex {

    /** WGS84 coordinates: x is longitude, y is latitude. */
    public static final int WGS84_SRID = 4326;
    public static final GeometryFactory GEOMETRY_FACTORY = new GeometryFactory(new PrecisionModel(), WGS84_SRID);

    private static final AreaIndex EMPTY = new AreaIndex(List.of());

    private record Grid(String code, PreparedGeometry shape) {
    }

    private final Map<String, Area> byCode;
    private final Map<String, List<String>> paths;
    private final STRtree grids;
    private final int gridCount;
    private final String cityCode;

    private AreaIndex(List<Area> areas) {
        Map<String, Area> codes = new HashMap<>();
        for (Area area : areas) {
            codes.put(area.code(), area);
        }
        this.byCode = Collections.unmodifiableMap(codes);
        Map<String, List<String>> allPaths = new HashMap<>();
        STRtree tree = new STRtree();
        String city = null;
        int count = 0;
        for (Area area : areas) {
            allPaths.put(area.code(), List.copyOf(computePath(area, codes)));
            if (area.level() == AreaLevel.CITY) {
                city = area.code();
            } else if (area.level() == AreaLevel.GRID) {
                tree.insert(area.geometry().getEnvelopeInternal(),
                        new Grid(area.code(), PreparedGeometryFactory.prepare(area.geometry())));
                count++;
            }
        }
        tree.build(); // build now: a lazily built tree is not safe for concurrent first queries
        this.paths = Collections.unmodifiableMap(allPaths);
        this.grids = tree;
        this.gridCount = count;
        this.cityCode = city;
    }

    /** The index of {@code areas}, which must have passed {@link AreaImportValidator}. */
    public static AreaIndex of(List<Area> areas) {
        return areas.isEmpty() ? EMPTY : new AreaIndex(areas);
    }

    public static AreaIndex empty() {
        return EMPTY;
    }

    /** The grid holding (lat, lon) and its path, or unlocated with the city as path. */
    public Location locate(double lat, double lon) {
        Point point = GEOMETRY_FACTORY.createPoint(new Coordinate(lon, lat));
        String best = null;
        for (Object candidate : grids.query(new Envelope(lon, lon, lat, lat))) {
            Grid grid = (Grid) candidate;
            if ((best == null || grid.code().compareTo(best) < 0) && grid.shape().covers(point)) {
                best = grid.code();
            }
        }
        return best == null ? Location.unlocated(cityCode) : Location.in(best, paths.get(best));
    }

    public Optional<Area> area(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** Codes from the city down to {@code code}; empty when the code is unknown. */
    public List<String> pathOf(String code) {
        return paths.getOrDefault(code, List.of());
    }

    /** The city's code, or null when no areas are known. */
    public String cityCode() {
        return cityCode;
    }

    public int gridCount() {
        return gridCount;
    }

    public int size() {
        return byCode.size();
    }

    public boolean isEmpty() {
        return byCode.isEmpty();
    }

    private static List<String> computePath(Area area, Map<String, Area> codes) {
        List<String> path = new ArrayList<>();
        // The validator guarantees a finite chain; the bound only protects against misuse with unvalidated input.
        for (Area a = area; a != null && path.size() <= AreaLevel.values().length; a = a.parentCode() == null ? null : codes.get(a.parentCode())) {
            path.add(0, a.code());
        }
        return path;
    }
}
