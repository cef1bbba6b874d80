package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.gridwatch.infra.DevJwt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint of the three services × every caller: the four roles (each in scope: the report's rider, its
 * department's staff, the supervisor of its district, an admin), a valid token without a GridWatch role, no token,
 * and tokens that must be refused (expired, wrong issuer, another key, {@code alg: none}, HS256 keyed with the
 * public key, a tampered payload, garbage, another application's audience or none, and claims of the wrong type:
 * {@code dept}, {@code area}, {@code groups}, {@code sub}, {@code upn}, {@code exp}, {@code iss}; see {@link Tokens}).
 * An admin token issued to two audiences, GridWatch among them, is an admin. Expected statuses are those of the resources' {@code @RolesAllowed}
 * and the services' READMEs (DESIGN.md section 8): 401 for a missing or bad token (also on Open311 and health, where
 * Quarkus authenticates any token sent before the endpoint is chosen), 403 for a wrong role, and the role's own
 * answer otherwise. Every mismatch is collected and reported at once. No answer to the in-scope roles or to a
 * refused caller may carry another rider's report, ticket or identity.
 */
@ExtendWith(SystemStack.class)
class AuthorizationMatrixIT {

    private enum Service { INTAKE, ROUTING, RESOLUTION }

    /**
     * One endpoint and the status each caller gets.
     *
     * @param open      no role needed (Open311, health): a valid token without a role gets what no token gets
     * @param leakCheck whether the answer must not mention the other rider's objects (off for reference data an
     *                  admin or anyone may list, such as departments)
     */
    private record Row(Service service, String method, String path, Function<String, RequestSpecification> request,
                       int reporter, int staff, int supervisor, int admin, int anonymous, boolean open, boolean leakCheck) {

        String name() {
            return method + " " + service.name().toLowerCase() + " " + path;
        }
    }

    private static SystemStack.Services gridwatch;
    private static final RequestLedger LEDGER = new RequestLedger("AuthorizationMatrixIT");

    /** The caller's report (CIVIC_SUGGESTION, Jiawang: its street office D-STREET-JW-02). */
    private static Filed mine;
    /** Another rider's report in Tongshan, for another street office: nobody above may see it. */
    private static Filed theirs;

    private static long reportsBefore;

    @BeforeAll
    static void fileTwoReports(SystemStack.Services services) {
        gridwatch = services;
        reportsBefore = Filed.settledCityReports(gridwatch);
        String run = UUID.randomUUID().toString().substring(0, 8);
        mine = Filed.file(gridwatch, "sec-matrix:" + run, "CIVIC_SUGGESTION", 34.28, 117.30,
                "Add a bench at the bus stop", "D-STREET-JW-02", "YL-JW-02-04-G01");
        theirs = Filed.file(gridwatch, "sec-other:" + run, "CIVIC_SUGGESTION", 34.15, 117.30,
                "More bike racks by the market", "D-STREET-TS-02", "YL-TS-02-02-G04");
    }

