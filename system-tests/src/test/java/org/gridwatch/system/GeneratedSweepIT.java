package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import org.gridwatch.infra.DevJwt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Generated hostile input (DESIGN.md G6): requests built from each running service's own OpenAPI document
 * ({@code /q/openapi?format=json}), every operation of the three services, with tokens of every role (and none, and
 * refused ones). Each request starts from a plausible one and is broken in one to three ways: wrong types, nulls in
 * arrays and objects, huge, negative and non-finite numbers, deep nesting, long strings, NUL, invalid UTF-8, duplicate
 * keys, truncated bodies, wrong content types, bad cursors and limits, bad {@code If-Match}, odd path segments, and
 * Open311's form fields. Every answer must be below 500, every error must keep the error contract
 * ({@link RequestLedger}: problem+json, Open311's own array), and a 400 for a request broken in one named field (a
 * body field or a query parameter) must name that field (or a field on its path).
 *
 * <p>Generators are jqwik's arbitraries, driven by one seeded {@link Random}: a run is repeated by its seed.
 * {@code -Dgridwatch.fuzz.count=N} (default 2,500 in {@code ./mvnw verify}) and {@code -Dgridwatch.fuzz.seed=S}.
 * The sweep owns its data: its rider's reports ({@code OTHER}, which never merges) and one ticket of its own, which
 * staff with the current ETag may accept, start and resolve (never reject or return, which would move it to another
 * department). Admin writes carry a reference that does not exist, so routing refuses every one: the demo city, rule
 * set, departments and catalogue are compared before and after.
 */
@ExtendWith(SystemStack.class)
class GeneratedSweepIT {

    private static final int COUNT = Integer.getInteger("gridwatch.fuzz.count", 2_500);
    private static final long SEED = Long.getLong("gridwatch.fuzz.seed", 20261203L);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final RequestLedger LEDGER = new RequestLedger("GeneratedSweepIT");
    /** A point in Jiawang (grid YL-JW-03-01-G04) where the sweep's OTHER reports go; OTHER never merges. */
    private static final double LAT = 34.241;
    private static final double LON = 117.271;

    private enum Service { INTAKE, ROUTING, RESOLUTION }

    /** One operation of a service's OpenAPI document. */
    private record Operation(Service service, String method, String path, List<JsonNode> parameters, String contentType,
                             JsonNode bodySchema) {

        String name() {
            return method + " " + service.name().toLowerCase(Locale.ROOT) + " " + path;
        }
    }

    /** A request as generated: what was broken in it, and the one field a 400 must then name (or null). */
    private record Generated(String method, String uri, Map<String, String> headers, byte[] body, List<String> broken,
                             String field) {
    }

    private SystemStack.Services gridwatch;
    private final Random random = new Random(SEED);
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, JsonNode> components = new LinkedHashMap<>();
    private Filed own;
    private String rider;
    private String etag = "\"1\"";
    private int resent;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    // ---- jqwik's generators, all drawn from the one seeded Random ----------------------------------------------

    // jqwik's generators keep state in a session (its engine opens one per property; here JqwikSession does); values
    // are drawn with the sweep's own Random, so the seed alone repeats a run.
    private final List<Arbitrary<String>> hostileStrings = List.of(
            Arbitraries.of("", " ", "\u0000", "a\u0000b", "' OR '1'='1", "'; DROP TABLE ticket; --", "<script>alert(1)</script>",
                    "${jndi:ldap://x/a}", "../../etc/passwd", "%00", "\uFFFF", "\uD800", "\u202e井盖🚧", "\r\n", "null", "NaN",
                    "-1", "0", "9999999999999999999999", "1e400", "true", "[]", "{}", "2026-02-30T25:61:00Z",
                    "+999999999-12-31T23:59:59Z", "-5000-01-01T00:00:00Z", "0001-01-01", "9999-12-31", "T-", "=HYPERLINK(\"x\")"),
            Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
            Arbitraries.strings().withCharRange('a', 'z').ofLength(5_000),
            Arbitraries.strings().withChars('長', 'x', '\u0000').ofMinLength(100).ofMaxLength(600));
    private final List<Arbitrary<String>> hostileNumbers = List.of(
            Arbitraries.of("1e400", "-1e400", "NaN", "Infinity", "-Infinity", "-0", "9223372036854775808", "-9223372036854775809",
                    "1e-400", "123456789012345678901234567890", "0.0000000000000000000000001", "-1", "0", "1.5", "2147483648"),
            Arbitraries.doubles().map(d -> Double.toString(d)),
            Arbitraries.longs().map(l -> Long.toString(l)));
    private final Arbitrary<Integer> depths = Arbitraries.integers().between(600, 3_000);

