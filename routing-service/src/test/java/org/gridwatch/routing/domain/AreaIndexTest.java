package org.gridwatch.routing.domain;

import static org.gridwatch.routing.TestCity.x;
import static org.gridwatch.routing.TestCity.y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.gridwatch.routing.TestCity;
import org.junit.jupiter.api.Test;

/** Point lookup over the test city: inside, on shared edges and corners, outside, and with nothing imported. */
class AreaIndexTest {

    private final TestCity city = TestCity.fresh();
    private final List<Area> areas = new AreaImportValidator().validate(city.collection).areas();
    private final AreaIndex index = AreaIndex.of(areas);

    @Test
    void locatesAPointInsideAGridWithItsPathFromTheCity() {
        Location location = index.locate(y(0) + 0.005, x(0) + 0.005);
        assertEquals(Location.in(city.grid(0, 0), city.pathOf(0, 0)), location);
        assertEquals(city.pathOf(1, 2), index.locate(y(1) + 0.002, x(2) + 0.009).areaPath());
    }

    @Test
    void pointOnASharedEdgeGoesToTheGridWithTheSmallestCode() {
        // lower edge of G2 = upper edge of G3
        assertEquals(city.grid(1, 1), index.locate(y(1), x(1) + 0.005).gridCode());
        // between G5 (column 0) and G3 (column 1)
        assertEquals(city.grid(0, 1), index.locate(y(0) + 0.005, x(1)).gridCode());
    }

    @Test
    void pointOnASharedCornerGoesToTheGridWithTheSmallestCodeWhateverTheInsertionOrder() {
        // G3, G1, G2, G4 meet at (x2, y1); G5, G3, G6, G2 at (x1, y1)
        for (long seed = 0; seed < 20; seed++) {
            List<Area> shuffled = new ArrayList<>(areas);
            Collections.shuffle(shuffled, new Random(seed));
            AreaIndex other = AreaIndex.of(shuffled);
            assertEquals(city.grid(0, 2), other.locate(y(1), x(2)).gridCode());
            assertEquals(city.grid(1, 1), other.locate(y(1), x(1)).gridCode());
        }
    }

    @Test
    void outerBoundaryBelongsToTheGridAndBeyondItIsUnlocated() {
        assertEquals(city.grid(0, 0), index.locate(y(0), x(0)).gridCode());
        Location outside = index.locate(y(0) - 0.000001, x(0) + 0.005);
        assertTrue(outside.unlocated());
        assertNull(outside.gridCode());
        assertEquals(List.of(city.city()), outside.areaPath());
        assertEquals(Location.unlocated(city.city()), index.locate(-33.9, 151.2));
    }

    @Test
    void answersAreasPathsAndCounts() {
        assertEquals(city.city(), index.cityCode());
        assertEquals(6, index.gridCount());
        assertEquals(13, index.size());
        assertEquals(AreaLevel.STREET, index.area(city.code("-B-S")).orElseThrow().level());
        assertEquals(List.of(city.city(), city.code("-B")), index.pathOf(city.code("-B")));
        assertTrue(index.area("nope").isEmpty());
        assertEquals(List.of(), index.pathOf("nope"));
    }

    @Test
    void emptyIndexLocatesNothingWithAnEmptyPath() {
        AreaIndex empty = AreaIndex.of(List.of());
        assertTrue(empty.isEmpty());
        assertFalse(index.isEmpty());
        assertEquals(new Location(null, List.of(), true), empty.locate(22.6, 114.0));
        assertNull(empty.cityCode());
    }
}
