package org.gridwatch.infra.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.gridwatch.infra.DevJwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Loads the demo city (Yunlong) into a running routing-service through its admin API, as an
 * administrator would: the areas, then each department, then each rule. Loading again changes nothing.
 */
public final class DemoCityLoader {

    private static final String DIR = "/org/gridwatch/infra/demo/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String routingBaseUrl;
    private final String token = DevJwt.forRole("admin").subject("demo-loader").sign();

    public DemoCityLoader(String routingBaseUrl) {
        this.routingBaseUrl = routingBaseUrl;
    }

    /** @return a one-line summary of what was loaded */
    public String load() {
        String areas = resource("areas.geojson");
        send("PUT", "/api/v1/areas", areas, 200);
        JsonNode departments = json(resource("departments.json"));
        for (JsonNode d : departments) {
            send("PUT", "/api/v1/departments/" + d.get("id").asText(), d.toString(), 200);
        }
        JsonNode rules = json(resource("rules.json"));
        for (JsonNode r : rules) {
            int status = send("POST", "/api/v1/routing-rules", r.toString(), 201, 409);
            if (status == 409) {
                send("PUT", "/api/v1/routing-rules/" + r.get("id").asText(), r.toString(), 200);
            }
        }
        return String.format("Yunlong demo city: %d areas, %d departments, %d rules",
                json(areas).path("features").size(), departments.size(), rules.size());
    }

    private int send(String method, String path, String body, int... accepted) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(routingBaseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (int ok : accepted) {
                if (response.statusCode() == ok) {
                    return ok;
                }
            }
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DemoCityLoader.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing demo file " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
