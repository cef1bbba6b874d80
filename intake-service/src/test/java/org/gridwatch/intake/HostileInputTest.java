package org.gridwatch.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.gridwatch.infra.testing.GridWatchTestResource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A seeded sweep of malformed and hostile report bodies: random JSON, huge strings, wrong types,
 * non-finite coordinates, control characters, deep nesting. None may cause a 5xx, and every refusal
 * explains itself as problem+json.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_test"))
class HostileInputTest {

    private static final long SEED = 20261122L;
    private static final String[] FIELDS = {"reportId", "category", "description", "location", "address", "observedAt",
            "mediaUrls", "attributes"};
    private static final String[] HOSTILE_VALUES = {"null", "true", "-0", "1e309", "-1e309", "NaN", "Infinity",
            "\"NaN\"", "\"Infinity\"", "\"\\u0000\\u0007\\u001b[31m\"", "\"'; DROP TABLE report; --\"",
            "\"<script>alert(1)</script>\"", "{}", "[]", "[[[]]]", "{\"lat\":\"x\"}", "123456789012345678901234567890",
            "\"\\ud800\"", "\"" + "長".repeat(5000) + "\"", "{\"lat\":null,\"lon\":null}", "{\"lat\":91,\"lon\":181}",
            "{\"lat\":-1e-400,\"lon\":1e-400}", "\"2026-02-30T25:61:00Z\"", "[\"ftp://x\"]", "{\"k\":{\"nested\":1}}"};

    @Test
    void hundredsOfHostileBodiesGetClearFourHundredsAndNeverAServerError() {
        Random random = new Random(SEED);
        List<String> bodies = new ArrayList<>();
        String valid = Reports.body(UUID.randomUUID(), "ok");
        for (String field : FIELDS) {
            for (String value : HOSTILE_VALUES) {
                bodies.add(replaceField(valid, field, value));
            }
        }
        for (int i = 0; i < 120; i++) {
            bodies.add(randomJson(random, 0));
        }
        bodies.add("[".repeat(5000) + "]".repeat(5000));
        bodies.add("{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
        bodies.add("{\"description\":\"" + "x".repeat(60_000) + "\"}");
        bodies.add("\u0000\u0001\u0002");
        bodies.add("{\"category\":\"MANHOLE_COVER\",\"category\":\"OTHER\"}");
        bodies.add("{\"location\":{\"lat\":NaN,\"lon\":Infinity}}");
        bodies.add("{} trailing");
        bodies.add("");

        String reporter = Reports.newReporter();
        // Quarkus has RestAssured keep a log of each request for a failed assertion, pretty-printed: for the
        // 5,000-deep array that alone takes most of the test heap. Log the bodies as sent.
        RestAssuredConfig asSent = RestAssured.config().logConfig(RestAssured.config().getLogConfig().enablePrettyPrinting(false));
        int served = 0;
        for (String body : bodies) {
            Response response = given().config(asSent).auth().oauth2(Reports.token(reporter)).contentType(ContentType.JSON)
                    .body(body).post("/api/v1/reports");
            int status = response.statusCode();
            assertTrue(status < 500, "status " + status + " for body " + abbreviate(body) + ": " + response.asString());
            if (status >= 400 && status != 413) {
                assertTrue(response.contentType().startsWith("application/problem+json"),
                        "status " + status + " without problem+json for " + abbreviate(body));
            }
            served++;
        }
        assertEquals(bodies.size(), served);
        assertTrue(served >= 300, "only " + served + " bodies");
    }

    private static String replaceField(String json, String field, String value) {
        return json.replaceFirst("\"" + field + "\":(\\{[^}]*\\}|\\[[^\\]]*\\]|\"[^\"]*\"|[^,}]+)",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + value));
    }

    private static String randomJson(Random random, int depth) {
        int kind = depth > 4 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> Integer.toString(random.nextInt());
            case 1 -> "\"" + randomString(random) + "\"";
            case 2 -> random.nextBoolean() ? "true" : "null";
            case 3 -> Double.toString(random.nextGaussian() * 1e6);
            case 4 -> {
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.append(randomJson(random, depth + 1)).append(i > 1 ? "," : "");
                }
                yield array.append(']').toString();
            }
            default -> {
                StringBuilder object = new StringBuilder("{");
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    String key = random.nextBoolean() ? FIELDS[random.nextInt(FIELDS.length)] : randomString(random);
                    object.append('"').append(key).append("\":").append(randomJson(random, depth + 1)).append(i < n - 1 ? "," : "");
                }
                yield object.append('}').toString();
            }
        };
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            char c = (char) (random.nextInt(3) == 0 ? 0x4e00 + random.nextInt(500) : 0x20 + random.nextInt(0x5e));
            if (c == '"' || c == '\\') {
                c = '_';
            }
            s.append(c);
        }
        return s.toString();
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "... (" + body.length() + " chars)" : body;
    }
}
