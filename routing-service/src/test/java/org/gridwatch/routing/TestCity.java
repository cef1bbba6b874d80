package org.gridwatch.routing;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A small city as a GeoJSON FeatureCollection, every code prefixed so that each test owns its own:
 * city > districts A, B > one street each > one community each > a 2 × 3 block of 0.01° square grids.
 *
 * <pre>
 *   row 1 (lat 22.61-22.62):  G6 | G2 | G4
 *   row 0 (lat 22.60-22.61):  G5 | G3 | G1
 *                             A  |   B   (districts: column 0, columns 1-2)
 * </pre>
 * Grid codes are deliberately not in position order, so "smallest code wins" is not index order in disguise.
 */
public final class TestCity {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Grid codes by [row][col]. */
    private static final String[][] GRIDS = {{"G5", "G3", "G1"}, {"G6", "G2", "G4"}};

    public final String prefix;
    public final ObjectNode collection;

    private TestCity(String prefix) {
        this.prefix = prefix;
        this.collection = JSON.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        features.add(feature(code(""), "City", "CITY", null, square(0, 0, 3, 2)));
        features.add(feature(code("-A"), "District A", "DISTRICT", code(""), square(0, 0, 1, 2)));
        features.add(feature(code("-B"), "District B", "DISTRICT", code(""), square(1, 0, 2, 2)));
        features.add(feature(code("-A-S"), "Street A", "STREET", code("-A"), square(0, 0, 1, 2)));
        features.add(feature(code("-B-S"), "Street B", "STREET", code("-B"), square(1, 0, 2, 2)));
        features.add(feature(code("-A-S-C"), "Community A", "COMMUNITY", code("-A-S"), square(0, 0, 1, 2)));
        features.add(feature(code("-B-S-C"), "Community B", "COMMUNITY", code("-B-S"), square(1, 0, 2, 2)));
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 3; col++) {
                features.add(feature(grid(row, col), "Grid " + GRIDS[row][col], "GRID", code(col == 0 ? "-A-S-C" : "-B-S-C"),
                        square(col, row, 1, 1)));
            }
        }
    }

    /** A city whose codes start with a fresh prefix. */
    public static TestCity fresh() {
        return new TestCity("T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
    }

    /** Longitude of the grid column line {@code col} (0..3); neighbours use the very same double. */
    public static double x(int col) {
        return 114.0 + col * 0.01;
    }

    /** Latitude of the grid row line {@code row} (0..2). */
    public static double y(int row) {
        return 22.6 + row * 0.01;
    }

    public String city() {
        return prefix;
    }

    public String code(String suffix) {
        return prefix + suffix;
    }

    public String grid(int row, int col) {
        return prefix + "-" + GRIDS[row][col];
    }

    /** The path city → grid of the grid at (row, col). */
    public List<String> pathOf(int row, int col) {
        String side = col == 0 ? "-A" : "-B";
        return List.of(city(), code(side), code(side + "-S"), code(side + "-S-C"), grid(row, col));
    }

    public ArrayNode features() {
        return (ArrayNode) collection.get("features");
    }

    /** The feature at {@code index} (0 city, 1-2 districts, 3-4 streets, 5-6 communities, 7-12 grids row by row). */
    public ObjectNode feature(int index) {
        return (ObjectNode) features().get(index);
    }

    public ObjectNode properties(int index) {
        return (ObjectNode) feature(index).get("properties");
    }

    public String json() {
        return collection.toString();
    }

    public static ObjectNode feature(String code, String name, String level, String parentCode, ObjectNode geometry) {
        ObjectNode feature = JSON.createObjectNode().put("type", "Feature");
        feature.set("geometry", geometry);
        ObjectNode props = feature.putObject("properties").put("code", code).put("name", name).put("level", level);
        if (parentCode == null) {
            props.putNull("parentCode");
        } else {
            props.put("parentCode", parentCode);
        }
        return feature;
    }

    /** A square polygon of cols × rows grid cells with its lower left corner at grid line (col, row). */
    public static ObjectNode square(int col, int row, int cols, int rows) {
        return polygon(new double[][] {{x(col), y(row)}, {x(col + cols), y(row)}, {x(col + cols), y(row + rows)},
                {x(col), y(row + rows)}, {x(col), y(row)}});
    }

    /** A polygon of one ring of [lon, lat] pairs. */
    public static ObjectNode polygon(double[][] ring) {
        ObjectNode geometry = JSON.createObjectNode().put("type", "Polygon");
        ArrayNode r = geometry.putArray("coordinates").addArray();
        for (double[] p : ring) {
            r.addArray().add(p[0]).add(p[1]);
        }
        return geometry;
    }

    /** A MultiPolygon of the given polygons. */
    public static ObjectNode multiPolygon(ObjectNode... polygons) {
        ObjectNode geometry = JSON.createObjectNode().put("type", "MultiPolygon");
        ArrayNode coordinates = geometry.putArray("coordinates");
        for (ObjectNode p : polygons) {
            coordinates.add(p.get("coordinates"));
        }
        return geometry;
    }

    /** A bow tie: its edges cross in the middle of the first grid. */
    public static ObjectNode selfIntersecting() {
        return polygon(new double[][] {{x(0), y(0)}, {x(1), y(1)}, {x(1), y(0)}, {x(0), y(1)}, {x(0), y(0)}});
    }
}
