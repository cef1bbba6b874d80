package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.gridwatch.infra.DevJwt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Bad input over every endpoint that takes any (DESIGN.md G6: a clear error, never a 5xx): malformed JSON, wrong
 * types, oversized bodies and strings, invalid UUIDs and cursors, unknown enum values, extreme and non-finite
 * coordinates, invalid GeoJSON (never a valid import: the demo city stays as it is, checked before and after), NUL
 * characters, CR/LF in headers (over a raw socket), and SQL and script strings, which are stored and given back
 * exactly. Each probe states the status it must get; every answer is also checked by {@link RequestLedger}: no
 * 5xx, and every 4xx with a body is problem+json (Open311: the spec's error array). All mismatches are reported at once.
 */
@ExtendWith(SystemStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputSweepIT {

    /** Stored and read back verbatim wherever text is kept: SQL, markup, template and lookup syntax, RTL, emoji. */
    static final String EVIL = "'; DROP TABLE report; --<script>alert(1)</script>";
    static final String EVIL_TOO = "Robert'); DROP TABLE ticket;-- \" OR '1'='1 \\ %_ $1 ${jndi:ldap://x/a} {{7*7}} "
            + "<img src=x onerror=alert(1)> 井盖\u202e🚧";

    private static final String JSON = "application/json";
    private static final String REPORTS = "/api/v1/reports";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final RequestLedger LEDGER = new RequestLedger("BadInputSweepIT");
    private static final List<String> MISMATCHES = new ArrayList<>();

    /** A probe that differs from a valid request in {@code change}, and the status it must get. */
    private record Case(int status, Map<String, String> change) {
    }

    private record CategoryCase(int status, String code) {
    }

    private static SystemStack.Services gridwatch;
    private static String rider;
    private static String riderToken;
    private static String admin;
    private static String supervisor;
    /** A ticket of this class's own (CIVIC_SUGGESTION in Jiawang), for the staff actions. */
    private static Filed filed;
    private static long t0;
    private static long reportsBefore;

    @BeforeAll
    static void setUp(SystemStack.Services services) {
        t0 = System.nanoTime();
        gridwatch = services;
        String run = UUID.randomUUID().toString().substring(0, 8);
        rider = "sec-badinput:" + run;
        riderToken = DevJwt.forRole("reporter").subject(rider).sign();
        admin = DevJwt.forRole("admin").subject("admin:sweep").sign();
        supervisor = DevJwt.forRole("supervisor").subject("sup:sweep").area("YL-JW").sign();
        reportsBefore = Filed.settledCityReports(gridwatch);
        filed = Filed.file(gridwatch, "sec-badinput-owner:" + run, "CIVIC_SUGGESTION", 34.24, 117.27, "Benches for the square",
                "D-STREET-JW-03", "YL-JW-03-01-G04");
    }

    @AfterAll
    static void summary() {
        // Every report this class got a 202 for is counted before the next class starts.
        Filed.awaitCounted(gridwatch, reportsBefore, riderToken, filed.riderToken());
        System.out.printf("%s in %d ms%n", LEDGER.summary(), (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    @Order(1)
    void intakeReportsAndFeedbackRefuseBadInputClearly() {
        String ok = with();
        // Malformed JSON and bodies of the wrong shape
        for (String body : List.of("{", "{\"category\":", "[]", "null", "\"report\"", "", "{} trailing", "{\"a\":1}{\"b\":2}",
                "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "\u0000\u0001")) {
            postReport(400, "malformed: " + RequestLedger.shorten(body), body);
        }
        // Wrong types, each naming its field
        Map<String, String> wrong = new LinkedHashMap<>();
        wrong.put("\"category\":5", "category");
        wrong.put("\"description\":true", "description");
        wrong.put("\"location\":\"here\"", "location");
        wrong.put("\"location\":{\"lat\":\"34.2\",\"lon\":117.2}", "location.lat");
        wrong.put("\"location\":{\"lat\":34.2,\"lon\":[]}", "location.lon");
        wrong.put("\"location\":{\"lat\":34.2,\"lon\":117.2,\"accuracyM\":\"5\"}", "location.accuracyM");
        wrong.put("\"mediaUrls\":\"https://a.example/1.jpg\"", "mediaUrls");
        wrong.put("\"attributes\":[]", "attributes");
        wrong.put("\"attributes\":{\"a\":{\"b\":1}}", "attributes.a");
        wrong.put("\"reportId\":123", "reportId");
        wrong.put("\"observedAt\":5", "observedAt");
        wrong.forEach((field, name) -> expect(400, "wrong type " + field, () -> intake(riderToken).contentType(JSON)
                .body(with(field)).post(REPORTS), r -> r.then().body("errors.field", hasItem(name))));
        // Unknown enum value (category), bad codes and ids, out-of-range and non-finite coordinates
        postReport(422, "unknown category", with("\"category\":\"NO_SUCH_CATEGORY\""));
        postReport(400, "category not a code", with("\"category\":\"manhole cover\""));
        postReport(400, "category too long", with("\"category\":\"" + "A".repeat(65) + "\""));
        postReport(400, "reportId not a UUID", with("\"reportId\":\"not-a-uuid\""));
        postReport(400, "reportId almost a UUID", with("\"reportId\":\"00000000-0000-0000-0000-00000000000g\""));
        for (String location : List.of("{\"lat\":NaN,\"lon\":117.2}", "{\"lat\":\"NaN\",\"lon\":117.2}",
                "{\"lat\":34.2,\"lon\":Infinity}", "{\"lat\":1e400,\"lon\":117.2}", "{\"lat\":-1e400,\"lon\":117.2}",
                "{\"lat\":-90.0000001,\"lon\":117.2}", "{\"lat\":34.2,\"lon\":180.0000001}", "{\"lat\":null,\"lon\":117.2}",
                "{\"lon\":117.2}", "{\"lat\":34.2,\"lon\":117.2,\"accuracyM\":-1}", "{\"lat\":34.2,\"lon\":117.2,\"accuracyM\":1e12}")) {
            postReport(400, "location " + location, with("\"location\":" + location));
        }
        // Strings too long or holding what no field may hold
        postReport(400, "empty description", with("\"description\":\"\""));
        postReport(400, "description of 4001", with("\"description\":\"" + "x".repeat(4001) + "\""));
        postReport(400, "description with NUL", with("\"description\":\"a\\u0000b\""));
        postReport(400, "address of 501", with("\"address\":\"" + "x".repeat(501) + "\""));
        postReport(400, "11 media URLs", with("\"mediaUrls\":[" + IntStream.range(0, 11)
                .mapToObj(i -> "\"https://a.example/" + i + ".jpg\"").collect(Collectors.joining(",")) + "]"));
        postReport(400, "a null media URL", with("\"mediaUrls\":[null]"));
        postReport(400, "javascript: media URL", with("\"mediaUrls\":[\"javascript:alert(1)\"]"));
        postReport(400, "media URL of 2049", with("\"mediaUrls\":[\"https://a.example/" + "x".repeat(2031) + "\"]"));
        postReport(400, "21 attributes", with("\"attributes\":{" + IntStream.range(0, 21)
                .mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(",")) + "}"));
        postReport(400, "attribute key of 65", with("\"attributes\":{\"" + "k".repeat(65) + "\":\"v\"}"));
        postReport(400, "observedAt not a date", with("\"observedAt\":\"yesterday\""));
        postReport(400, "observedAt impossible", with("\"observedAt\":\"2026-02-30T25:61:00Z\""));
        postReport(400, "observedAt without offset", with("\"observedAt\":\"2026-11-22T10:00:00\""));
        postReport(422, "observedAt in the future", with("\"observedAt\":\"2999-01-01T00:00:00Z\""));
        postReport(422, "observedAt too old", with("\"observedAt\":\"1970-01-01T00:00:00Z\""));
        // Oversized: past the 64 KB limit the HTTP layer refuses with a bare 413; under it, the field rules apply
        postReport(413, "body of 70 KB", with("\"description\":\"" + "x".repeat(70_000) + "\""));
        postReport(400, "body of 60 KB", with("\"description\":\"" + "長".repeat(20_000) + "\""));
        expect(415, "text/plain body", () -> intake(riderToken).contentType("text/plain").body(ok).post(REPORTS));
        expect(415, "XML body", () -> intake(riderToken).contentType("application/xml").body("<report/>").post(REPORTS));
        expect(405, "PATCH", () -> intake(riderToken).contentType(JSON).body(ok).patch(REPORTS));
        expect(400, "Idempotency-Key of 300", () -> intake(riderToken).contentType(JSON).header("Idempotency-Key", "k".repeat(300))
                .body(ok).post(REPORTS));
        expect(422, "Idempotency-Key naming another report", () -> intake(riderToken).contentType(JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(with("\"reportId\":\"" + UUID.randomUUID() + "\"")).post(REPORTS));
        // Extreme but valid coordinates: accepted, and routing files them as unlocated at the city's fallback
        List<String> extremes = new ArrayList<>();
        for (String corner : List.of("{\"lat\":90,\"lon\":180}", "{\"lat\":-90,\"lon\":-180}")) {
            String id = UUID.randomUUID().toString();
            postReport(202, "extreme corner " + corner, with("\"location\":" + corner, "\"reportId\":\"" + id + "\""));
            extremes.add(id);
        }
        for (String id : extremes) {
            await().atMost(WAIT).untilAsserted(() -> routing(admin).get("/api/v1/routing/decisions/{id}", id).then().statusCode(200)
                    .body("unlocated", equalTo(true)).body("departmentId", equalTo("D-OPS-YL")));
        }

        // Reading: bad ids, cursors and limits
        for (String id : List.of("not-a-uuid", "\u0000", "' OR 1=1 --", "x".repeat(1000), UUID.randomUUID().toString())) {
            expect(404, "report id " + RequestLedger.shorten(id), () -> intake(riderToken).get(REPORTS + "/{id}", id));
            expect(404, "feedback on report id " + RequestLedger.shorten(id), () -> intake(riderToken).contentType(JSON)
                    .body("{\"fixed\":true}").post(REPORTS + "/{id}/feedback", id));
        }
        for (String cursor : List.of("!!!", "x".repeat(3000), base64("a\u001fb\u001fc"), base64("not a time\u001fnot a uuid"),
                base64("2026-11-22T08:00:00Z\u001f\u0000"))) {
            expectBadOr200("cursor " + RequestLedger.shorten(cursor), 400, "cursor",
                    () -> intake(riderToken).queryParam("cursor", cursor).get(REPORTS));
            expectBadOr200("balance cursor " + RequestLedger.shorten(cursor), 400, "cursor",
                    () -> intake(riderToken).queryParam("cursor", cursor).get("/api/v1/reporters/me"));
            expectBadOr200("leaderboard cursor " + RequestLedger.shorten(cursor), 400, "cursor",
                    () -> intake(riderToken).queryParam("cursor", cursor).get("/api/v1/reporters/leaderboard"));
        }
        for (String limit : List.of("0", "201", "-1", "ten", "1e2", "99999999999", "1.5")) {
            for (String path : List.of(REPORTS, "/api/v1/reporters/me", "/api/v1/reporters/leaderboard")) {
                expectBadOr200("limit " + limit + " on " + path, 400, "limit", () -> intake(riderToken).queryParam("limit", limit).get(path));
            }
        }
        for (Map.Entry<String, String> q : Map.of("area", "' OR 1=1 --", "from", "yesterday", "to", "2026-13-01T00:00:00Z").entrySet()) {
            expectBadOr200("leaderboard " + q.getKey(), 400, q.getKey(), () -> intake(riderToken).queryParam(q.getKey(), q.getValue())
                    .get("/api/v1/reporters/leaderboard"));
        }
        for (String extreme : List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-5000-01-01T00:00:00Z")) {
            expect(400, "leaderboard from " + extreme, () -> intake(riderToken).queryParam("from", extreme)
                    .get("/api/v1/reporters/leaderboard"));
            expect(400, "reports cursor at " + extreme, () -> intake(riderToken).queryParam("cursor",
                    base64(extreme + "\u001f" + UUID.randomUUID())).get(REPORTS));
            expect(400, "balance cursor at " + extreme, () -> intake(riderToken).queryParam("cursor",
                    base64(extreme + "\u001fT-1")).get("/api/v1/reporters/me"));
        }
        expectBadOr200("leaderboard to before from", 400, "to", () -> intake(riderToken).queryParam("from", "2026-11-02T00:00:00Z")
                .queryParam("to", "2026-11-01T00:00:00Z").get("/api/v1/reporters/leaderboard"));

        // Feedback on the rider's own (not yet resolved) report: the body's shape first, then 409
        String own = UUID.randomUUID().toString();
        postReport(202, "a report to answer", with("\"reportId\":\"" + own + "\""));
        for (String body : List.of("{", "[]", "{}", "{\"fixed\":\"true\"}", "{\"fixed\":1}", "{\"fixed\":null}",
                "{\"fixed\":true,\"comment\":5}", "{\"fixed\":true,\"comment\":\"" + "x".repeat(1001) + "\"}",
                "{\"fixed\":true,\"comment\":\"a\\u0000b\"}")) {
            expect(400, "feedback " + RequestLedger.shorten(body), () -> intake(riderToken).contentType(JSON).body(body)
                    .post(REPORTS + "/{id}/feedback", own));
        }
        expect(409, "feedback before the fix", () -> intake(riderToken).contentType(JSON).body("{\"fixed\":true}")
                .post(REPORTS + "/{id}/feedback", own));
        expect(415, "feedback as text", () -> intake(riderToken).contentType("text/plain").body("yes")
                .post(REPORTS + "/{id}/feedback", own));
        assertNoMismatch();
    }

    @Test
    @Order(2)
    void open311RefusesBadInputInItsOwnErrorFormat() {
        for (String path : List.of("/open311/v2/services.html", "/open311/v2/services/NO_SUCH.json", "/open311/v2/services/%00.json",
                "/open311/v2/services.json?jurisdiction_id=elsewhere", "/open311/v2/requests/nope.xml?api_key=dev-hotline-key")) {
            expect(404, "Open311 GET " + path, () -> raw().get(gridwatch.intake() + path));
        }
        Map<String, String> ok = Map.of("api_key", "dev-hotline-key", "service_code", "OTHER", "lat", "34.26", "long", "117.29");
        List<Case> posts = List.of(
                new Case(403, Map.of("api_key", "")),
                new Case(400, Map.of("service_code", "")),
                new Case(422, Map.of("service_code", "NO_SUCH_SERVICE")),
                new Case(400, Map.of("lat", "north")),
                new Case(400, Map.of("lat", "NaN")),
                new Case(400, Map.of("long", "Infinity")),
                new Case(400, Map.of("lat", "91")),
                new Case(400, Map.of("lat", "1e400")),
                new Case(400, Map.of("account_id", "caller\u00001")),
                new Case(400, Map.of("account_id", "a".repeat(200))),
                new Case(400, Map.of("description", "d".repeat(5000))),
                new Case(400, Map.of("description", "a\u0000b")),
                new Case(413, Map.of("description", "d".repeat(70_000))));
        for (Case post : posts) {
            Map<String, String> form = new LinkedHashMap<>(ok);
            form.putAll(post.change());
            expect(post.status(), "Open311 POST " + RequestLedger.shorten(post.change().toString()), () -> given().filter(LEDGER)
                    .baseUri(gridwatch.intake()).contentType("application/x-www-form-urlencoded").formParams(form)
                    .post("/open311/v2/requests.json"));
        }
        expect(415, "Open311 POST as JSON", () -> given().filter(LEDGER).baseUri(gridwatch.intake()).contentType(JSON)
                .body("{\"service_code\":\"OTHER\"}").post("/open311/v2/requests.xml"));
        for (Map.Entry<String, String> q : Map.of("start_date", "yesterday", "end_date", "2026-13-01T00:00:00Z", "status", "pending")
                .entrySet()) {
            expect(400, "Open311 search " + q.getKey(), () -> given().filter(LEDGER).baseUri(gridwatch.intake())
                    .queryParam("api_key", "dev-hotline-key").queryParam(q.getKey(), q.getValue()).get("/open311/v2/requests.json"));
        }
        expect(400, "Open311 search in the year 999999999", () -> given().filter(LEDGER).baseUri(gridwatch.intake())
                .queryParam("api_key", "dev-hotline-key").queryParam("start_date", "+999999999-01-01T00:00:00Z")
                .queryParam("end_date", "+999999999-02-01T00:00:00Z").get("/open311/v2/requests.json"));
        // SQL in the search arguments finds nothing rather than everything
        for (String key : List.of("service_code", "service_request_id")) {
            expect(200, "Open311 search " + key + " with SQL", () -> given().filter(LEDGER).baseUri(gridwatch.intake())
                    .queryParam("api_key", "dev-hotline-key").queryParam(key, "' OR '1'='1")
                    .get("/open311/v2/requests.json"), r -> r.then().body("size()", equalTo(0)));
        }
        assertNoMismatch();
    }

    @Test
    @Order(3)
    void routingAdminApiRefusesBadInputAndTheDemoCityStaysAsItWas() {
        String cityBefore = routing(admin).get("/api/v1/areas/YL").then().statusCode(200).extract().asString();
        long rulesBefore = routing(admin).get("/api/v1/routing-rules").then().statusCode(200).extract().<Number>path("ruleSetVersion")
                .longValue();
        String categoryBefore = routing(admin).get("/api/v1/categories/CIVIC_SUGGESTION").then().statusCode(200).extract().asString();

        // Invalid GeoJSON only. None has a valid CITY, so none can replace the demo city even if a check were missing.
        String poly = "{\"type\":\"Polygon\",\"coordinates\":[[[117.3,34.2],[117.31,34.2],[117.31,34.21],[117.3,34.2]]]}";
        List<String> bad = List.of("{", "[]", "null", "{\"type\":\"FeatureCollection\"}", "{\"type\":\"FeatureCollection\",\"features\":{}}",
                "{\"type\":\"FeatureCollection\",\"features\":[null,1,\"x\",[]]}",
                "{\"type\":\"FeatureCollection\",\"features\":[]}",
                feature("{\"type\":\"Polygon\",\"coordinates\":[[[NaN,1],[2,2],[3,3],[NaN,1]]]}", "SEC-G1", "GRID", "SEC-X"),
                feature("{\"type\":\"Polygon\",\"coordinates\":[[[1e400,1],[2,2],[3,3],[1e400,1]]]}", "SEC-G1", "GRID", "SEC-X"),
                feature("{\"type\":\"Polygon\",\"coordinates\":[[[\"a\",1],[2,2],[3,3],[\"a\",1]]]}", "SEC-G1", "GRID", "SEC-X"),
                feature("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}", "SEC-G1", "GRID", "SEC-X"),
                feature("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1]]]}", "SEC-G1", "GRID", "SEC-X"),
                feature("{\"type\":\"Polygon\",\"coordinates\":[[[]]]}", "SEC-G1", "GRID", "SEC-X"),
                feature("{\"type\":\"Polygon\",\"coordinates\":[[[1]]]}", "SEC-G1", "GRID", "SEC-X"),
                feature("{\"type\":\"Polygon\",\"coordinates\":[[[200,95],[201,95],[201,96],[200,95]]]}", "SEC-G1", "GRID", "SEC-X"),
                feature("{\"type\":\"Point\",\"coordinates\":[117.3,34.2]}", "SEC-G1", "GRID", "SEC-X"),
                feature("{\"type\":\"GeometryCollection\",\"geometries\":[]}", "SEC-G1", "GRID", "SEC-X"),
                feature("null", "SEC-G1", "GRID", "SEC-X"),
                feature(poly, "bad code!", "PLANET", null),
                feature(poly, "\u0000", "GRID", "SEC-X"),
                feature(poly, "x".repeat(100), "GRID", "SEC-X").replace("\"name\":\"probe\"", "\"name\":\"" + "n".repeat(300) + "\""),
                // two cities (an import has exactly one), and a grid that names no parent in the import
                "{\"type\":\"FeatureCollection\",\"features\":[" + inner(poly, "SEC-C1", "CITY", null) + ","
                        + inner(poly, "SEC-C2", "CITY", null) + "," + inner(poly, "SEC-G9", "GRID", "SEC-NOWHERE") + "]}",
                // a city with a grid that names no parent in the import
                "{\"type\":\"FeatureCollection\",\"features\":[" + inner("null", "SEC-C1", "CITY", null) + ","
                        + inner(poly, "SEC-G9", "GRID", "SEC-NOWHERE") + "]}",
                "{\"type\":\"FeatureCollection\",\"features\":[" + "[".repeat(2000) + "]".repeat(2000) + "]}");
        for (String body : bad) {
            expectStatusIn(List.of(400, 422), "areas " + RequestLedger.shorten(body), () -> routing(admin)
                    .contentType("application/geo+json").body(body).put("/api/v1/areas"));
        }
        expect(415, "areas as text", () -> routing(admin).contentType("text/plain").body("{}").put("/api/v1/areas"));

        for (String code : List.of("NOPE", "\u0000", "x".repeat(1000))) {
            expect(404, "area " + RequestLedger.shorten(code), () -> routing(admin).get("/api/v1/areas/{code}", code));
        }
        for (String[] point : new String[][] {{"NaN", "117.3"}, {"34.2", "Infinity"}, {"1e308", "-1e308"}, {"91", "0"},
                {"abc", "117"}, {"", ""}, {"34.2", null}}) {
            expect(400, "locate " + point[0] + "," + point[1], () -> {
                RequestSpecification r = routing(admin).queryParam("lat", point[0]);
                return (point[1] == null ? r : r.queryParam("lon", point[1])).get("/api/v1/areas/locate");
            });
        }
        expect(200, "locate the north-east corner of the world", () -> routing(admin).queryParam("lat", "90").queryParam("lon", "180")
                .get("/api/v1/areas/locate"), r -> r.then().body("unlocated", equalTo(true)));

        // Categories: bad codes and bodies (never a valid one: the catalogue stays as it is)
        expect(404, "category NOPE", () -> routing(admin).get("/api/v1/categories/{c}", "NOPE"));
        expect(400, "category with NUL", () -> routing(admin).get("/api/v1/categories/{c}", "OTHER\u0000"));
        String cat = "{\"nameZh\":\"建议\",\"nameEn\":\"Suggestion\",\"priority\":\"P3\",\"dedupRadiusM\":0,\"dedupWindowHours\":0,"
                + "\"open311Group\":\"Other\",\"keywords\":[],\"active\":true";
        Map<String, CategoryCase> categoryProbes = new LinkedHashMap<>();
        categoryProbes.put("{", new CategoryCase(400, "CIVIC_SUGGESTION"));
        categoryProbes.put(cat + ",\"priority\":\"P9\"}", new CategoryCase(400, "CIVIC_SUGGESTION"));
        categoryProbes.put(cat + ",\"dedupRadiusM\":-1}", new CategoryCase(400, "CIVIC_SUGGESTION"));
        categoryProbes.put(cat + ",\"dedupRadiusM\":\"far\"}", new CategoryCase(400, "CIVIC_SUGGESTION"));
        categoryProbes.put(cat + ",\"dedupWindowHours\":99999999999}", new CategoryCase(400, "CIVIC_SUGGESTION"));
        categoryProbes.put(cat + ",\"nameZh\":\"" + "名".repeat(101) + "\"}", new CategoryCase(400, "CIVIC_SUGGESTION"));
        categoryProbes.put(cat + ",\"keywords\":[" + IntStream.range(0, 31).mapToObj(i -> "\"k\"").collect(Collectors.joining(","))
                + "]}", new CategoryCase(400, "CIVIC_SUGGESTION"));
        categoryProbes.put(cat + ",\"nameZh\":\"建议\\u0000\"}", new CategoryCase(400, "CIVIC_SUGGESTION"));
        categoryProbes.put(cat + ",\"code\":\"OTHER\"}", new CategoryCase(422, "CIVIC_SUGGESTION"));
        categoryProbes.put(cat + "}", new CategoryCase(400, "not a code"));
        categoryProbes.forEach((body, probe) -> expect(probe.status(), "PUT category " + probe.code() + " "
                + RequestLedger.shorten(body), () -> routing(admin).contentType(JSON).body(body).put("/api/v1/categories/{c}", probe.code())));

        // Departments and rules: unknown references, bad shapes (never a valid change)
        expect(404, "department NOPE", () -> routing(admin).get("/api/v1/departments/{d}", "D-NOPE"));
        expect(400, "department with NUL", () -> routing(admin).get("/api/v1/departments/{d}", "D-\u0000"));
        for (String body : List.of("{", "{\"id\":\"D-OTHER\",\"name\":\"x\",\"areaCode\":\"YL-JW\"}",
                "{\"id\":\"D-STREET-JW-03\",\"name\":\"" + "n".repeat(201) + "\",\"areaCode\":\"YL-JW\"}",
                "{\"id\":\"D-STREET-JW-03\",\"name\":\"x\",\"areaCode\":\"YL-NOWHERE\"}",
                "{\"id\":\"D-STREET-JW-03\",\"name\":5,\"areaCode\":[]}")) {
            expectStatusIn(List.of(400, 422), "PUT department " + RequestLedger.shorten(body), () -> routing(admin).contentType(JSON)
                    .body(body).put("/api/v1/departments/{d}", "D-STREET-JW-03"));
        }
        for (String body : List.of("{", "{\"category\":\"OTHER\",\"areaCode\":\"YL-JW\",\"departmentId\":\"D-NO-SUCH\"}",
                "{\"category\":\"OTHER\",\"areaCode\":\"YL-NOWHERE\",\"departmentId\":\"D-OPS-YL\"}",
                "{\"category\":\"NO_SUCH\",\"areaCode\":\"YL-JW\",\"departmentId\":\"D-OPS-YL\"}",
                "{\"category\":\"OTHER\",\"areaCode\":\"YL-JW\",\"departmentId\":\"D-NO-SUCH\",\"priority\":\"P9\"}",
                "{\"category\":\"OTHER\",\"areaCode\":\"YL-JW\",\"departmentId\":\"D-NO-SUCH\",\"resolveHours\":-5}",
                "{\"category\":\"OTHER\",\"areaCode\":\"YL-JW\",\"departmentId\":\"D-NO-SUCH\",\"resolveHours\":99999999999}",
                "{\"id\":\"bad id!\",\"category\":\"OTHER\",\"areaCode\":\"YL-JW\",\"departmentId\":\"D-NO-SUCH\"}",
                "{\"category\":\"OTHER\\u0000\",\"areaCode\":\"YL-JW\\u0000\",\"departmentId\":\"D-OPS-YL\\u0000\"}")) {
            expectStatusIn(List.of(400, 422), "POST rule " + RequestLedger.shorten(body), () -> routing(admin).contentType(JSON)
                    .body(body).post("/api/v1/routing-rules"));
        }
        expect(404, "PUT unknown rule", () -> routing(admin).contentType(JSON)
                .body("{\"category\":\"OTHER\",\"areaCode\":\"YL-JW\",\"departmentId\":\"D-OPS-YL\"}").put("/api/v1/routing-rules/{r}", "R-SEC-NONE"));
        expect(400, "DELETE rule with NUL", () -> routing(admin).delete("/api/v1/routing-rules/{r}", "R-\u0000"));
        expect(404, "DELETE unknown rule", () -> routing(admin).delete("/api/v1/routing-rules/{r}", "R-SEC-NONE"));

        // Simulation and decisions
        for (String body : List.of("{", "{\"category\":\"OTHER\",\"lat\":NaN,\"lon\":117.2}",
                "{\"category\":\"OTHER\",\"lat\":1e999,\"lon\":117.2}", "{\"category\":\"OTHER\",\"lat\":34.2,\"lon\":-181}",
                "{\"category\":null,\"lat\":null,\"lon\":117.2}", "{\"category\":\"" + "A".repeat(5000) + "\",\"lat\":34.2,\"lon\":117.2}",
                "{\"category\":\"OTHER\\u0000\",\"lat\":34.2,\"lon\":117.2}", "[]")) {
            expect(400, "simulate " + RequestLedger.shorten(body), () -> routing(admin).contentType(JSON).body(body)
                    .post("/api/v1/routing/simulate"));
        }
        for (String id : List.of("not-a-uuid", "\u0000", UUID.randomUUID().toString())) {
            expect(404, "decision " + RequestLedger.shorten(id), () -> routing(admin).get("/api/v1/routing/decisions/{id}", id));
        }

        // Nothing changed: the demo city, the rule set and the catalogue.
        assertEquals(cityBefore, routing(admin).get("/api/v1/areas/YL").then().statusCode(200).extract().asString());
        routing(admin).queryParam("lat", "34.27").queryParam("lon", "117.12").get("/api/v1/areas/locate").then().statusCode(200)
                .body("gridCode", equalTo("YL-GL-01-03-G06"));
        assertEquals(rulesBefore, routing(admin).get("/api/v1/routing-rules").then().statusCode(200).extract()
                .<Number>path("ruleSetVersion").longValue());
        assertEquals(categoryBefore, routing(admin).get("/api/v1/categories/CIVIC_SUGGESTION").then().statusCode(200).extract().asString());
        assertNoMismatch();
    }

    @Test
    @Order(4)
    void resolutionRefusesBadInputAndTheTicketStaysAsItWas() {
        String staff = filed.staffToken();
        String ticket = filed.ticketId();
        for (Map.Entry<String, String> q : Map.of("status", "DONE", "overdue", "maybe", "limit", "ten", "cursor", "!!!").entrySet()) {
            expectBadOr200("tickets " + q, 400, q.getKey(), () -> resolution(staff).queryParam(q.getKey(), q.getValue()).get("/api/v1/tickets"));
        }
        expectBadOr200("tickets cursor with NUL", 400, "cursor", () -> resolution(staff)
                .queryParam("cursor", base64("2026-11-22T08:00:00Z\u001fT-\u0000")).get("/api/v1/tickets"));
        expect(400, "tickets cursor in the year 999999999", () -> resolution(staff)
                .queryParam("cursor", base64("+999999999-12-31T23:59:59Z\u001fT-1")).get("/api/v1/tickets"));
        expect(400, "tickets area with NUL", () -> resolution(staff).queryParam("area", "YL\u0000").get("/api/v1/tickets"));
        for (Map.Entry<String, String> q : Map.of("category", "' OR '1'='1", "area", "%").entrySet()) {
            expect(200, "tickets " + q.getKey() + " with SQL", () -> resolution(staff).queryParam(q.getKey(), q.getValue())
                    .get("/api/v1/tickets"), r -> r.then().body("items.size()", equalTo(0)));
        }
        for (String id : List.of("' OR 1=1 --", "x".repeat(1000), "T-" + UUID.randomUUID())) {
            expect(404, "ticket " + RequestLedger.shorten(id), () -> resolution(staff).get("/api/v1/tickets/{id}", id));
        }
        expect(400, "ticket id with NUL", () -> resolution(staff).get("/api/v1/tickets/{id}", "T-\u0000"));

        // Actions on the class's own ticket (version 1): every one refused, so it must stay at version 1
        expect(404, "unknown action", () -> act(staff, ticket, "explode", "\"1\"", "{}"));
        expect(428, "no If-Match", () -> resolution(staff).contentType(JSON).body("{}").post("/api/v1/tickets/{id}/accept", ticket));
        for (String tag : List.of("banana", "\"99999999999999999999\"", "W/", "\"-1\"", "*")) {
            expect(412, "If-Match " + tag, () -> act(staff, ticket, "accept", tag, "{}"));
        }
        for (String body : List.of("{", "[]", "{\"evidenceUrls\":[null]}", "{\"note\":\"on it\",\"evidenceUrls\":[\"https://a.example/1\",null]}",
                "{\"note\":{\"text\":\"x\"}}", "{\"note\":\"" + "n".repeat(4001) + "\"}", "{\"evidenceUrls\":\"x\"}",
                "{\"note\":\"fixed\",\"evidenceUrls\":[\"javascript:alert(1)\"]}", "{\"note\":\"fixed\",\"evidenceUrls\":["
                        + IntStream.range(0, 11).mapToObj(i -> "\"https://a.example/" + i + "\"").collect(Collectors.joining(","))
                        + "]}", "{\"note\":\"on it\\u0000\"}")) {
            expect(400, "accept " + RequestLedger.shorten(body), () -> act(staff, ticket, "accept", "\"1\"", body));
        }
        expectStatusIn(List.of(400, 409), "resolve without a note", () -> act(staff, ticket, "resolve", "\"1\"", "{}"));
        expect(415, "accept as text", () -> resolution(staff).header("If-Match", "\"1\"").contentType("text/plain").body("ok")
                .post("/api/v1/tickets/{id}/accept", ticket));
        resolution(staff).get("/api/v1/tickets/{id}", ticket).then().statusCode(200).header("ETag", "\"1\"")
                .body("status", equalTo("ASSIGNED"));

        // Statistics: unknown groupBy and level, bad and extreme dates, foreign or odd areas
        String stats = "/api/v1/stats/resolution";
        Map<String, String> good = Map.of("groupBy", "department", "from", "2026-01-01", "to", "2100-01-01");
        List<Case> statsProbes = List.of(
                new Case(400, Map.of("groupBy", "planet")), new Case(400, Map.of("groupBy", "")),
                new Case(400, Map.of("from", "yesterday")), new Case(400, Map.of("to", "2026-13-01")),
                new Case(400, Map.of("from", "2100-01-01")), new Case(400, Map.of("level", "PLANET")),
                new Case(400, Map.of("level", "0")), new Case(400, Map.of("level", "99")),
                new Case(400, Map.of("minTickets", "many")), new Case(400, Map.of("minTickets", "-1")),
                new Case(400, Map.of("minTickets", "99999999999")),
                new Case(200, Map.of("from", "0001-01-01", "to", "9999-12-31", "groupBy", "month")),
                new Case(400, Map.of("from", "-999999999-01-01T00:00:00Z", "to", "+999999999-12-31T23:59:59Z", "groupBy", "day")),
                new Case(400, Map.of("to", "+10000-01-01T00:00:00Z", "groupBy", "week")),
                new Case(200, Map.of("from", "2026-01-01T00:00:00+18:00", "to", "2026-01-02T00:00:00-18:00", "groupBy", "week")),
                new Case(403, Map.of("area", "x".repeat(1000))), new Case(403, Map.of("area", "' OR 1=1 --")),
                new Case(200, Map.of("category", "' OR '1'='1")), new Case(200, Map.of("department", "\u0000")));
        for (Case probe : statsProbes) {
            Map<String, String> params = new LinkedHashMap<>(good);
            params.putAll(probe.change());
            expect(probe.status(), "stats " + RequestLedger.shorten(probe.change().toString()), () -> resolution(supervisor)
                    .queryParams(params).get(stats));
        }
        expect(406, "stats as XML", () -> resolution(supervisor).accept("application/xml").queryParams(good).get(stats));
        for (Map.Entry<String, String> q : Map.of("cursor", "!!!", "limit", "ten", "area", "YL-GL").entrySet()) {
            expectStatusIn(List.of(400, 403), "overdue " + q, () -> resolution(supervisor).queryParam(q.getKey(), q.getValue())
                    .get("/api/v1/stats/overdue"));
        }
        expect(400, "overdue cursor in the year 999999999", () -> resolution(supervisor)
                .queryParam("cursor", base64("+999999999-12-31T23:59:59Z\u001fT-1")).get("/api/v1/stats/overdue"));
        expect(400, "overdue cursor with NUL", () -> resolution(supervisor).queryParam("cursor", base64("2026-11-22T08:00:00Z\u001fT-\u0000"))
                .get("/api/v1/stats/overdue"));
        assertNoMismatch();
    }

    @Test
    @Order(5)
    void crAndLfInHeadersNeitherInjectHeadersNorBreakAnything() {
        String report = "{\"category\":\"OTHER\",\"description\":\"header probe\",\"location\":{\"lat\":34.26,\"lon\":117.29}}";
        String post = "POST /api/v1/reports HTTP/1.1\r\nAuthorization: Bearer " + riderToken + "\r\nContent-Type: application/json\r\n";
        // A bare CR, a bare LF or a NUL inside a header value: the HTTP layer refuses the request (400, no body)
        for (String value : List.of("abc\rX-Injected: yes", "abc\nX-Injected: yes", "abc\u0000def")) {
            rawExpect(400, "Idempotency-Key with " + RequestLedger.shorten(value.replaceAll("[\r\n\u0000]", "?")), gridwatch.intake(),
                    post + "Idempotency-Key: " + value + "\r\n", report);
        }
        // CRLF ends the header: the rest is a header of its own, sent by the client itself; nothing is reflected
        RawHttp.Answer split = rawExpect(202, "Idempotency-Key with CRLF", gridwatch.intake(),
                post + "Idempotency-Key: sweep-" + UUID.randomUUID() + "\r\nX-Injected: yes\r\n", report);
        assertFalse(split.headers().containsKey("x-injected"), split.headers().toString());
        String act = "POST /api/v1/tickets/" + filed.ticketId() + "/accept HTTP/1.1\r\nAuthorization: Bearer " + filed.staffToken()
                + "\r\nContent-Type: application/json\r\n";
        rawExpect(400, "If-Match with a bare CR", gridwatch.resolution(), act + "If-Match: \"1\"\rX-Injected: yes\r\n", "{}");
        rawExpect(400, "If-Match with a bare LF", gridwatch.resolution(), act + "If-Match: \"1\"\nX-Injected: yes\r\n", "{}");
        RawHttp.Answer stale = rawExpect(412, "If-Match with CRLF", gridwatch.resolution(),
                act + "If-Match: banana\r\nX-Injected: yes\r\n", "{}");
        assertFalse(stale.headers().containsKey("x-injected"), stale.headers().toString());
        // Percent-encoded CRLF in a path is data: a 404, and no header made of it
        for (String base : List.of(gridwatch.intake(), gridwatch.resolution())) {
            String path = base.equals(gridwatch.intake()) ? "/api/v1/reports/x%0d%0aSet-Cookie:%20evil=1"
                    : "/api/v1/tickets/x%0d%0aSet-Cookie:%20evil=1";
            String token = base.equals(gridwatch.intake()) ? riderToken : filed.staffToken();
            RawHttp.Answer answer = rawExpect(404, "encoded CRLF in " + path, base,
                    "GET " + path + " HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\n", null);
            assertFalse(answer.headers().containsKey("set-cookie"), answer.headers().toString());
        }
        // A header far beyond the HTTP layer's limit
        rawExpect(431, "header of 20 KB", gridwatch.intake(), "GET /api/v1/reports HTTP/1.1\r\nAuthorization: Bearer " + riderToken
                + "\r\nX-Padding: " + "p".repeat(20_000) + "\r\n", null);
        resolution(filed.staffToken()).get("/api/v1/tickets/{id}", filed.ticketId()).then().statusCode(200).header("ETag", "\"1\"");
        assertNoMismatch();
    }

    @Test
    @Order(6)
    void sqlAndScriptStringsAreStoredAndGivenBackExactly() {
        String id = UUID.randomUUID().toString();
        String body = Filed.json(Map.of("reportId", id, "category", "OTHER", "description", EVIL,
                "location", Map.of("lat", 34.23, "lon", 117.31), "address", EVIL_TOO,
                "mediaUrls", List.of("https://img.example.cn/a.jpg?q=%27%3Balert(1)%3B%27&x=<b>"),
                "attributes", Map.of("platform", EVIL, "<b>key</b>", EVIL_TOO)));
        expect(202, "report with SQL and script", () -> intake(riderToken).contentType(JSON).body(body).post(REPORTS));
        Response view = intake(riderToken).get(REPORTS + "/{id}", id);
        view.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith(JSON))
                .body("description", equalTo(EVIL))
                .body("address", equalTo(EVIL_TOO))
                .body("mediaUrls[0]", equalTo("https://img.example.cn/a.jpg?q=%27%3Balert(1)%3B%27&x=<b>"));
        // The resend of the same report is recognised by its exact content, and the list shows it too
        expect(202, "resend of the report with SQL and script", () -> intake(riderToken).contentType(JSON).body(body).post(REPORTS));
        intake(riderToken).queryParam("limit", 200).get(REPORTS).then().statusCode(200).body("items.reportId", hasItem(id));

        // Staff's note on the ticket: stored, shown to staff and to the rider exactly as written
        Response accepted = act(filed.staffToken(), filed.ticketId(), "accept", "\"1\"", Filed.json(Map.of("note", EVIL_TOO)));
        accepted.then().statusCode(200).body("history[1].note", equalTo(EVIL_TOO));
        resolution(filed.staffToken()).get("/api/v1/tickets/{id}", filed.ticketId()).then().statusCode(200)
                .body("history[1].note", equalTo(EVIL_TOO)).body("history[1].actor", equalTo("staff:clerk:" + filed.department()));
        await().atMost(WAIT).untilAsserted(() -> intake(filed.riderToken()).get(REPORTS + "/{id}", filed.reportId()).then()
                .statusCode(200).body("status", equalTo("ACCEPTED")).body("history.note", hasItem(EVIL_TOO)));
        // Nothing was dropped on the way: the reporting tables still answer
        intake(riderToken).get(REPORTS).then().statusCode(200);
        resolution(filed.staffToken()).get("/api/v1/tickets").then().statusCode(200);
        assertNoMismatch();
        assertTrue(LEDGER.faults().isEmpty(), LEDGER.faults().size() + " contract fault(s):\n" + String.join("\n", LEDGER.faults()));
    }

    // ---- probes ---------------------------------------------------------------------------------------------

    private static void postReport(int status, String what, String body) {
        expect(status, "POST report " + what, () -> intake(riderToken).contentType(JSON).body(body).post(REPORTS));
    }

    private static void expect(int status, String what, Supplier<Response> call) {
        expect(status, what, call, r -> { });
    }

    /** Sends, and notes a mismatch if the status is not {@code status} or {@code more} fails on the answer. */
    private static void expect(int status, String what, Supplier<Response> call, java.util.function.Consumer<Response> more) {
        Response r = call.get();
        if (r.statusCode() != status) {
            MISMATCHES.add("%s: expected %d, got %d %s".formatted(what, status, r.statusCode(), RequestLedger.shorten(r.asString())));
            return;
        }
        try {
            more.accept(r);
        } catch (AssertionError e) {
            MISMATCHES.add(what + ": " + e.getMessage().strip());
        }
    }

    private static void expectStatusIn(List<Integer> statuses, String what, Supplier<Response> call) {
        Response r = call.get();
        if (!statuses.contains(r.statusCode())) {
            MISMATCHES.add("%s: expected one of %s, got %d %s".formatted(what, statuses, r.statusCode(), RequestLedger.shorten(r.asString())));
        }
    }

    /** {@code status}, and for a 400 the problem names {@code field}. */
    private static void expectBadOr200(String what, int status, String field, Supplier<Response> call) {
        expect(status, what, call, r -> {
            if (status == 400) {
                r.then().body("errors.field", hasItem(field));
            }
        });
    }

    private static RawHttp.Answer rawExpect(int status, String what, String base, String head, String body) {
        RawHttp.Answer answer = RawHttp.send(base, head, body);
        String method = head.substring(0, head.indexOf(' '));
        String path = head.substring(head.indexOf(' ') + 1, head.indexOf(" HTTP/1.1"));
        LEDGER.record(method, base + path, answer.status(), answer.contentType(), answer.body());
        if (answer.status() != status) {
            MISMATCHES.add("%s: expected %d, got %d %s".formatted(what, status, answer.status(), RequestLedger.shorten(answer.body())));
        }
        return answer;
    }

    private static void assertNoMismatch() {
        List<String> found = new ArrayList<>(MISMATCHES);
        MISMATCHES.clear();
        found.forEach(m -> System.out.println("MISMATCH " + m));
        List<String> faults = LEDGER.faults();
        faults.forEach(f -> System.out.println("FAULT " + f));
        assertTrue(found.isEmpty() && faults.isEmpty(), found.size() + " mismatch(es), " + faults.size() + " contract fault(s):\n"
                + String.join("\n", found) + "\n" + String.join("\n", faults));
    }

    // ---- requests -------------------------------------------------------------------------------------------

    private static RequestSpecification intake(String token) {
        return given().filter(LEDGER).baseUri(gridwatch.intake()).auth().oauth2(token);
    }

    private static RequestSpecification routing(String token) {
        return given().filter(LEDGER).baseUri(gridwatch.routing()).auth().oauth2(token);
    }

    private static RequestSpecification resolution(String token) {
        return given().filter(LEDGER).baseUri(gridwatch.resolution()).auth().oauth2(token);
    }

    /** For paths given already percent-encoded. */
    private static RequestSpecification raw() {
        return given().filter(LEDGER).urlEncodingEnabled(false);
    }

    private static Response act(String token, String ticketId, String action, String ifMatch, String body) {
        return resolution(token).header("If-Match", ifMatch).contentType(JSON).body(body)
                .post("/api/v1/tickets/{id}/{action}", ticketId, action);
    }

    /**
     * A valid report body (OTHER, in Jiawang) with {@code members} ({@code "key":rawJson}) replacing or adding
     * members, so that a probe differs from a valid report in one thing only.
     */
    private static String with(String... members) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("category", "\"OTHER\"");
        body.put("description", "\"probe\"");
        body.put("location", "{\"lat\":34.26,\"lon\":117.29}");
        for (String member : members) {
            int colon = member.indexOf("\":") + 1;
            body.put(member.substring(1, colon - 1), member.substring(colon + 1));
        }
        return body.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
    }

    private static String feature(String geometry, String code, String level, String parent) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + inner(geometry, code, level, parent) + "]}";
    }

    private static String inner(String geometry, String code, String level, String parent) {
        return "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{\"code\":" + Filed.json(code)
                + ",\"name\":\"probe\",\"level\":\"" + level + "\",\"parentCode\":" + (parent == null ? "null" : "\"" + parent + "\"") + "}}";
    }

    private static String base64(String s) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
