package org.gridwatch.routing.domain;

import static org.gridwatch.routing.TestCity.x;
import static org.gridwatch.routing.TestCity.y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.gridwatch.routing.TestCity;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every rule of an area import, each broken on its own, with the error naming the feature at fault. */
class AreaImportValidatorTest {

    private final AreaImportValidator validator = new AreaImportValidator();
    private final TestCity city = TestCity.fresh();

    @Test
    void acceptsTheWholeHierarchyInItsOrder() {
        AreaImportValidator.Result result = validator.validate(city.collection);
        assertTrue(result.isValid(), result.errors().toString());
        assertEquals(13, result.areas().size());
        assertEquals(AreaLevel.GRID, result.areas().get(12).level());
        assertEquals(city.code("-B-S-C"), result.areas().get(12).parentCode());
    }

    @Test
    void acceptsAMultiPolygonGridAndAParentListedAfterItsChild() {
        // the first grid as two strips with a gap between them
        ObjectNode multi = TestCity.multiPolygon(
                TestCity.polygon(new double[][] {{x(0), y(0)}, {x(0) + 0.004, y(0)}, {x(0) + 0.004, y(1)}, {x(0), y(1)}, {x(0), y(0)}}),
                TestCity.polygon(new double[][] {{x(0) + 0.006, y(0)}, {x(1), y(0)}, {x(1), y(1)}, {x(0) + 0.006, y(1)}, {x(0) + 0.006, y(0)}}));
        city.feature(7).set("geometry", multi);
        city.features().add(city.features().remove(0)); // the city last
        assertTrue(validator.validate(city.collection).isValid());
    }

    @Test
    void refusesASelfIntersectingPolygonWithJtsReason() {
        city.feature(7).set("geometry", TestCity.selfIntersecting());
        assertOnlyError(7, city.grid(0, 0), "geometry is not valid: Self-intersection");
    }

    @Test
    void refusesAnUnclosedRing() {
        city.feature(8).set("geometry", TestCity.polygon(new double[][] {{x(1), y(0)}, {x(2), y(0)}, {x(2), y(1)}, {x(1), y(1)}}));
        assertOnlyError(8, city.grid(0, 1), "geometry cannot be read");
    }

    @Test
    void refusesAPointGeometryAndCoordinatesOutsideWgs84() {
        city.feature(8).set("geometry", new ObjectMapper().createObjectNode().put("type", "Point"));
        city.feature(9).set("geometry", TestCity.polygon(new double[][] {{200, 22}, {201, 22}, {201, 23}, {200, 22}}));
        List<ImportError> errors = validator.validate(city.collection).errors();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(new ImportError(8, city.grid(0, 1), "geometry must be a Polygon or MultiPolygon"), errors.get(0));
        assertEquals(9, errors.get(1).index());
        assertTrue(errors.get(1).message().startsWith("coordinate [200.0, 22.0] is outside WGS84"), errors.get(1).message());
    }

    @Test
    void refusesAnUnknownParent() {
        city.properties(9).put("parentCode", "NOPE");
        assertOnlyError(9, city.grid(0, 2), "parent NOPE unknown");
        assertEquals("features[9]", validator.validate(city.collection).errors().get(0).field());
        assertEquals(city.grid(0, 2) + ": parent NOPE unknown", validator.validate(city.collection).errors().get(0).describe());
    }

    @Test
    void refusesASecondCity() {
        city.features().add(TestCity.feature(city.code("-X"), "Another city", "CITY", null, TestCity.square(5, 5, 1, 1)));
        assertOnlyError(13, city.code("-X"), "a second CITY");
    }

    @Test
    void refusesAnImportWithoutACityOrWithoutFeatures() {
        city.features().remove(0);
        List<ImportError> errors = validator.validate(city.collection).errors();
        assertTrue(errors.stream().anyMatch(e -> e.index() == 0 && e.message().equals("parent " + city.city() + " unknown")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.index() == -1 && e.message().contains("no CITY")), errors.toString());
        city.features().removeAll();
        assertEquals(-1, validator.validate(city.collection).errors().get(0).index());
    }

    @Test
    void refusesASkippedLevel() {
        city.properties(10).put("parentCode", city.code("-A-S"));
        assertOnlyError(10, city.grid(1, 0), "parent " + city.code("-A-S") + " is a STREET, but the parent of a GRID must be a COMMUNITY");
    }

    @Test
    void refusesADuplicateCode() {
        city.properties(12).put("code", city.grid(0, 0));
        assertOnlyError(12, city.grid(0, 0), "duplicate code, already used by features[7]");
    }

    @Test
    void refusesACityWithAParentAndAnAreaWithoutOne() {
        city.properties(0).put("parentCode", city.code("-A"));
        city.properties(1).putNull("parentCode");
        List<ImportError> errors = validator.validate(city.collection).errors();
        assertTrue(errors.contains(new ImportError(0, city.city(), "the city has no parent, but parentCode is " + city.code("-A"))), errors.toString());
        assertTrue(errors.contains(new ImportError(1, city.code("-A"), "parentCode is required for a DISTRICT")), errors.toString());
    }

