package org.gridwatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.gridwatch.routing.domain.Area;
import org.gridwatch.routing.domain.AreaIndex;
import org.gridwatch.routing.domain.AreaLevel;
import org.gridwatch.routing.domain.Location;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Point lookup ({@link AreaIndex#locate}) over a synthetic city of side × side square grids (100 × 100 =
 * 10,000 by default) under districts, streets and communities, at seeded random points of which about
 * one in six falls outside every grid.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AreaLookupBenchmark {

    /** Grids per side of the city. */
    @Param({"100"})
    public int side;

    private static final double ORIGIN_LON = 113.80;
    private static final double ORIGIN_LAT = 22.45;
    /** About 110 m: a city of 100 × 100 grids is 11 km across, the size of a large district. */
    private static final double CELL = 0.001;
    private static final int POINTS = 1 << 16;

    private AreaIndex index;
    private double[] lats;
    private double[] lons;
    private int next;

    @Setup(Level.Trial)
    public void buildCity() {
        index = AreaIndex.of(city(side));
        if (index.gridCount() != side * side) {
            throw new IllegalStateException("expected " + side * side + " grids, built " + index.gridCount());
        }
        SplittableRandom random = new SplittableRandom(20261122L);
        double extent = side * CELL;
        lats = new double[POINTS];
        lons = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            // a 5% margin on every side puts about one point in six (1 - 1/1.1²) outside the city
            lats[i] = ORIGIN_LAT - 0.05 * extent + random.nextDouble() * 1.1 * extent;
            lons[i] = ORIGIN_LON - 0.05 * extent + random.nextDouble() * 1.1 * extent;
        }
    }

    @Benchmark
    public Location locate() {
        int i = next++ & (POINTS - 1);
        return index.locate(lats[i], lons[i]);
    }

    /** City > 4 districts > 4 streets each > 4 communities each > the grids inside each community's square. */
    static List<Area> city(int side) {
        GeometryFactory f = AreaIndex.GEOMETRY_FACTORY;
        List<Area> areas = new ArrayList<>();
        areas.add(new Area("C", "City", AreaLevel.CITY, null, square(f, 0, 0, side)));
        int districtSide = side / 2;
        int streetSide = districtSide / 2;
        int communitySide = streetSide / 2;
        for (int d = 0; d < 4; d++) {
            int dx = (d % 2) * districtSide;
            int dy = (d / 2) * districtSide;
            String district = "C-D" + d;
            areas.add(new Area(district, "District " + d, AreaLevel.DISTRICT, "C", square(f, dx, dy, districtSide)));
            for (int s = 0; s < 4; s++) {
                int sx = dx + (s % 2) * streetSide;
                int sy = dy + (s / 2) * streetSide;
                String street = district + "-S" + s;
                areas.add(new Area(street, "Street " + s, AreaLevel.STREET, district, square(f, sx, sy, streetSide)));
                for (int c = 0; c < 4; c++) {
                    int cx = sx + (c % 2) * communitySide;
                    int cy = sy + (c / 2) * communitySide;
                    String community = street + "-C" + c;
                    areas.add(new Area(community, "Community " + c, AreaLevel.COMMUNITY, street, square(f, cx, cy, communitySide)));
                }
            }
        }
        // Grids by position; each names the community whose square holds it (sides not divisible by 8 leave an edge strip to the last one).
        for (int row = 0; row < side; row++) {
            for (int col = 0; col < side; col++) {
                int d = (col >= districtSide ? 1 : 0) + (row >= districtSide ? 2 : 0);
                int s = (col % districtSide >= streetSide ? 1 : 0) + (row % districtSide >= streetSide ? 2 : 0);
                int c = (col % streetSide >= communitySide ? 1 : 0) + (row % streetSide >= communitySide ? 2 : 0);
                String community = "C-D" + Math.min(d, 3) + "-S" + Math.min(s, 3) + "-C" + Math.min(c, 3);
                areas.add(new Area(String.format("G%04d-%04d", row, col), "Grid", AreaLevel.GRID, community, square(f, col, row, 1)));
            }
        }
        return areas;
    }

    private static Geometry square(GeometryFactory f, int col, int row, int cells) {
        double x0 = ORIGIN_LON + col * CELL;
        double y0 = ORIGIN_LAT + row * CELL;
        double x1 = x0 + cells * CELL;
        double y1 = y0 + cells * CELL;
        return f.createPolygon(new Coordinate[] {
                new Coordinate(x0, y0), new Coordinate(x1, y0), new Coordinate(x1, y1), new Coordinate(x0, y1), new Coordinate(x0, y0)});
    }
}