    private <T> T draw(Arbitrary<T> arbitrary) {
        return arbitrary.generator(1_000).next(random).value();
    }

    private <T> T draw(List<Arbitrary<T>> arbitraries) {
        return draw(pick(arbitraries));
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    // ---- the sweep ----------------------------------------------------------------------------------------------

    @Test
    void generatedRequestsNeverGetA5xxAndEveryErrorKeepsTheContract(SystemStack.Services services) throws Exception {
        gridwatch = services;
        long t0 = System.nanoTime();
        String run = UUID.randomUUID().toString().substring(0, 8);
        long reportsBefore = Filed.settledCityReports(gridwatch);
        own = Filed.file(gridwatch, "sec-fuzz-owner:" + run, "CIVIC_SUGGESTION", 34.243, 117.272, "A drinking fountain",
                "D-STREET-JW-03", "YL-JW-03-01-G04");
        rider = "sec-fuzz:" + run;
        tokens.put("reporter", DevJwt.forRole("reporter").subject(rider).sign());
        tokens.put("reporter (ticket's)", own.riderToken());
        tokens.put("staff (ticket's)", own.staffToken());
        tokens.put("staff (other)", DevJwt.forRole("staff").subject("clerk:fuzz").dept("D-OPS-YL").sign());
        tokens.put("staff without dept", DevJwt.forRole("staff").subject("clerk:nodept").sign());
        tokens.put("supervisor", DevJwt.forRole("supervisor").subject("sup:fuzz").area("YL-JW").sign());
        tokens.put("supervisor (city)", DevJwt.forRole("supervisor").subject("sup:fuzz-city").area("YL").sign());
        tokens.put("admin", DevJwt.forRole("admin").subject("admin:fuzz").sign());
        tokens.put("no role", Tokens.noRole());
        tokens.put("no token", null);
        Tokens.refused().forEach((what, token) -> tokens.put("refused: " + what, token));
        String admin = tokens.get("admin");
        CityState before = CityState.read(gridwatch, admin);

        List<Operation> operations = new ArrayList<>();
        for (Service service : Service.values()) {
            operations.addAll(operations(service));
        }
        System.out.printf("GeneratedSweepIT: seed %d, %d requests over %d operations of 3 OpenAPI documents, %d callers%n",
                SEED, COUNT, operations.size(), tokens.size());

        List<String> fieldFaults = new ArrayList<>();
        List<String> sendFaults = new ArrayList<>();
        Map<String, int[]> byOperation = new TreeMap<>();
        JqwikSession.start(Long.toString(SEED));
        try {
            sweep(operations, fieldFaults, sendFaults, byOperation);
        } finally {
            JqwikSession.finish();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        // Open311's own error array on paths no resource matches (404, 405, 415 from the HTTP layer) is issue 12's
        // Open311 item, made in intake's open311 package: listed here, counted, and not failed on until it lands.
        List<String> faults = LEDGER.faults();
        System.out.printf("%s; seed %d, %d operations, %d resent once, in %d ms%n", LEDGER.summary(), SEED, operations.size(),
                resent, millis);
        byOperation.forEach((name, c) -> System.out.printf("  %-70s 2xx %d, 3xx %d, 4xx %d, 5xx %d%n", name, c[2], c[3], c[4], c[5]));
        faults.stream().limit(50).forEach(f -> System.out.println("FAULT " + f));
        fieldFaults.stream().limit(50).forEach(f -> System.out.println("FIELD " + f));
        sendFaults.forEach(f -> System.out.println("NO ANSWER " + f));

        CityState after = CityState.read(gridwatch, admin);
        Filed.awaitCounted(gridwatch, reportsBefore, tokens.get("reporter"), own.riderToken());
        assertEquals(before, after, "an admin write of the sweep changed the demo city");
        assertTrue(faults.isEmpty() && fieldFaults.isEmpty() && sendFaults.isEmpty(), faults.size()
                + " contract fault(s), " + fieldFaults.size() + " 400(s) not naming the broken field, " + sendFaults.size()
                + " request(s) without an answer (seed " + SEED + "):\n" + String.join("\n", faults.stream().limit(30).toList())
                + "\n" + String.join("\n", fieldFaults.stream().limit(30).toList()));
    }

    /** Sends {@link #COUNT} generated requests and notes what each answer broke. */
    private void sweep(List<Operation> operations, List<String> fieldFaults, List<String> sendFaults,
                       Map<String, int[]> byOperation) {
        for (int i = 0; i < COUNT; i++) {
            Operation op = pick(operations);
            String caller = random.nextInt(4) == 0 ? pick(new ArrayList<>(tokens.keySet())) : preferredCaller(op);
            Generated request = generate(op, tokens.get(caller));
            HttpResponse<byte[]> answer;
            try {
                answer = send(request);
            } catch (IllegalArgumentException e) {
                System.out.println("not sendable by the JDK's client, skipped: " + request.broken() + " " + e.getMessage());
                continue;
            } catch (IOException e) {
                sendFaults.add("#" + i + " " + op.name() + " " + request.broken() + ": no answer (" + e + ")");
                continue;
            }
            String body = new String(answer.body(), StandardCharsets.UTF_8);
            String contentType = answer.headers().firstValue("content-type").orElse("");
            LEDGER.record(request.method(), request.uri(), answer.statusCode(), contentType, body);
            byOperation.computeIfAbsent(op.name(), k -> new int[6])[Math.min(5, answer.statusCode() / 100)]++;
            if (answer.statusCode() >= 500 && LEDGER.faults().size() <= 20) {
                System.out.println("5xx #" + i + " " + caller + " " + request.method() + " " + RequestLedger.shorten(request.uri())
                        + " broken " + request.broken() + " body " + RequestLedger.shorten(new String(request.body(), StandardCharsets.UTF_8)));
            }
            if (answer.statusCode() == 400 && request.field() != null && !names(body, request)) {
                fieldFaults.add("#" + i + " " + request.method() + " " + RequestLedger.shorten(request.uri()) + " broken "
                        + request.broken() + ": 400 does not name '" + request.field() + "': " + RequestLedger.shorten(body));
            }
            if (answer.statusCode() / 100 == 2 && request.uri().contains(own.ticketId())) {
                answer.headers().firstValue("etag").ifPresent(tag -> etag = tag);
            }
        }
    }

    /** Most requests come from the role the operation is for, so that they reach the code behind the role check. */
    private String preferredCaller(Operation op) {
        if (op.path().startsWith("/open311")) {
            return "no token";
        }
        return switch (op.service()) {
            case ROUTING -> "admin";
            case RESOLUTION -> op.path().startsWith("/api/v1/stats") ? pick(List.of("supervisor", "supervisor (city)"))
                    : pick(List.of("staff (ticket's)", "staff (ticket's)", "staff (other)"));
            case INTAKE -> op.path().contains("{reportId}") ? "reporter (ticket's)" : pick(List.of("reporter", "reporter", "supervisor", "admin"));
        };
    }

    // ---- reading the OpenAPI documents -------------------------------------------------------------------------

    private List<Operation> operations(Service service) throws IOException {
        String base = baseOf(service);
        JsonNode doc = JSON.readTree(given().baseUri(base).queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        doc.path("components").path("schemas").properties().forEach(e -> components.put(e.getKey(), e.getValue()));
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").properties().iterator(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().properties().iterator(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!List.of("get", "post", "put", "delete", "patch").contains(method.getKey())) {
                    continue;
                }
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(parameters::add);
                method.getValue().path("parameters").forEach(parameters::add);
                JsonNode content = method.getValue().path("requestBody").path("content");
                String contentType = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                JsonNode schema = contentType == null ? null : content.path(contentType).path("schema");
                operations.add(new Operation(service, method.getKey().toUpperCase(Locale.ROOT), path.getKey(), parameters,
                        contentType, schema));
            }
        }
        assertTrue(!operations.isEmpty(), service + " has no operation in its OpenAPI document");
        return operations;
    }

