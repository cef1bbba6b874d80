package org.gridwatch.resolution.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ResolutionCountsTest {

    @Test
    void ratesFollowTheDesignFormulasAndAreNullWithoutADenominator() {
        ResolutionCounts c = new ResolutionCounts("D-1", 10, 12, 2, 3, 1, 6, 4, 7, 3, 1, 2, 1, 5.0, 9.0);
        assertEquals(6 / 8.0, c.resolutionRate());
        assertEquals(4 / 8.0, c.onTimeRate());
        assertEquals(7 / 10.0, c.responseRate());
        assertEquals(3 / 4.0, c.satisfactionRate());
        assertEquals(2 / 10.0, c.misrouteRate());
        assertEquals(1 / 6.0, c.reopenRate());

        ResolutionCounts allRejected = new ResolutionCounts("D-2", 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null);
        assertNull(allRejected.resolutionRate());
        assertNull(allRejected.onTimeRate());
        assertNull(allRejected.satisfactionRate());
        assertNull(allRejected.reopenRate());
        assertEquals(0.0, allRejected.responseRate());
    }

    @Test
    void groupByAndLevelsParseCaseInsensitively() {
        assertEquals(Optional.of(StatsGroupBy.WEEK), StatsGroupBy.parse("week"));
        assertTrue(StatsGroupBy.parse("planet").isEmpty());
        assertEquals(Optional.of(2), StatsGroupBy.areaDepth("district"));
        assertEquals(Optional.of(5), StatsGroupBy.areaDepth("GRID"));
        assertEquals(Optional.of(3), StatsGroupBy.areaDepth("3"));
        assertTrue(StatsGroupBy.areaDepth("0").isEmpty());
        assertTrue(StatsGroupBy.areaDepth("PLANET").isEmpty());
    }
}
