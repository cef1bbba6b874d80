package org.gridwatch.infra.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.gridwatch.contracts.InitialCatalogue;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.events.Category;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.valid.IsValidOp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Checks the committed demo city files (not a fresh generation) against what a loader and routing need. */
class DemoCityTest {

    private static final List<String> LEVELS = List.of("CITY", "DISTRICT", "STREET", "COMMUNITY", "GRID");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private record Area(String code, String level, String parentCode, Geometry geometry) {
    }

    private record Rule(String id, String category, String areaCode, String departmentId, String priority,
            Integer resolveHours) {
    }

    private final Map<String, Area> areas = loadAreas();
    private final Map<String, String> departments = loadDepartments();
    private final List<Rule> rules = loadRules();

    @Test
    void committedFilesAreExactlyWhatTheGeneratorWrites() {
        Map<String, String> generated = DemoCityGenerator.generate();
        assertEquals(List.of(DemoCityGenerator.AREAS, DemoCityGenerator.DEPARTMENTS, DemoCityGenerator.RULES),
                List.copyOf(generated.keySet()));
        generated.forEach((name, text) -> {
            List<String> committed = resource(name).lines().toList();
            List<String> fresh = text.lines().toList();
            int line = 0;
            while (line < Math.min(committed.size(), fresh.size()) && committed.get(line).equals(fresh.get(line))) {
                line++;
            }
            // Reports the first differing line rather than two 250 KB strings.
            assertTrue(line == committed.size() && line == fresh.size() && text.equals(resource(name)),
                    name + " differs from the generator's output at line " + (line + 1)
                            + "; regenerate it (see the demo README)");
        });
    }

    @Test
    void hierarchyHasOneCityAndEveryParentExactlyOneLevelUpListedBeforeItsChildren() {
        List<Area> cities = areas.values().stream().filter(a -> a.level().equals("CITY")).toList();
        assertEquals(1, cities.size());
        assertNull(cities.get(0).parentCode());
        Set<String> seen = new HashSet<>();
        for (Area a : areas.values()) {
            if (!a.level().equals("CITY")) {
                Area parent = areas.get(a.parentCode());
                assertNotNull(parent, a.code() + " has an unknown parent " + a.parentCode());
                assertTrue(seen.contains(parent.code()), a.code() + " comes before its parent");
                assertEquals(LEVELS.indexOf(parent.level()) + 1, LEVELS.indexOf(a.level()), a.code());
                assertTrue(a.code().startsWith(parent.code() + "-"), a.code() + " is not under " + parent.code());
            }
            seen.add(a.code());
        }
        assertTrue(grids().size() >= 400, grids().size() + " grids");
    }

    @Test
    void everyPolygonIsValidCounterclockwiseAndInsideTheCitysBox() {
        Envelope city = city().geometry().getEnvelopeInternal();
        assertTrue(new Envelope(116.7, 117.7, 33.7, 34.7).contains(city), "Yunlong lies around 34.2 N, 117.2 E");
        for (Area a : areas.values()) {
            IsValidOp valid = new IsValidOp(a.geometry());
            assertTrue(valid.isValid(), a.code() + ": " + valid.getValidationError());
            assertTrue(city.contains(a.geometry().getEnvelopeInternal()), a.code() + " leaves the city's box");
            for (int i = 0; i < a.geometry().getNumGeometries(); i++) {
                Polygon p = (Polygon) a.geometry().getGeometryN(i);
                assertTrue(Orientation.isCCW(p.getExteriorRing().getCoordinates()), a.code() + ": RFC 7946 wants CCW");
            }
        }
    }

    @Test
    void gridsDoNotOverlapAndTileTheCity() {
        List<Area> grids = grids();
        STRtree index = new STRtree();
        grids.forEach(g -> index.insert(g.geometry().getEnvelopeInternal(), g));
        for (Area g : grids) {
            for (Object o : index.query(g.geometry().getEnvelopeInternal())) {
                Area other = (Area) o;
                if (other != g) {
                    double overlap = g.geometry().intersection(other.geometry()).getArea();
                    assertTrue(overlap < 1e-12, g.code() + " overlaps " + other.code() + " by " + overlap);
                }
            }
        }
        double sum = grids.stream().mapToDouble(g -> g.geometry().getArea()).sum();
        double cityArea = city().geometry().getArea();
        assertEquals(cityArea, sum, cityArea * 1e-9);
        Geometry[] coverage = grids.stream().map(Area::geometry).toArray(Geometry[]::new);
        assertTrue(CoverageValidator.isValid(coverage), "grids share vertices along shared edges");
    }