    private JsonNode resolve(JsonNode schema) {
        for (int i = 0; i < 10 && schema != null && schema.has("$ref"); i++) {
            String ref = schema.get("$ref").asText();
            schema = components.get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (schema != null && schema.has("allOf") && schema.get("allOf").size() == 1) {
            return resolve(schema.get("allOf").get(0));
        }
        return schema;
    }

    // ---- generating a request ------------------------------------------------------------------------------------

    private Generated generate(Operation op, String token) {
        List<String> broken = new ArrayList<>();
        String field = null;
        // one request in eight is left whole (a control that reaches the code behind validation), the rest broken 1-3 times
        int faults = random.nextInt(8) == 0 ? 0 : 1 + (random.nextInt(3) == 0 ? random.nextInt(3) : 0);
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        // Path: each template variable from a plausible value, or an odd segment
        String path = op.path();
        for (JsonNode p : op.parameters()) {
            if ("path".equals(p.path("in").asText())) {
                String name = p.path("name").asText();
                String value = segment(pathValue(op, name));
                if (faults > 0 && random.nextInt(5) == 0) {
                    value = oddSegment();
                    broken.add("path " + name);
                }
                if (op.service() == Service.ROUTING && !op.method().equals("GET") && value.matches("[A-Za-z0-9].*")
                        && !value.startsWith("R-FUZZ") && !value.startsWith("D-FUZZ") && !value.startsWith("FUZZ") && !value.equals("fuzz_lower")) {
                    value = "x%20" + value; // an admin write never names a real code, category or department
                }
                if (op.service() == Service.ROUTING && op.method().equals("PUT") && name.equals("code")) {
                    broken.add("path code, never a category"); // the 400 names the path's code, not the body
                }
                path = path.replace("{" + name + "}", value);
            }
        }
        // Query: declared parameters absent, plausible or hostile; now and then one undeclared or repeated
        StringBuilder query = new StringBuilder();
        for (JsonNode p : op.parameters()) {
            String in = p.path("in").asText();
            String name = p.path("name").asText();
            if ("query".equals(in)) {
                int roll = random.nextInt(4);
                if (roll == 0) {
                    continue;
                }
                if (faults == 0) {
                    roll = 1;
                }
                String value = roll == 1 ? plausibleQuery(op, name) : hostileQuery(name);
                if (value == null) {
                    continue;
                }
                if (roll > 1) {
                    broken.add("query " + name);
                    field = field == null && !value.contains("\u0000") ? name : field;
                }
                append(query, name, value);
            } else if ("header".equals(in)) {
                headers.put(name, headerValue(name));
            }
        }
        if (faults > 0 && random.nextInt(10) == 0) {
            append(query, pick(List.of("limit", "cursor", "area", "x", "api_key")), draw(hostileStrings));
            broken.add("query extra");
        }
        if (op.path().startsWith("/open311") && random.nextBoolean()) {
            append(query, "api_key", random.nextBoolean() ? "dev-hotline-key" : draw(hostileStrings));
        }
        // Body
        byte[] body = null;
        if (op.contentType() != null || random.nextInt(8) == 0) {
            String contentType = op.contentType() == null ? "application/json" : op.contentType();
            if (contentType.contains("form")) {
                body = form(op, broken);
            } else {
                JsonNode value = plausibleBody(op);
                String mutatedAt = null;
                for (int i = 0; i < faults && value != null; i++) {
                    String at = mutate(op, value, broken);
                    mutatedAt = mutatedAt == null ? at : "";
                }
                body = faults == 0 ? serialise(value) : serialise(value, broken);
                if (mutatedAt != null && !mutatedAt.isEmpty() && broken.size() == 1 && (field == null)) {
                    field = mutatedAt;
                }
            }
            headers.put("Content-Type", faults > 0 && random.nextInt(12) == 0 ? pick(List.of("text/plain", "application/xml",
                    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "a/b/c", "application/json; charset=latin1",
                    "*/*", "application/geo+json")) : contentType);
        }
        if (random.nextInt(10) == 0) {
            headers.put("Accept", pick(List.of("text/csv", "application/xml", "text/html", "*/*", "application/json;q=0", "x/y")));
        }
        if (op.path().contains("/tickets/{id}/") || random.nextInt(20) == 0) {
            headers.put("If-Match", ifMatch(op, path));
        }
        if (broken.size() != 1 || !headers.getOrDefault("Content-Type", "application/json").startsWith(
                op.contentType() == null ? "application/json" : op.contentType())) {
            field = null; // only a request broken in exactly one field, and otherwise well formed, must name it
        }
        String uri = baseOf(op.service()) + path + (query.isEmpty() ? "" : "?" + query);
        return new Generated(op.method(), uri, headers, body == null ? new byte[0] : body, broken, field);
    }

    private String pathValue(Operation op, String name) {
        return switch (name) {
            case "id" -> op.service() == Service.RESOLUTION ? pick(List.of(own.ticketId(), own.ticketId(), "T-" + UUID.randomUUID()))
                    : pick(List.of("R-FUZZ-NONE", "D-FUZZ-NONE", "FUZZ1"));
            case "action" -> pick(List.of("accept", "start", "resolve", "accept", "start", "resolve", "reject", "return", "explode", "ACCEPT"));
            case "reportId" -> pick(List.of(own.reportId().toString(), UUID.randomUUID().toString(), "not-a-uuid"));
            case "code" -> op.path().startsWith("/api/v1/areas") ? pick(List.of("YL-JW", "YL", "NOPE"))
                    : op.method().equals("GET") ? pick(List.of("OTHER", "CIVIC_SUGGESTION", "NO_SUCH")) : pick(List.of("fuzz_lower", "not-a-code"));
            case "serviceCode" -> pick(List.of("OTHER", "STREET_LIGHT", "NOPE"));
            case "serviceRequestId" -> pick(List.of(own.reportId().toString(), UUID.randomUUID().toString(), "nope"));
            case "format" -> pick(List.of("json", "xml", "json", "xml", "html", "JSON", ""));
            default -> "FUZZ";
        };
    }

    /** {@code value} percent-encoded as one path segment. */
    private static String segment(String value) {
        return encode(value).replace("+", "%20");
    }

    /** A segment no client should send, percent-encoded as a client must. */
    private String oddSegment() {
        return pick(List.of("..", ".", "%2e%2e", "%2F", "%00", "%20", "%0d%0a", "x".repeat(3_000), "%E4%BA%95%E7%9B%96", "a;b=c",
                "*", "%25", "%C0%AF", "%FF%FE", "T-%00", "-1", "9999999999999999999999", encode(draw(hostileStrings))));
    }

    /** A value the operation accepts for {@code name}, or null to leave it out (a cursor is only valid as issued). */
    private String plausibleQuery(Operation op, String name) {
        return switch (name) {
            case "cursor" -> null;
            case "limit" -> pick(List.of("1", "50", "200"));
            case "groupBy" -> pick(List.of("department", "category", "area", "day", "week", "month"));
            case "level" -> pick(List.of("DISTRICT", "STREET", "GRID"));
            case "from", "start_date" -> pick(List.of("2026-01-01T00:00:00Z", "2026-11-01T00:00:00+08:00"));
            case "to", "end_date" -> pick(List.of("2100-01-01T00:00:00Z", "2027-01-01T00:00:00+08:00"));
            case "status" -> op.path().startsWith("/open311") ? pick(List.of("open", "closed")) : pick(List.of("ASSIGNED", "RESOLVED"));
            case "overdue" -> pick(List.of("true", "false"));
            case "area" -> pick(List.of("YL-JW", "YL"));
            case "lat" -> "34.24";
            case "lon" -> "117.27";
            case "category", "service_code" -> pick(List.of("OTHER", "ROAD_DAMAGE"));
            case "minTickets" -> "3";
            case "api_key" -> "dev-hotline-key";
            default -> "x";
        };
    }

    private String hostileQuery(String name) {
        if ("cursor".equals(name) && random.nextBoolean()) {
            return pick(List.of("!!!", "", "x".repeat(3_000), b64("a\u001fb\u001fc"), b64("not a time\u001fnot a uuid"),
                    b64("+999999999-12-31T23:59:59Z\u001fT-1"), b64("2026-11-22T08:00:00Z\u001f\u0000"), b64(draw(hostileStrings))));
        }
        return random.nextBoolean() ? draw(hostileNumbers) : draw(hostileStrings);
    }

    private String headerValue(String name) {
        if (name.equalsIgnoreCase("If-Match")) {
            return etag;
        }
        return pick(List.of(UUID.randomUUID().toString(), "k".repeat(300), "%E4%BA%95-" + random.nextInt(), "", " ", "a b", "\"quoted\""));
    }

    private String ifMatch(Operation op, String path) {
        boolean current = random.nextInt(3) > 0;
        boolean harmful = path.endsWith("/reject") || path.endsWith("/return");
        if (current && !harmful) {
            return etag;
        }
        return pick(List.of("\"0\"", "W/\"1\"", "*", "banana", "\"99999999999999999999\"", "\"-1\"", "W/", "\"\"", "1, 2",
                "\"" + draw(hostileNumbers) + "\""));
    }

    /** A body that the operation would accept, except where a write must stay refused (admin writes). */
    private JsonNode plausibleBody(Operation op) {
        if (op.path().equals("/api/v1/areas")) {
            return areas();
        }
        JsonNode schema = resolve(op.bodySchema());
        JsonNode value = schema == null ? NODES.objectNode() : instance(schema, null, 0);
        if (value instanceof ObjectNode object) {
            // Reports land where the sweep owns them; admin writes name what does not exist, so routing refuses them
            if (object.has("location")) {
                object.set("location", NODES.objectNode().put("lat", LAT).put("lon", LON));
            }
            if (object.has("category") && op.service() == Service.INTAKE) {
                object.put("category", "OTHER");
            }
            if (op.service() == Service.ROUTING && !op.method().equals("GET") && !op.path().endsWith("/simulate")) {
                object.put("areaCode", "FUZZ-NOWHERE");
                if (object.has("departmentId")) {
                    object.put("departmentId", "D-FUZZ-NONE");
                }
                if (object.has("priority") && op.path().startsWith("/api/v1/categories")) {
                    object.put("code", "FUZZ_OTHER_CODE");
                }
            }
        }
        return value;
    }

    /** A value of {@code schema}, with plausible content for the fields GridWatch knows. */
    private JsonNode instance(JsonNode schema, String name, int depth) {
        schema = resolve(schema);
        if (schema == null || depth > 6) {
            return NODES.textNode("x");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        String type = schema.path("type").asText("object");
        if (schema.path("type").isArray()) {
            type = schema.path("type").get(0).asText();
        }
        switch (type) {
            case "string": {
                String format = schema.path("format").asText("");
                if (format.equals("uuid") || "reportId".equals(name)) {
                    return NODES.textNode(UUID.randomUUID().toString());
                }
                if (format.equals("date-time") || (name != null && name.endsWith("At"))) {
                    return NODES.textNode("2026-12-01T08:00:00+08:00");
                }
                if (name != null && (name.endsWith("Urls") || name.endsWith("Url"))) {
                    return NODES.textNode("https://img.example/" + random.nextInt(1000) + ".jpg");
                }
                return NODES.textNode(switch (name == null ? "" : name) {
                    case "category" -> "OTHER";
                    case "description", "note", "comment", "name", "nameZh", "nameEn" -> "fuzz " + random.nextInt(1000);
                    case "priority" -> "P2";
                    default -> "FUZZ" + random.nextInt(100);
                });
            }
            case "integer":
                return NODES.numberNode(1 + random.nextInt(10));
            case "number":
                return NODES.numberNode("lat".equals(name) ? LAT : "lon".equals(name) ? LON : 1.5);
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            case "array": {
                ArrayNode array = NODES.arrayNode();
                int n = random.nextInt(3);
                String itemName = name != null && name.endsWith("s") ? name : null;
                for (int i = 0; i < n; i++) {
                    array.add(instance(schema.path("items"), itemName, depth + 1));
                }
                return array;
            }
            default: {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").properties().forEach(p -> {
                    if (random.nextInt(5) > 0) {
                        object.set(p.getKey(), instance(p.getValue(), p.getKey(), depth + 1));
                    }
                });
                if (schema.path("additionalProperties").isObject() && random.nextBoolean()) {
                    object.put("k" + random.nextInt(9), "v");
                }
                return object;
            }
        }
    }

