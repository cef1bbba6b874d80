package org.gridwatch.routing.domain;

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
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a GeoJSON FeatureCollection of the whole area hierarchy before anything is replaced, and turns
 * it into {@link Area}s. Every error names the feature at fault by position and code; one bad feature
 * refuses the whole import.
 */
public final class AreaImportValidator {

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
        checkGridsDoNotOverlap(candidates.stream().filter(Candidate::ok).toList(), errors);
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

    /** Grids tile the city: pairs found through an STRtree are compared, never all pairs. */
    private static void checkGridsDoNotOverlap(List<Candidate> candidates, List<ImportError> errors) {
        STRtree tree = new STRtree();
        List<Candidate> grids = candidates.stream().filter(c -> c.area().level() == AreaLevel.GRID).toList();
        for (Candidate g : grids) {
            tree.insert(g.area().geometry().getEnvelopeInternal(), g);
        }
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
                double overlap = g.area().geometry().intersection(other.area().geometry()).getArea();
                if (overlap > OVERLAP_EPSILON) {
                    errors.add(new ImportError(other.index(), other.code(), "overlaps grid " + g.code()
                            + " at " + field(g) + "; grids must not overlap"));
                }
            }
        }
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