    @Test
    void everyAreaIsTiledByItsChildren() {
        Map<String, List<Area>> children = areas.values().stream().filter(a -> a.parentCode() != null)
                .collect(Collectors.groupingBy(Area::parentCode));
        for (Area parent : areas.values()) {
            if (parent.level().equals("GRID")) {
                continue;
            }
            List<Area> kids = children.getOrDefault(parent.code(), List.of());
            assertTrue(kids.size() >= 2, parent.code() + " has " + kids.size() + " children");
            kids.forEach(k -> assertTrue(parent.geometry().covers(k.geometry()), k.code() + " leaves " + parent.code()));
            double sum = kids.stream().mapToDouble(k -> k.geometry().getArea()).sum();
            assertEquals(parent.geometry().getArea(), sum, parent.geometry().getArea() * 1e-9, parent.code());
        }
    }

    @Test
    void departmentsServeKnownAreas() {
        departments.forEach((id, areaCode) -> {
            assertTrue(id.matches("D-[A-Z]+(-[A-Z0-9]+)+"), id);
            assertTrue(areas.containsKey(areaCode), id + " serves unknown area " + areaCode);
        });
    }

    @Test
    void rulesNameKnownDepartmentsAreasAndCategoriesWithOneCityFallback() {
        Set<String> categories = catalogueCodes();
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Rule r : rules) {
            assertTrue(r.id().matches("R-\\d{4}") && ids.add(r.id()), "bad or repeated id " + r.id());
            assertTrue(departments.containsKey(r.departmentId()), r.id() + ": unknown department " + r.departmentId());
            assertTrue(areas.containsKey(r.areaCode()), r.id() + ": unknown area " + r.areaCode());
            assertTrue(r.category().equals("*") || categories.contains(r.category()), r.id() + ": " + r.category());
            // Two rules for one category and area would make the match ambiguous.
            assertTrue(keys.add(r.category() + "@" + r.areaCode()), r.id() + " repeats a category and area");
            if (r.priority() != null) {
                Priority.valueOf(r.priority());
            }
            assertTrue(r.resolveHours() == null || r.resolveHours() > 0, r.id());
        }
        String city = city().code();
        assertEquals(List.of("D-OPS-YL"), rules.stream().filter(r -> r.category().equals("*") && r.areaCode().equals(city))
                .map(Rule::departmentId).toList());
    }

    @Test
    void everyGridRoutesEveryCategoryToADepartment() {
        Set<String> reachable = new HashSet<>();
        for (Area grid : grids()) {
            for (String category : catalogueCodes()) {
                List<Rule> candidates = candidates(grid, category);
                assertFalse(candidates.isEmpty(), grid.code() + " has no department for " + category);
                candidates.forEach(r -> reachable.add(r.departmentId()));
            }
        }
        assertEquals(departments.keySet(), reachable, "every department gets tickets, first-hand or after a return");
    }

    @Test
    void routingPicksTheMostSpecificResponsibleDepartment() {
        Area gulouGrid = grids().stream().filter(g -> g.code().startsWith("YL-GL-02-")).findFirst().orElseThrow();
        Area lakesideGrid = grids().stream().filter(g -> g.parentCode().equals("YL-YH-01-01")).findFirst().orElseThrow();
        Area yunhuGrid = grids().stream().filter(g -> g.parentCode().equals("YL-YH-02-01")).findFirst().orElseThrow();

        assertEquals("D-STREET-GL-02", route(gulouGrid, "ACCESS_OBSTACLE").departmentId());
        assertEquals("D-MARKET-GL", route(gulouGrid, "FOOD_SAFETY").departmentId());
        assertEquals("D-FIRE-YL", route(gulouGrid, "FIRE_HAZARD").departmentId());
        assertEquals("D-OPS-YL", route(gulouGrid, "OTHER").departmentId());
        Rule manhole = route(gulouGrid, "MANHOLE_COVER");
        assertEquals(List.of("D-URBAN-GL", "P0", 4), List.of(manhole.departmentId(), manhole.priority(), manhole.resolveHours()));
        assertEquals("D-URBAN-YL", candidates(gulouGrid, "MANHOLE_COVER").get(1).departmentId());
        Rule flood = route(lakesideGrid, "FLOODING");
        assertEquals(List.of("D-WATER-YL", "P0", 6), List.of(flood.departmentId(), flood.priority(), flood.resolveHours()));
        assertNull(route(yunhuGrid, "FLOODING").priority());
        assertEquals("D-URBAN-YH", route(yunhuGrid, "MANHOLE_COVER").departmentId());
        assertNull(route(yunhuGrid, "MANHOLE_COVER").priority());
    }

    private Rule route(Area grid, String category) {
        return candidates(grid, category).get(0);
    }

    /**
     * DESIGN.md section 3: walk from the grid up to the city; at each level the exact category beats {@code *}.
     * The first candidate is the decision; the later ones are where a return is re-dispatched.
     */
    private List<Rule> candidates(Area grid, String category) {
        List<Rule> found = new ArrayList<>();
        for (Area a = grid; a != null; a = a.parentCode() == null ? null : areas.get(a.parentCode())) {
            String code = a.code();
            rules.stream().filter(r -> r.areaCode().equals(code) && r.category().equals(category)).forEach(found::add);
            rules.stream().filter(r -> r.areaCode().equals(code) && r.category().equals("*")).forEach(found::add);
        }
        return found;
    }

    private List<Area> grids() {
        return areas.values().stream().filter(a -> a.level().equals("GRID")).toList();
    }

    private Area city() {
        return areas.values().stream().filter(a -> a.level().equals("CITY")).findFirst().orElseThrow();
    }

    private static Set<String> catalogueCodes() {
        return InitialCatalogue.categories().stream().map(Category::code).collect(Collectors.toSet());
    }

    private static Map<String, Area> loadAreas() {
        JsonNode collection = readJson(DemoCityGenerator.AREAS);
        assertEquals("FeatureCollection", collection.get("type").asText());
        Map<String, Area> areas = new LinkedHashMap<>();
        for (JsonNode f : collection.get("features")) {
            JsonNode p = f.get("properties");
            String code = p.get("code").asText();
            assertFalse(p.get("name").asText().isBlank(), code);
            String parent = p.get("parentCode").isNull() ? null : p.get("parentCode").asText();
            Area previous = areas.put(code, new Area(code, p.get("level").asText(), parent, geometry(f.get("geometry"))));
            assertNull(previous, "repeated code " + code);
        }
        return areas;
    }

    private static Geometry geometry(JsonNode g) {
        JsonNode coordinates = g.get("coordinates");
        return switch (g.get("type").asText()) {
            case "Polygon" -> polygon(coordinates);
            case "MultiPolygon" -> {
                List<Polygon> parts = new ArrayList<>();
                coordinates.forEach(p -> parts.add(polygon(p)));
                yield GEOMETRY.createMultiPolygon(parts.toArray(Polygon[]::new));
            }
            default -> throw new AssertionError("not a polygon: " + g.get("type"));
        };
    }

    private static Polygon polygon(JsonNode rings) {
        List<LinearRing> linearRings = new ArrayList<>();
        for (JsonNode ring : rings) {
            List<Coordinate> points = new ArrayList<>();
            ring.forEach(p -> points.add(new Coordinate(p.get(0).asDouble(), p.get(1).asDouble())));
            linearRings.add(GEOMETRY.createLinearRing(points.toArray(Coordinate[]::new)));
        }
        return GEOMETRY.createPolygon(linearRings.get(0), linearRings.subList(1, linearRings.size()).toArray(LinearRing[]::new));
    }

    private static Map<String, String> loadDepartments() {
        Map<String, String> departments = new HashMap<>();
        for (JsonNode d : readJson(DemoCityGenerator.DEPARTMENTS)) {
            assertEquals(Set.of("id", "name", "areaCode"), fieldNames(d));
            assertFalse(d.get("name").asText().isBlank());
            assertNull(departments.put(d.get("id").asText(), d.get("areaCode").asText()), "repeated " + d.get("id"));
        }
        return departments;
    }

    private static List<Rule> loadRules() {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : readJson(DemoCityGenerator.RULES)) {
            assertTrue(Set.of("id", "category", "areaCode", "departmentId", "priority", "resolveHours").containsAll(fieldNames(r)),
                    r.toString());
            rules.add(new Rule(r.get("id").asText(), r.get("category").asText(), r.get("areaCode").asText(),
                    r.get("departmentId").asText(), r.hasNonNull("priority") ? r.get("priority").asText() : null,
                    r.hasNonNull("resolveHours") ? r.get("resolveHours").asInt() : null));
        }
        return rules;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode readJson(String name) {
        try {
            return JSON.readTree(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DemoCityTest.class.getResourceAsStream(DemoCityGenerator.RESOURCE_FOLDER + name)) {
            return new String(Objects.requireNonNull(in, name + " is missing").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
