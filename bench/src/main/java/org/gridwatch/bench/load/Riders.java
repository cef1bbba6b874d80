package org.gridwatch.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.demo.DemoTraffic;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * The riders and places of a load: development tokens of {@code count} distinct reporters (enough that intake's
 * per-rider allowance of 60 reports an hour never shapes the result), and points spread uniformly over the demo
 * city's grids with the categories its rules route.
 */
public final class Riders {

    private Riders() {
    }

    /** Writes {@code tokens.txt} and {@code points.txt} into {@code dir}; {@code count = 0} writes one empty token. */
    public static Path write(Path dir, int count, int points, long seed) {
        try {
            Files.createDirectories(dir);
            List<String> tokens = count == 0 ? List.of("") : IntStream.range(0, count).parallel()
                    .mapToObj(i -> DevJwt.forRole("reporter").subject("bench-rider-" + i).lifetime(Duration.ofHours(6)).sign())
                    .toList();
            Files.write(dir.resolve("tokens.txt"), tokens);
            Files.write(dir.resolve("points.txt"), points(points, seed));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random points inside random grids of the demo city, each with a category its rules route. */
    static List<String> points(int count, long seed) {
        Random random = new Random(seed);
        GeometryFactory geometry = new GeometryFactory();
        List<Geometry> grids = DemoTraffic.gridPolygons();
        List<String> lines = new ArrayList<>(count);
        while (lines.size() < count) {
            Geometry grid = grids.get(random.nextInt(grids.size()));
            Envelope box = grid.getEnvelopeInternal();
            Point p = geometry.createPoint(new org.locationtech.jts.geom.Coordinate(
                    box.getMinX() + random.nextDouble() * box.getWidth(), box.getMinY() + random.nextDouble() * box.getHeight()));
            if (grid.contains(p)) {
                String category = DemoTraffic.CATEGORIES.get(random.nextInt(DemoTraffic.CATEGORIES.size()));
                lines.add(String.format(Locale.ROOT, "%.6f %.6f %s", p.getY(), p.getX(), category));
            }
        }
        return lines;
    }
}