    @Test
    void refusesMissingPropertiesAndUnknownLevels() {
        city.properties(3).remove("name");
        city.properties(4).put("level", "BLOCK");
        city.properties(5).remove("code");
        List<ImportError> errors = validator.validate(city.collection).errors();
        assertTrue(errors.stream().anyMatch(e -> e.index() == 3 && e.message().startsWith("properties.name")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.index() == 4 && e.message().startsWith("properties.level")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.index() == 5 && e.code() == null && e.message().startsWith("properties.code")), errors.toString());
    }

    @Test
    void refusesOverlappingGridsButNotGridsThatShareAnEdge() {
        city.feature(8).set("geometry", TestCity.polygon(new double[][] {
                {x(1) - 0.002, y(0)}, {x(2), y(0)}, {x(2), y(1)}, {x(1) - 0.002, y(1)}, {x(1) - 0.002, y(0)}}));
        assertOnlyError(8, city.grid(0, 1), "overlaps grid " + city.grid(0, 0) + " at features[7]");
    }

    @Test
    void refusesSomethingThatIsNotAFeatureCollection() throws Exception {
        List<ImportError> errors = validator.validate(new ObjectMapper().readTree("{\"type\":\"Feature\"}")).errors();
        assertEquals(List.of(new ImportError(-1, null, "the body must be a GeoJSON FeatureCollection with a features array")), errors);
        city.features().set(2, new ObjectMapper().createObjectNode().put("type", "Polygon"));
        assertTrue(validator.validate(city.collection).errors().stream().anyMatch(e -> e.index() == 2 && e.message().equals("not a GeoJSON Feature")));
    }

    @Test
    void acceptsACityOfTenThousandGridsThatShareEdgesAndCorners() {
        while (city.features().size() > 7) {
            city.features().remove(7);
        }
        for (int row = 0; row < 100; row++) {
            for (int col = 0; col < 100; col++) {
                // computed the same way for both sides of a shared edge, so neighbours meet exactly
                double x0 = 114 + col * 0.0001;
                double x1 = 114 + (col + 1) * 0.0001;
                double y0 = 22.6 + row * 0.0001;
                double y1 = 22.6 + (row + 1) * 0.0001;
                city.features().add(TestCity.feature(city.code("-G" + row + "-" + col), "Grid", "GRID", city.code("-A-S-C"),
                        TestCity.polygon(new double[][] {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}})));
            }
        }
        AreaImportValidator.Result result = validator.validate(city.collection);
        assertTrue(result.isValid(), () -> result.errors().subList(0, Math.min(5, result.errors().size())).toString());
        assertEquals(10_000, AreaIndex.of(result.areas()).gridCount());
    }

    private void assertOnlyError(int index, String code, String messageStart) {
        AreaImportValidator.Result result = validator.validate(city.collection);
        assertEquals(1, result.errors().size(), result.errors().toString());
        ImportError error = result.errors().get(0);
        assertEquals(index, error.index(), error.toString());
        assertEquals(code, error.code(), error.toString());
        assertTrue(error.message().startsWith(messageStart), error.message());
        assertTrue(result.areas().isEmpty());
    }

    @Test
    void overlapCheckStaysBoundedWhenEveryGridCoversTheSameSquare() {
        // 3,000 copies of one grid: all pairs of them overlap (4.5 million pairs); the check must stop early, not compare them all
        for (int i = 0; i < 3_000; i++) {
            city.features().add(TestCity.feature(city.code("-DUP" + i), "Copy " + i, "GRID", city.code("-B-S-C"), TestCity.square(1, 0, 1, 1)));
        }
        AreaImportValidator.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> validator.validate(city.collection));
        assertTrue(!result.isValid() && result.errors().size() <= AreaImportValidator.MAX_ERRORS + 1,
                result.errors().size() + " errors");
        assertTrue(result.errors().stream().anyMatch(e -> e.message().contains("overlaps grid")), result.errors().subList(0, 3).toString());
    }
    @Test
    void overlapCheckRefusesGridsWhoseBoundingBoxesMeetTooOftenForATiling() {
        // 300 thin diagonal strips east of the city's grids that do not overlap one another, but whose bounding boxes all do
        AreaImportValidator small = new AreaImportValidator(new AreaImportValidator.Limits(100_000, 1_500_000, 100_000, 1_000));
        for (int i = 0; i < 300; i++) {
            double d = i * 0.00001;
            city.features().add(TestCity.feature(city.code("-DIAG" + i), "Strip " + i, "GRID", city.code("-B-S-C"),
                    TestCity.polygon(new double[][] {{x(5) + d, y(0)}, {x(5) + d + 0.000005, y(0)}, {x(6) + d + 0.000005, y(1)},
                            {x(6) + d, y(1)}, {x(5) + d, y(0)}})));
        }
        List<ImportError> errors = small.validate(city.collection).errors();
        assertTrue(errors.stream().anyMatch(e -> e.index() == -1 && e.message().contains("bounding boxes")), errors.toString());
    }

    @Test
    void refusesAFeatureWithMoreVerticesThanItsLimit() {
        AreaImportValidator small = new AreaImportValidator(new AreaImportValidator.Limits(100_000, 1_500_000, 4, 500_000));
        List<ImportError> errors = small.validate(city.collection).errors();
        assertEquals(new ImportError(0, city.city(), "geometry has 5 vertices; a feature may have at most 4"), errors.get(0));
    }
}