    /** A GeoJSON collection that can never be a valid import: no feature is a CITY. */
    private JsonNode areas() {
        ObjectNode collection = NODES.objectNode().put("type", "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            ObjectNode feature = features.addObject().put("type", "Feature");
            feature.putObject("properties").put("code", "FUZZ-G" + i).put("name", "fuzz").put("level", pick(List.of("GRID", "COMMUNITY")))
                    .put("parentCode", "FUZZ-NOWHERE");
            ObjectNode geometry = feature.putObject("geometry").put("type", "Polygon");
            ArrayNode ring = geometry.putArray("coordinates").addArray();
            double x = 117.2 + random.nextDouble() / 10;
            double y = 34.2 + random.nextDouble() / 10;
            for (double[] p : new double[][] {{x, y}, {x + 0.01, y}, {x + 0.01, y + 0.01}, {x, y + 0.01}, {x, y}}) {
                ring.addArray().add(p[0]).add(p[1]);
            }
        }
        return collection;
    }

    /**
     * Breaks {@code root} at one place (a member, an element, or the root itself) and returns that place's path
     * ({@code location.lat}, {@code mediaUrls[0]}; empty for the root).
     */
    private String mutate(Operation op, JsonNode root, List<String> broken) {
        List<String[]> places = new ArrayList<>();
        collect(root, "", places, 0);
        String[] place = places.isEmpty() ? new String[] {""} : pick(places);
        String at = place[0];
        JsonNode replacement = hostileValue();
        String kind = replacement.isNull() ? "null" : replacement.getNodeType().name().toLowerCase(Locale.ROOT);
        if (at.isEmpty()) {
            broken.add("body root -> " + kind);
            if (root instanceof ObjectNode object) {
                object.removeAll();
                object.set("x", replacement);
            }
            return "";
        }
        if (replace(root, at, replacement)) {
            broken.add("body " + at + " -> " + kind);
            if (random.nextInt(6) == 0 && root instanceof ObjectNode object) {
                object.set("unknownField" + random.nextInt(5), hostileValue()); // unknown members ride along
                broken.add("body unknown member");
            }
            return at;
        }
        return "";
    }