    @Test
    void everyEndpointAnswersEveryCallerAsDesignedAndLeaksNothing() {
        long t0 = System.nanoTime();
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("reporter", mine.riderToken());
        callers.put("staff", mine.staffToken());
        callers.put("supervisor", DevJwt.forRole("supervisor").subject("sup:jw").area("YL-JW").sign());
        callers.put("admin", DevJwt.forRole("admin").subject("admin:sec").sign());
        callers.put("admin, two audiences", DevJwt.forRole("admin").subject("admin:sec2").audience("city-parking", DevJwt.AUDIENCE).sign());
        callers.put("no role", Tokens.noRole());
        callers.put("no token", null);
        Map<String, String> refused = Tokens.refused();
        callers.putAll(refused);

        List<String> forbidden = List.of(theirs.reportId().toString(), theirs.ticketId(), theirs.rider(),
                theirs.department(), theirs.grid());
        List<String> mismatches = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        List<Row> rows = rows();
        for (Row row : rows) {
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                int expected = expected(row, caller.getKey(), refused.containsKey(caller.getKey()));
                Response answer = send(row, caller.getValue());
                String body = answer.asString();
                if (answer.statusCode() != expected) {
                    mismatches.add("%-60s %-32s expected %d, got %d %s".formatted(row.name(), caller.getKey(), expected,
                            answer.statusCode(), RequestLedger.shorten(body)));
                }
                if (answer.statusCode() == 401 && !String.valueOf(answer.header("WWW-Authenticate")).startsWith("Bearer")) {
                    mismatches.add(row.name() + " " + caller.getKey() + ": 401 without WWW-Authenticate: Bearer");
                }
                if (row.leakCheck() && !caller.getKey().startsWith("admin")) {
                    forbidden.stream().filter(body::contains).forEach(id -> leaks.add(
                            row.name() + " to " + caller.getKey() + " mentions " + id + ": " + RequestLedger.shorten(body)));
                }
            }
        }
        System.out.printf("%s; %d endpoints x %d callers in %d ms%n", LEDGER.summary(), rows.size(), callers.size(),
                (System.nanoTime() - t0) / 1_000_000);
        mismatches.forEach(m -> System.out.println("MISMATCH " + m));
        leaks.forEach(l -> System.out.println("LEAK " + l));
        LEDGER.faults().forEach(f -> System.out.println("FAULT " + f));
        Filed.awaitCounted(gridwatch, reportsBefore, mine.riderToken(), theirs.riderToken());
        assertTrue(mismatches.isEmpty() && leaks.isEmpty() && LEDGER.faults().isEmpty(),
                mismatches.size() + " mismatch(es), " + leaks.size() + " leak(s), " + LEDGER.faults().size()
                        + " contract fault(s):\n" + String.join("\n", mismatches) + "\n" + String.join("\n", leaks) + "\n"
                        + String.join("\n", LEDGER.faults()));
    }

    private static int expected(Row row, String caller, boolean refusedToken) {
        if (refusedToken) {
            return 401;
        }
        return switch (caller) {
            case "reporter" -> row.reporter();
            case "staff" -> row.staff();
            case "supervisor" -> row.supervisor();
            case "admin", "admin, two audiences" -> row.admin();
            case "no role" -> row.open() ? row.anonymous() : 403;
            default -> row.anonymous();
        };
    }

    /** The table: every resource method of the three services (see each service's README), and health. */
    private static List<Row> rows() {
        String report = mine.reportId().toString();
        String ticket = mine.ticketId();
        String noCity = """
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"SEC-G1","name":"probe",
                 "level":"GRID","parentCode":"SEC-C1"},"geometry":{"type":"Polygon","coordinates":[[[117.3,34.2],
                 [117.31,34.2],[117.31,34.21],[117.3,34.2]]]}}]}""";
        String category = """
                {"code":"NOT_OTHER","nameZh":"其他","nameEn":"Other","priority":"P2","dedupRadiusM":0,"dedupWindowHours":0,"active":true}""";
        String stats = "/api/v1/stats/resolution?groupBy=department&from=2026-01-01&to=2100-01-01";
        List<Row> rows = new ArrayList<>();
        // intake: riders' reports (the 202 is a fresh report each time; feedback on an ASSIGNED ticket is 409)
        rows.add(row(Service.INTAKE, "POST", "/api/v1/reports", json(() -> Filed.json(Map.of("reportId", UUID.randomUUID().toString(),
                "category", "OTHER", "description", "Matrix probe", "location", Map.of("lat", 34.27, "lon", 117.28)))), 202, 403, 403, 403, 401));
        rows.add(row(Service.INTAKE, "GET", "/api/v1/reports", none(), 200, 403, 403, 403, 401));
        rows.add(row(Service.INTAKE, "GET", "/api/v1/reports/" + report, none(), 200, 200, 200, 200, 401));
        rows.add(row(Service.INTAKE, "GET", "/api/v1/reports/" + UUID.randomUUID(), none(), 404, 404, 404, 404, 401));
        rows.add(row(Service.INTAKE, "POST", "/api/v1/reports/" + report + "/feedback", json(() -> "{\"fixed\":true}"),
                409, 403, 403, 403, 401));
        rows.add(row(Service.INTAKE, "GET", "/api/v1/categories", none(), 200, 200, 200, 200, 401));
        rows.add(row(Service.INTAKE, "GET", "/api/v1/reporters/leaderboard", none(), 200, 403, 200, 200, 401));
        rows.add(row(Service.INTAKE, "GET", "/api/v1/reporters/me", none(), 200, 403, 403, 403, 401));
        // intake: Open311 (reading is public and shows Open311 requests only; posting takes an api_key, not roles)
        rows.add(open(Service.INTAKE, "GET", "/open311/v2/services.json", none(), 200));
        rows.add(open(Service.INTAKE, "GET", "/open311/v2/services/CIVIC_SUGGESTION.xml", none(), 200));
        rows.add(open(Service.INTAKE, "GET", "/open311/v2/requests.json", none(), 200));
        rows.add(open(Service.INTAKE, "GET", "/open311/v2/requests/" + report + ".json", none(), 404));
        rows.add(open(Service.INTAKE, "GET", "/open311/v2/requests.json?api_key=dev-hotline-key", none(), 200));
        rows.add(open(Service.INTAKE, "GET", "/open311/v2/requests/" + report + ".json?api_key=dev-hotline-key", none(), 404));
        rows.add(open(Service.INTAKE, "POST", "/open311/v2/requests.json", form(), 403));
        // routing: the admin API (admin writes get bodies it refuses, so that the demo city never changes)
        rows.add(row(Service.ROUTING, "PUT", "/api/v1/areas", json(() -> noCity), 403, 403, 403, 422, 401));
        rows.add(row(Service.ROUTING, "GET", "/api/v1/areas/YL-JW", none(), 403, 200, 200, 200, 401));
        rows.add(row(Service.ROUTING, "GET", "/api/v1/areas/locate?lat=34.28&lon=117.30", none(), 200, 200, 200, 200, 401));
        rows.add(row(Service.ROUTING, "GET", "/api/v1/categories", none(), 200, 200, 200, 200, 401));
        rows.add(row(Service.ROUTING, "GET", "/api/v1/categories/OTHER", none(), 200, 200, 200, 200, 401));
        rows.add(row(Service.ROUTING, "PUT", "/api/v1/categories/OTHER", json(() -> category), 403, 403, 403, 422, 401));
        rows.add(reference(row(Service.ROUTING, "GET", "/api/v1/departments", none(), 403, 200, 200, 200, 401)));
        rows.add(row(Service.ROUTING, "GET", "/api/v1/departments/D-STREET-JW-02", none(), 403, 200, 200, 200, 401));
        rows.add(row(Service.ROUTING, "PUT", "/api/v1/departments/D-STREET-JW-02",
                json(() -> "{\"id\":\"D-NOT-THIS\",\"name\":\"x\",\"areaCode\":\"YL-JW\"}"), 403, 403, 403, 422, 401));
        rows.add(reference(row(Service.ROUTING, "GET", "/api/v1/routing-rules", none(), 403, 403, 403, 200, 401)));
        rows.add(row(Service.ROUTING, "POST", "/api/v1/routing-rules",
                json(() -> "{\"category\":\"OTHER\",\"areaCode\":\"YL-JW\",\"departmentId\":\"D-NO-SUCH\"}"), 403, 403, 403, 422, 401));
        rows.add(row(Service.ROUTING, "PUT", "/api/v1/routing-rules/R-SEC-NONE",
                json(() -> "{\"category\":\"OTHER\",\"areaCode\":\"YL-JW\",\"departmentId\":\"D-OPS-YL\"}"), 403, 403, 403, 404, 401));
        rows.add(row(Service.ROUTING, "DELETE", "/api/v1/routing-rules/R-SEC-NONE", none(), 403, 403, 403, 404, 401));
        rows.add(row(Service.ROUTING, "POST", "/api/v1/routing/simulate",
                json(() -> "{\"category\":\"CIVIC_SUGGESTION\",\"lat\":34.28,\"lon\":117.30}"), 403, 403, 403, 200, 401));
        rows.add(row(Service.ROUTING, "GET", "/api/v1/routing/decisions/" + report, none(), 403, 403, 403, 200, 401));
        // resolution: staff of the ticket's department; supervisors' statistics (the accept without If-Match changes nothing)
        rows.add(row(Service.RESOLUTION, "GET", "/api/v1/tickets", none(), 403, 200, 403, 403, 401));
        rows.add(row(Service.RESOLUTION, "GET", "/api/v1/tickets/" + ticket, none(), 403, 200, 403, 403, 401));
        rows.add(row(Service.RESOLUTION, "POST", "/api/v1/tickets/" + ticket + "/accept", json(() -> "{}"), 403, 428, 403, 403, 401));
        rows.add(row(Service.RESOLUTION, "GET", stats, none(), 403, 403, 200, 403, 401));
        rows.add(row(Service.RESOLUTION, "GET", "/api/v1/stats/overdue", none(), 403, 403, 200, 403, 401));
        // health is open (a token, if sent, is still checked)
        for (Service s : Service.values()) {
            rows.add(open(s, "GET", "/q/health", none(), 200));
        }
        return rows;
    }

    private static Row row(Service service, String method, String path, Function<String, RequestSpecification> request,
                           int reporter, int staff, int supervisor, int admin, int anonymous) {
        return new Row(service, method, path, request, reporter, staff, supervisor, admin, anonymous, false, true);
    }

    private static Row open(Service service, String method, String path, Function<String, RequestSpecification> request, int status) {
        return new Row(service, method, path, request, status, status, status, status, status, true, true);
    }

    private static Row reference(Row row) {
        return new Row(row.service(), row.method(), row.path(), row.request(), row.reporter(), row.staff(), row.supervisor(),
                row.admin(), row.anonymous(), row.open(), false);
    }

    private static Function<String, RequestSpecification> none() {
        return AuthorizationMatrixIT::base;
    }

    private static Function<String, RequestSpecification> json(Supplier<String> body) {
        return token -> base(token).contentType("application/json").body(body.get());
    }

    /** An Open311 POST with a key no client has: 403 in the spec's array, whoever sends it. */
    private static Function<String, RequestSpecification> form() {
        return token -> base(token).contentType("application/x-www-form-urlencoded").formParam("api_key", "not-a-client")
                .formParam("service_code", "OTHER").formParam("lat", "34.27").formParam("long", "117.28");
    }

    private static RequestSpecification base(String token) {
        RequestSpecification spec = given().filter(LEDGER).urlEncodingEnabled(false);
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    /** Sends the row's request to its service. */
    private static Response send(Row row, String token) {
        return row.request().apply(token).baseUri(baseOf(row.service())).request(row.method(), row.path());
    }

    private static String baseOf(Service service) {
        return switch (service) {
            case INTAKE -> gridwatch.intake();
            case ROUTING -> gridwatch.routing();
            case RESOLUTION -> gridwatch.resolution();
        };
    }
}
