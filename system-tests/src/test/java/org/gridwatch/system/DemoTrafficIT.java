package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.demo.DemoTraffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.path.json.JsonPath;

/**
 * What {@code ./gridwatch up --demo} promises a newcomer: with the demo traffic running (simulated riders
 * reporting in random grids of Yunlong, department staff working their tickets through the staff API), the
 * city supervisor's resolution statistics come alive within a minute or so: tickets received by several
 * departments, and some of them resolved. Counted as the increase over what the statistics showed before, so
 * the scenario holds whatever ran before it on the shared stack; and once the traffic stops, every report
 * intake acknowledged is counted exactly once.
 */
@ExtendWith(SystemStack.class)
class DemoTrafficIT {

    /** The statistics time zone (resolution's default {@code gridwatch.resolution.stats.zone}): dates are its days. */
    private static final ZoneId STATS_ZONE = ZoneId.of("Asia/Shanghai");
    private static final int REPORTS_PER_MINUTE = 120;
    private static final Duration TRAFFIC_AT_MOST = Duration.ofSeconds(90);

    /** The figures of one department that this scenario watches. */
    private record Counts(long received, long resolved, long reports) {
        Counts minus(Counts before) {
            return before == null ? this : new Counts(received - before.received, resolved - before.resolved,
                    reports - before.reports);
        }
    }

    @Test
    void demoTrafficGivesTheCitySupervisorLiveStatisticsForSeveralDepartments(SystemStack.Services gridwatch) {
        String supervisor = DevJwt.forRole("supervisor").subject("yunlong-supervisor").area("YL").sign();
        LocalDate today = LocalDate.now(STATS_ZONE);
        // [from, to) in whole days; to is the day after tomorrow, so a run across midnight still counts its tickets.
        String from = today.minusDays(1).toString();
        String to = today.plusDays(2).toString();
        Map<String, Counts> before = byDepartment(gridwatch.resolution(), supervisor, from, to);

        long t0 = System.nanoTime();
        DemoTraffic traffic = new DemoTraffic(gridwatch.intake(), gridwatch.resolution());
        try (traffic) {
            traffic.start(REPORTS_PER_MINUTE);
            await().atMost(TRAFFIC_AT_MOST).pollDelay(Duration.ofSeconds(5)).pollInterval(Duration.ofSeconds(5)).until(() -> {
                Map<String, Counts> increase = increase(byDepartment(gridwatch.resolution(), supervisor, from, to), before);
                long receiving = increase.values().stream().filter(c -> c.received() > 0).count();
                long resolving = increase.values().stream().filter(c -> c.resolved() > 0).count();
                System.out.printf("demo traffic after %d s: %d reports sent, %d staff actions; departments receiving %d, "
                                + "resolving %d: %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0),
                        traffic.reportsSent(), traffic.actionsTaken(), receiving, resolving, increase);
                return receiving >= 3 && resolving >= 2;
            });
        }
        long sent = traffic.reportsSent();
        long actions = traffic.actionsTaken();
        System.out.printf("demo traffic stopped after %d s: %d reports sent, %d staff and rider actions%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), sent, actions);
        assertTrue(sent > 0 && actions > 0, "the demo traffic reported and worked tickets");

        // Every acknowledged report reaches the statistics once (a new ticket or merged into one). Stopping may have
        // interrupted one report that intake accepted without the traffic seeing its 202.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            long counted = increase(byDepartment(gridwatch.resolution(), supervisor, from, to), before).values().stream()
                    .mapToLong(Counts::reports).sum();
            assertTrue(counted >= sent && counted <= sent + 1, "reports counted " + counted + ", acknowledged " + sent);
        });
        Map<String, Counts> after = increase(byDepartment(gridwatch.resolution(), supervisor, from, to), before);
        System.out.printf("statistics by department, increase during the demo traffic: %s%n", after);
        assertTrue(after.values().stream().filter(c -> c.received() > 0).count() >= 3, "received in 3 departments: " + after);
        assertTrue(after.values().stream().filter(c -> c.resolved() > 0).count() >= 2, "resolved in 2 departments: " + after);
    }

    /** The supervisor's statistics by department: {@code received}, {@code resolved} and {@code reports} per department. */
    private static Map<String, Counts> byDepartment(String resolution, String supervisor, String from, String to) {
        JsonPath stats = given().baseUri(resolution).auth().oauth2(supervisor)
                .queryParam("groupBy", "department").queryParam("from", from).queryParam("to", to)
                .get("/api/v1/stats/resolution").then().statusCode(200)
                .body("groupBy", equalTo("department"))
                .extract().jsonPath();
        Map<String, Counts> counts = new TreeMap<>();
        List<Map<String, Object>> rows = stats.getList("rows");
        for (Map<String, Object> row : rows) {
            counts.put((String) row.get("key"), new Counts(((Number) row.get("received")).longValue(),
                    ((Number) row.get("resolved")).longValue(), ((Number) row.get("reports")).longValue()));
        }
        return counts;
    }

    private static Map<String, Counts> increase(Map<String, Counts> now, Map<String, Counts> before) {
        Map<String, Counts> increase = new TreeMap<>();
        now.forEach((department, counts) -> {
            Counts delta = counts.minus(before.get(department));
            if (delta.received() != 0 || delta.resolved() != 0 || delta.reports() != 0) {
                increase.put(department, delta);
            }
        });
        return increase;
    }
}