    private void collect(JsonNode node, String path, List<String[]> places, int depth) {
        if (depth > 8) {
            return;
        }
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                String child = path.isEmpty() ? name : path + "." + name;
                places.add(new String[] {child});
                collect(object.get(name), child, places, depth + 1);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < Math.min(array.size(), 3); i++) {
                String child = path + "[" + i + "]";
                places.add(new String[] {child});
                collect(array.get(i), child, places, depth + 1);
            }
        }
    }

    /** Replaces the value at {@code path} ({@code a.b[1].c}). */
    private static boolean replace(JsonNode root, String path, JsonNode value) {
        List<Object> steps = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (!name.isEmpty()) {
                steps.add(name);
            }
            for (int b = bracket; b >= 0; b = part.indexOf('[', b + 1)) {
                steps.add(Integer.parseInt(part.substring(b + 1, part.indexOf(']', b))));
            }
        }
        JsonNode node = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            node = steps.get(i) instanceof Integer index ? node.path(index) : node.path((String) steps.get(i));
        }
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer index && node instanceof ArrayNode array && index < array.size()) {
            array.set(index, value);
            return true;
        }
        if (last instanceof String name && node instanceof ObjectNode object) {
            object.set(name, value);
            return true;
        }
        return false;
    }

    private JsonNode hostileValue() {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode(draw(hostileStrings));
            case 2 -> NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(draw(hostileNumbers)));
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.arrayNode().add(NODES.nullNode());
            case 5 -> NODES.arrayNode().add(1).add("a").addNull().add(NODES.objectNode());
            case 6 -> NODES.objectNode().putNull("a").put("", "");
            case 7 -> NODES.objectNode().set("k", NODES.arrayNode().addNull());
            default -> NODES.arrayNode();
        };
    }

    private static byte[] serialise(JsonNode value) {
        try {
            return value == null ? new byte[0] : JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON text of {@code value}, and now and then broken below the JSON level. */
    private byte[] serialise(JsonNode value, List<String> broken) {
        String text;
        try {
            text = value == null ? "" : JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int roll = random.nextInt(14);
        if (roll > 7) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        broken.add("bytes " + roll);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        switch (roll) {
            case 0 -> { // invalid UTF-8 inside the text
                int at = Math.max(1, utf8.length / 2);
                out.write(utf8, 0, at);
                byte[] bad = pick(List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
                out.write(bad, 0, bad.length);
                out.write(utf8, at, utf8.length - at);
            }
            case 1 -> { // a raw NUL byte
                int at = Math.max(1, utf8.length / 2);
                out.write(utf8, 0, at);
                out.write(0);
                out.write(utf8, at, utf8.length - at);
            }
            case 2 -> { // duplicate keys
                String dup = text.startsWith("{\"") ? "{" + text.substring(1, text.indexOf(':') + 1) + "1," + text.substring(1) : text;
                out.writeBytes(dup.getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> out.write(utf8, 0, utf8.length / 2); // truncated
            case 4 -> { // deep nesting
                int depth = draw(depths);
                out.writeBytes(("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8));
            }
            case 5 -> out.writeBytes(pick(List.of("", "null", "[]", "\"x\"", "1", "{} {}", "\uFEFF" + text)).getBytes(StandardCharsets.UTF_8));
            case 6 -> { // a long string inside the text
                out.writeBytes(text.replaceFirst(":\"", ":\"" + "x".repeat(70_000 + random.nextInt(30_000))).getBytes(StandardCharsets.UTF_8));
            }
            default -> out.writeBytes((text + "garbage").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** An Open311 form: the spec's fields, each present or not, plausible or hostile; never a request that files a report. */
    private byte[] form(Operation op, List<String> broken) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("api_key", random.nextInt(3) > 0 ? "dev-hotline-key" : draw(hostileStrings));
        fields.put("service_code", "FUZZ_NONE");
        fields.put("lat", "34.241");
        fields.put("long", "117.271");
        JsonNode schema = resolve(op.bodySchema());
        if (schema != null) {
            schema.path("properties").fieldNames().forEachRemaining(name -> fields.putIfAbsent(name, "x"));
        }
        for (String name : List.of("description", "account_id", "email", "first_name", "address_string", "media_url", "device_id")) {
            fields.putIfAbsent(name, "fuzz");
        }
        List<String> names = new ArrayList<>(fields.keySet());
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            String name = pick(names);
            if (name.equals("api_key") && fields.get(name).equals("dev-hotline-key") && random.nextBoolean()) {
                continue; // keep the key now and then, so that the fields behind it are checked
            }
            if (name.equals("service_code")) {
                fields.put(name, draw(hostileStrings).replace("OTHER", "X")); // never a real service: nothing is filed
            } else if (random.nextInt(5) == 0) {
                fields.remove(name);
            } else {
                fields.put(name, random.nextBoolean() ? draw(hostileStrings) : draw(hostileNumbers));
            }
            broken.add("form " + name);
        }
        StringBuilder form = new StringBuilder();
        fields.forEach((name, value) -> append(form, name, value));
        if (random.nextInt(8) == 0) {
            append(form, "lat", "91");
            broken.add("form lat twice");
        }
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- sending -------------------------------------------------------------------------------------------------

    /**
     * Sends the request; once more on a connection the server had already closed (after a 413 or 431 the server
     * closes the connection, and the client may have picked it from its pool): a fault only if the resend fails too.
     */
    private HttpResponse<byte[]> send(Generated request) throws IOException {
        try {
            return sendOnce(request, http);
        } catch (IOException e) {
            // The server closed a pooled connection (it does after a 413): again on a connection of its own.
            resent++;
            return sendOnce(request, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build());
        }
    }

    private HttpResponse<byte[]> sendOnce(Generated request, HttpClient client) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.uri())).timeout(Duration.ofSeconds(60))
                .method(request.method(), request.body().length == 0 && request.method().equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        try {
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * Whether the problem {@code body} names the request's broken field, a field on its path or below it, or a field
     * the request did not send at all (a required one that was left out also makes a 400).
     */
    private static boolean names(String body, Generated request) {
        String field = request.field();
        String trimmed = body.stripLeading();
        if (trimmed.startsWith("<") || trimmed.startsWith("[")) {
            // Open311's error array (XML or JSON): the description names the field.
            return body.contains(field.replaceAll("\\[.*", "").replaceAll("\\..*", ""));
        }
        try {
            JsonNode sentBody = sentBody(request);
            JsonNode problem = JSON.readTree(body);
            String root = field.replaceAll("\\[.*", "").replaceAll("\\..*", "");
            for (JsonNode error : problem.path("errors")) {
                String named = error.path("field").asText();
                String leaf = named.replaceAll(".*\\.", "").replaceAll("\\[.*", "");
                if (named.equals(field) || field.startsWith(named) || named.startsWith(root)
                        || !leaf.isEmpty() && !sent(request, sentBody, named)) {
                    return true;
                }
            }
            return problem.path("detail").asText().contains("'" + root);
        } catch (IOException e) {
            return false;
        }
    }

    /** The body the request sent, or an empty object when it was not JSON at all (the broken part may be its syntax). */
    private static JsonNode sentBody(Generated request) {
        try {
            return request.body().length == 0 ? NODES.objectNode() : JSON.readTree(request.body());
        } catch (IOException notJson) {
            return NODES.objectNode();
        }
    }

    /** Whether the request sent a value for {@code field}: a query parameter, or a member of the body (not null). */
    private static boolean sent(Generated request, JsonNode body, String field) {
        if (request.uri().contains("?" + field + "=") || request.uri().contains("&" + field + "=")) {
            return true;
        }
        JsonNode node = body;
        for (String part : field.split("\\.")) {
            String name = part.replaceAll("\\[.*", "");
            node = name.isEmpty() ? node : node.path(name);
            java.util.regex.Matcher index = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(part);
            while (index.find()) {
                node = node.path(Integer.parseInt(index.group(1)));
            }
        }
        return !node.isMissingNode() && !node.isNull();
    }

    private String baseOf(Service service) {
        return switch (service) {
            case INTAKE -> gridwatch.intake();
            case ROUTING -> gridwatch.routing();
            case RESOLUTION -> gridwatch.resolution();
        };
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(encode(name)).append('=').append(encode(value));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** What no admin write of the sweep may change: the city, the rule set, the departments and the catalogue. */
    private record CityState(String city, Object ruleSetVersion, String departments, String categories) {

        static CityState read(SystemStack.Services gridwatch, String admin) {
            return new CityState(
                    given().baseUri(gridwatch.routing()).auth().oauth2(admin).get("/api/v1/areas/YL").then().statusCode(200).extract().asString(),
                    given().baseUri(gridwatch.routing()).auth().oauth2(admin).get("/api/v1/routing-rules").then().statusCode(200)
                            .extract().path("ruleSetVersion"),
                    given().baseUri(gridwatch.routing()).auth().oauth2(admin).get("/api/v1/departments").then().statusCode(200).extract().asString(),
                    given().baseUri(gridwatch.routing()).auth().oauth2(admin).get("/api/v1/categories").then().statusCode(200).extract().asString());
        }
    }
}
