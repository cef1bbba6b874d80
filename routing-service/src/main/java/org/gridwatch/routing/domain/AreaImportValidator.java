package org.gridwatch.routing.domain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a GeoJSON FeatureCollection of the whole area hierarchy before anything is replaced, and turns
 * it into {@link Area}s. Every error names the feature at fault by position and code; one bad feature
 * refuses the whole import. The work is bounded ({@link Limits}): the size of an import is measured while it streams
 * in, before any tree of it is built ({@link #measure}), each feature's vertices are counted before its geometry is
 * checked, and the overlap check compares a bounded number of pairs and stops after {@value #MAX_ERRORS} overlaps.
 */
public final class AreaImportValidator {

    /** Overlaps reported before the check stops: the import is refused anyway, and the admin fixes these first. */
    public static final int MAX_ERRORS = 100;

    /**
     * How much an import may hold, and how much checking it may cost.
     *
     * @param maxFeatures        features in one import (a city of tens of thousands of grids with its districts,
     *                           streets and communities fits the default, 100,000)
     * @param maxVertices        positions of all geometries together (default 1,500,000: 20-30 per grid of such a city,
     *                           and detailed outlines above them)
     * @param maxFeatureVertices positions of one feature's geometry (default 100,000: a detailed city outline)
     * @param maxOverlapPairs    pairs of grids whose bounding boxes overlap, each compared exactly; grids that tile a
     *                           city touch a handful of neighbours each (default 500,000)
     */
    public record Limits(int maxFeatures, long maxVertices, int maxFeatureVertices, long maxOverlapPairs) {

        public static final Limits DEFAULTS = new Limits(100_000, 1_500_000, 100_000, 500_000);
    }

    /** What a streaming pass counted: features of the collection, and positions (vertices) anywhere in it. */
    public record Size(long features, long vertices) {
    }

    private final Limits limits;

    public AreaImportValidator() {
        this(Limits.DEFAULTS);
    }

    public AreaImportValidator(Limits limits) {
        this.limits = limits;
    }

    /**
     * Counts the features of the top-level {@code features} array and the positions (arrays starting with a number)
     * anywhere, reading tokens one by one: no tree is built, so an import too large to check costs no more memory than
     * its bytes. A body that is not JSON fails here as it would when read as a tree.
     */
    public static Size measure(JsonParser parser) throws IOException {
        long features = 0;
        long vertices = 0;
        int depth = 0;
        int featuresDepth = -1;
        JsonToken previous = null;
        for (JsonToken token = parser.nextToken(); token != null; previous = token, token = parser.nextToken()) {
            if (featuresDepth >= 0 && depth == featuresDepth && token != JsonToken.END_ARRAY) {
                features++; // an element directly inside the features array
            }
            if (token.isNumeric() && previous == JsonToken.START_ARRAY) {
                vertices++;
            }
            if (token == JsonToken.START_ARRAY && depth == 1 && "features".equals(parser.currentName())) {
                featuresDepth = depth + 1;
            }
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
                if (depth < featuresDepth) {
                    featuresDepth = -1;
                }
            }
        }
        return new Size(features, vertices);
    }

    /** What is over the limits in an import of {@code size}: an import too large to check at all (413). */
    public List<ImportError> tooLarge(Size size) {
        List<ImportError> errors = new ArrayList<>();
        if (size.features() > limits.maxFeatures()) {
            errors.add(new ImportError(-1, null, "the import has " + size.features() + " features; at most "
                    + limits.maxFeatures() + " are accepted (gridwatch.areas.max-features)"));
        }
        if (size.vertices() > limits.maxVertices()) {
            errors.add(new ImportError(-1, null, "the import has " + size.vertices() + " vertices; at most "
                    + limits.maxVertices() + " are accepted (gridwatch.areas.max-vertices)"));
        }
        return errors;
    }

    /** Codes appear in URLs and tokens' {@code area} claims: keep them plain. */
    public static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final int MAX_NAME_LENGTH = 200;
    /**
     * Grids that share an edge have an intersection of zero area; anything above this (in square
     * degrees, about 1 m² at the equator) is a real overlap rather than floating-point noise.
     */
    public static final double OVERLAP_EPSILON = 1e-10;

    /** The outcome: the areas when {@link #errors()} is empty. */
    public record Result(List<Area> areas, List<ImportError> errors) {

        public boolean isValid() {
            return errors.isEmpty();
        }
    }

    /**
     * A feature as read; {@code ok} when it passed every check of its own. Features that failed still
     * take part in the hierarchy checks (with what could be read), so that one bad parent does not
     * also report each of its children as an orphan.
     */
    private record Candidate(int index, String code, AreaLevel level, String parentCode, Area area, boolean ok) {
    }

    public Result validate(JsonNode collection) {
        List<ImportError> errors = new ArrayList<>();
        if (collection == null || !collection.isObject() || !"FeatureCollection".equals(collection.path("type").asText(null))
                || !collection.path("features").isArray()) {
            errors.add(new ImportError(-1, null, "the body must be a GeoJSON FeatureCollection with a features array"));
            return new Result(List.of(), errors);
        }
        JsonNode features = collection.get("features");
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            Candidate c = readFeature(i, features.get(i), errors);
            if (c != null) {
                candidates.add(c);
            }
        }
        checkHierarchy(features.size(), candidates, errors);
        checkGridsDoNotOverlap(candidates.stream().filter(Candidate::ok).toList(), limits.maxOverlapPairs(), errors);
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(ImportError::index));
            return new Result(List.of(), List.copyOf(errors));
        }
        return new Result(candidates.stream().map(Candidate::area).toList(), List.of());
    }

    private Candidate readFeature(int i, JsonNode feature, List<ImportError> errors) {
        if (!feature.isObject() || !"Feature".equals(feature.path("type").asText(null))) {
            errors.add(new ImportError(i, null, "not a GeoJSON Feature"));
            return null;
        }
        JsonNode props = feature.path("properties");
        String code = text(props, "code");
        if (code == null || !CODE.matcher(code).matches()) {
            errors.add(new ImportError(i, null, "properties.code must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
            return null;
        }
        int before = errors.size();
        String name = text(props, "name");
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            errors.add(new ImportError(i, code, "properties.name must be a non-blank text of at most " + MAX_NAME_LENGTH + " characters"));
        }
        AreaLevel level = level(text(props, "level"));
        if (level == null) {
            errors.add(new ImportError(i, code, "properties.level must be one of CITY, DISTRICT, STREET, COMMUNITY, GRID"));
        }
        JsonNode parentNode = props.path("parentCode");
        String parentCode = parentNode.isTextual() ? parentNode.asText() : null;
        if (!parentNode.isMissingNode() && !parentNode.isNull() && !parentNode.isTextual()) {
            errors.add(new ImportError(i, code, "properties.parentCode must be a code or null"));
        }
        Geometry geometry = geometry(i, code, feature.path("geometry"), errors);
        if (errors.size() > before) {
            return new Candidate(i, code, level, parentCode, null, false);
        }
        return new Candidate(i, code, level, parentCode, new Area(code, name, level, parentCode, geometry), true);
    }

    private Geometry geometry(int i, String code, JsonNode node, List<ImportError> errors) {
        String type = node.path("type").asText(null);
        if (!"Polygon".equals(type) && !"MultiPolygon".equals(type)) {
            errors.add(new ImportError(i, code, "geometry must be a Polygon or MultiPolygon"));
            return null;
        }
        Geometry geometry;
        try {
            geometry = new GeoJsonReader(AreaIndex.GEOMETRY_FACTORY).read(node.toString());
        } catch (ParseException | RuntimeException e) {
            // JTS refuses unclosed or too short rings and malformed coordinates while building the geometry
            errors.add(new ImportError(i, code, "geometry cannot be read: " + e.getMessage()));
            return null;
        }
        if (!(geometry instanceof Polygon) && !(geometry instanceof MultiPolygon) || geometry.isEmpty()) {
            errors.add(new ImportError(i, code, "geometry must be a non-empty Polygon or MultiPolygon"));
            return null;
        }
        if (geometry.getNumPoints() > limits.maxFeatureVertices()) {
            errors.add(new ImportError(i, code, "geometry has " + geometry.getNumPoints() + " vertices; a feature may have at most "
                    + limits.maxFeatureVertices()));
            return null;
        }
        for (Coordinate c : geometry.getCoordinates()) {
            if (!(c.x >= -180 && c.x <= 180 && c.y >= -90 && c.y <= 90)) {
                errors.add(new ImportError(i, code, "coordinate [" + c.x + ", " + c.y
                        + "] is outside WGS84 (longitude -180..180, latitude -90..90; GeoJSON order is [lon, lat])"));
                return null;
            }
        }
        TopologyValidationError invalid = new IsValidOp(geometry).getValidationError();
        if (invalid != null) {
            errors.add(new ImportError(i, code, "geometry is not valid: " + invalid));
            return null;
        }
        geometry.setSRID(AreaIndex.WGS84_SRID);
        return geometry;
    }

    private static void checkHierarchy(int featureCount, List<Candidate> candidates, List<ImportError> errors) {
        if (featureCount == 0) {
            errors.add(new ImportError(-1, null, "the import is empty; it needs the whole hierarchy, at least the city"));
            return;
        }
        Map<String, Candidate> byCode = new HashMap<>();
        List<Candidate> unique = new ArrayList<>();
        for (Candidate c : candidates) {
            Candidate first = byCode.putIfAbsent(c.code(), c);
            if (first != null) {
                errors.add(new ImportError(c.index(), c.code(), "duplicate code, already used by " + field(first)));
            } else {
                unique.add(c);
            }
        }
        Candidate city = null;
        for (Candidate c : unique) {
            if (c.level() == null) {
                continue; // already reported
            }
            if (c.level() == AreaLevel.CITY) {
                if (city != null) {
                    errors.add(new ImportError(c.index(), c.code(), "a second CITY; an import has exactly one city, "
                            + city.code() + " at " + field(city)));
                } else {
                    city = c;
                }
                if (c.parentCode() != null) {
                    errors.add(new ImportError(c.index(), c.code(), "the city has no parent, but parentCode is " + c.parentCode()));
                }
                continue;
            }
            if (c.parentCode() == null) {
                errors.add(new ImportError(c.index(), c.code(), "parentCode is required for a " + c.level()));
                continue;
            }
            Candidate parent = byCode.get(c.parentCode());
            if (parent == null) {
                errors.add(new ImportError(c.index(), c.code(), "parent " + c.parentCode() + " unknown"));
            } else if (parent.level() != null && !parent.level().isDirectParentOf(c.level())) {
                errors.add(new ImportError(c.index(), c.code(), "parent " + c.parentCode() + " is a " + parent.level()
                        + ", but the parent of a " + c.level() + " must be a " + AreaLevel.values()[c.level().ordinal() - 1]));
            }
        }
        if (city == null && candidates.stream().noneMatch(c -> c.level() == null)) {
            errors.add(new ImportError(-1, null, "the import has no CITY; it needs exactly one"));
        }
    }

    /**
     * Grids tile the city: pairs found through an STRtree are compared, never all pairs. The pairs whose bounding
     * boxes overlap are compared exactly (JTS's robust overlay), at most {@code maxPairs} of them, and the check stops
     * after {@value #MAX_ERRORS} overlaps: grids that overlap everywhere, or shapes whose boxes all meet, cost bounded
     * work and get a 422.
     */
    private static void checkGridsDoNotOverlap(List<Candidate> candidates, long maxPairs, List<ImportError> errors) {
        STRtree tree = new STRtree();
        List<Candidate> grids = candidates.stream().filter(c -> c.area().level() == AreaLevel.GRID).toList();
        for (Candidate g : grids) {
            tree.insert(g.area().geometry().getEnvelopeInternal(), g);
        }
        long pairs = 0;
        int overlaps = 0;
        for (Candidate g : grids) {
            Envelope envelope = g.area().geometry().getEnvelopeInternal();
            for (Object o : tree.query(envelope)) {
                Candidate other = (Candidate) o;
                if (other.index() <= g.index()) {
                    continue; // each pair once
                }
                Envelope common = envelope.intersection(other.area().geometry().getEnvelopeInternal());
                if (common.getArea() <= OVERLAP_EPSILON) {
                    continue; // neighbours that only share an edge: cheap to rule out
                }
                if (++pairs > maxPairs) {
                    errors.add(new ImportError(-1, null, "the bounding boxes of grids overlap in more than " + maxPairs
                            + " pairs, more than grids that tile a city do; the overlap check stopped at " + field(g)
                            + " (gridwatch.areas.max-overlap-pairs)"));
                    return;
                }
                String problem = overlap(g, other);
                if (problem != null) {
                    errors.add(new ImportError(other.index(), other.code(), problem));
                    if (++overlaps >= MAX_ERRORS) {
                        return;
                    }
                }
            }
        }
    }

    /** Why {@code other} may not lie beside {@code g}, or null when they only touch. */
    private static String overlap(Candidate g, Candidate other) {
        double area;
        try {
            area = OverlayNGRobust.overlay(g.area().geometry(), other.area().geometry(), OverlayNG.INTERSECTION).getArea();
        } catch (RuntimeException e) {
            // even the robust overlay can give up on nearly degenerate shapes: the admin's data, not a server fault
            return "cannot be compared with grid " + g.code() + " at " + field(g) + " (" + e.getMessage() + "); simplify either outline";
        }
        return area > OVERLAP_EPSILON ? "overlaps grid " + g.code() + " at " + field(g) + "; grids must not overlap" : null;
    }

    private static String field(Candidate c) {
        return "features[" + c.index() + "]";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static AreaLevel level(String value) {
        if (value == null) {
            return null;
        }
        try {
            return AreaLevel.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
