package org.gridwatch.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gridwatch.contracts.events.Category;
import org.junit.jupiter.api.Test;

class InitialCatalogueTest {

    @Test
    void holdsTheSixteenCategoriesOfTheDesignEachValidAgainstItsSchema() {
        List<String> codes = InitialCatalogue.categories().stream().map(Category::code).toList();
        assertEquals(List.of("FIRE_HAZARD", "GAS_LEAK", "ELEVATOR_SAFETY", "ROAD_DAMAGE", "MANHOLE_COVER", "TRAFFIC_SAFETY",
                "FLOODING", "STREET_LIGHT", "PUBLIC_FACILITY", "FOOD_SAFETY", "ENVIRONMENT", "BUILDING_SAFETY",
                "CITY_APPEARANCE", "ACCESS_OBSTACLE", "CIVIC_SUGGESTION", "OTHER"), codes);
        Category flooding = byCode("FLOODING");
        Category manhole = byCode("MANHOLE_COVER");
        assertTrue(flooding.dedupRadiusM() > manhole.dedupRadiusM(), "a flood spreads wider than a manhole cover");
        assertEquals(Priority.P0, byCode("GAS_LEAK").priority());
        InitialCatalogue.categories().forEach(c -> assertTrue(!c.nameZh().isBlank() && !c.nameEn().isBlank(), c.code()));
    }

    private static Category byCode(String code) {
        return InitialCatalogue.categories().stream().filter(c -> c.code().equals(code)).findFirst().orElseThrow();
    }
}
