package org.gridwatch.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.contracts.events.Category;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The initial category catalogue of DESIGN.md section 2 ({@code initial-catalogue.json}): routing seeds
 * its catalogue with it, and intake accepts and lists it until routing has published one.
 *
 * <p>Priorities follow the 12345 hotline classes: P0 danger to life or property (fire, gas, elevators,
 * buildings), P1 utilities and urgent safety, P2 general matters, P3 appearance and suggestions. The dedup
 * radius and window say how close and how recent another report must be to count as the same hazard: a
 * gas leak or a flood spreads over a street (200-300 m), a manhole cover is one spot (20 m);
 * suggestions are never merged (radius 0).
 */
public final class InitialCatalogue {

    private static final String RESOURCE = "/org/gridwatch/contracts/initial-catalogue.json";
    private static final List<Category> CATEGORIES = load();

    private InitialCatalogue() {
    }

    public static List<Category> categories() {
        return CATEGORIES;
    }

    private static List<Category> load() {
        try (InputStream in = InitialCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE);
            }
            List<Category> categories = new ArrayList<>();
            for (JsonNode c : new ObjectMapper().readTree(in)) {
                List<String> keywords = new ArrayList<>();
                c.path("keywords").forEach(k -> keywords.add(k.asText()));
                categories.add(new Category(c.get("code").asText(), c.get("nameZh").asText(), c.get("nameEn").asText(),
                        Priority.valueOf(c.get("priority").asText()), c.get("dedupRadiusM").asInt(),
                        c.get("dedupWindowHours").asInt(), c.path("open311Group").asText(null), keywords,
                        c.get("active").asBoolean(), OffsetDateTime.parse(c.get("updatedAt").asText())));
            }
            return List.copyOf(categories);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
