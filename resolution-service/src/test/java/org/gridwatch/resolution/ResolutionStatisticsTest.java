package org.gridwatch.resolution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.gridwatch.common.api.Cursor;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.gridwatch.resolution.domain.ResolutionCounts;
import org.gridwatch.resolution.domain.StatsGroupBy;
import org.gridwatch.resolution.persistence.StatsSql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Eight tickets with chosen timestamps cross the real broker as assignment, status and feedback events;
 * every metric of every breakdown is checked against figures worked out by hand below, at a fixed "now".
 *
 * <pre>
 * T0 = 2026-03-02T08:00Z (Monday), now = T0 + 10 d; P1 deadlines: respond 2 h, resolve 24 h.
 * t1 X ROAD  A/G1 T0        2 reports, accepted +1 h, resolved +10 h, confirmed, closed  (late escalation event ignored)
 * t2 X ROAD  A/G1 T0+1d     accepted +3 h (late), resolved +30 h (late), disputed, reopened, resolved again +40 h
 * t3 X LIGHT A/G2 T0+1d     rejected
 * t4 Y LIGHT A/G2 T0+2d     first to X, returned, re-dispatched to Y (+1 h, new deadlines); never accepted: overdue
 * t5 Y ROAD  A/G2 T0+8d     accepted +1 h, not resolved: overdue (resolution)
 * t6 Y ROAD  A/G1 T0+9d20h  P2 (respond 24 h), open, not yet overdue
 * t7 Z ROAD  B/G1 T0        accepted +30 min, resolved +5 h
 * t8 X ROAD  A/G1 T0-1d     outside [from, to); t9 assigned exactly at "to": outside too
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "resolution_test"))
class ResolutionStatisticsTest {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-03-02T08:00:00Z");
    private static final Instant NOW = T0.plusDays(10).toInstant();
    private static final String FROM = "2026-03-02";
    private static final String TO = "2026-04-01T00:00:00Z";

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Ticket versions this test's status events start above. */
    private static final long LIFECYCLE_VERSIONS = 10;
    private static final String CITY = "S" + RUN;
    private static final String A = CITY + "-A";
    private static final String B = CITY + "-B";
    private static final String A_G1 = A + "-01-01-G1";
    private static final String A_G2 = A + "-01-01-G2";
    private static final String B_G1 = B + "-01-01-G1";
    private static final String X = "DX-" + RUN;
    private static final String Y = "DY-" + RUN;
    private static final String Z = "DZ-" + RUN;
    private static final String ROAD = "ROAD_DAMAGE";
    private static final String LIGHT = "STREET_LIGHT";

    @Inject
    ObjectMapper mapper;

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    private final String cityToken = DevJwt.forRole("supervisor").area(CITY).sign();
    private final String districtAToken = DevJwt.forRole("supervisor").area(A).sign();
    private final String districtBToken = DevJwt.forRole("supervisor").area(B).sign();

    /** One expected row: counts, then rates (null: empty denominator), then hours. */
    record Row(String key, long received, long reports, long rejected, long open, long overdue, long resolved,
            Double resolutionRate, Double onTimeRate, Double responseRate, Double satisfactionRate,
            Double misrouteRate, Double reopenRate, Double median, Double p90) {
    }

    private static Row row(String key, long received, long reports, long rejected, long open, long overdue, long resolved,
            Double resolutionRate, Double onTimeRate, Double responseRate, Double satisfactionRate,
            Double misrouteRate, Double reopenRate, Double median, Double p90) {
        return new Row(key, received, reports, rejected, open, overdue, resolved, resolutionRate, onTimeRate, responseRate,
                satisfactionRate, misrouteRate, reopenRate, median, p90);
    }

    private static final Row DEPT_X = row(X, 3, 4, 1, 0, 0, 2, 1.0, 0.5, 1 / 3.0, 0.5, 0.0, 0.5, 20.0, 28.0);
    private static final Row DEPT_Y = row(Y, 3, 3, 0, 3, 2, 0, 0.0, 0.0, 1 / 3.0, null, 1 / 3.0, null, null, null);
    private static final Row DEPT_Z = row(Z, 1, 1, 0, 0, 0, 1, 1.0, 1.0, 1.0, null, 0.0, 0.0, 5.0, 5.0);

    private static boolean published;

    /** The other test classes of this application run on the real time. */
    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    /** Once per class, but in a @BeforeEach: Quarkus points RestAssured at the app only around each test. */
    @BeforeEach
    void publishTicketsOnce() throws Exception {
        clock.set(NOW);
        if (published) {
            return;
        }
        published = true;
        Duration p1Respond = Priority.P1.defaultResponseTime();
        Duration p1Resolve = Priority.P1.defaultResolutionTime();

        // t1
        String t1 = ticket();
        TicketAssigned t1Assigned = assigned(t1, X, ROAD, A_G1, 0, T0, T0.plus(p1Respond), T0.plus(p1Resolve));
        publish(Topics.ASSIGNMENTS, t1Assigned);
        publish(Topics.ASSIGNMENTS, new ReportMerged(UUID.randomUUID(), t1, UUID.randomUUID(), "didi:1", T0, T0.plusMinutes(10), 2, Priority.P1));
        status(t1, TicketStatus.ASSIGNED, TicketStatus.ACCEPTED, T0.plusHours(1), 1, X, ROAD, null);
        status(t1, TicketStatus.ACCEPTED, TicketStatus.IN_PROGRESS, T0.plusHours(2), 2, X, ROAD, null);
        status(t1, TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, T0.plusHours(10), 3, X, ROAD, null);
        publish(Topics.FEEDBACK, new ReporterFeedback(UUID.randomUUID(), t1, UUID.randomUUID(), "meituan:1", true, null, T0.plusHours(11)));
        status(t1, TicketStatus.RESOLVED, TicketStatus.CLOSED, T0.plusHours(20), 4, X, ROAD, null);
        // Escalations are not statuses: were this one applied, t1 would count as open again.
        status(t1, TicketStatus.ACCEPTED, TicketStatus.ACCEPTED, T0.plusHours(21), 5, X, ROAD, TicketStatusChanged.ESCALATION_RESPONSE);
        publish(Topics.ASSIGNMENTS, t1Assigned); // redelivery: neither a second ticket nor a third report

        // t2
        String t2 = ticket();
        OffsetDateTime t2At = T0.plusDays(1);
        publish(Topics.ASSIGNMENTS, assigned(t2, X, ROAD, A_G1, 0, t2At, t2At.plus(p1Respond), t2At.plus(p1Resolve)));
        status(t2, TicketStatus.ASSIGNED, TicketStatus.ACCEPTED, t2At.plusHours(3), 1, X, ROAD, null);
        status(t2, TicketStatus.ACCEPTED, TicketStatus.RESOLVED, t2At.plusHours(30), 2, X, ROAD, null);
        ReporterFeedback disputed = new ReporterFeedback(UUID.randomUUID(), t2, UUID.randomUUID(), "meituan:2", false, "still broken", t2At.plusHours(31));
        publish(Topics.FEEDBACK, disputed);
        publish(Topics.FEEDBACK, disputed); // redelivery
        status(t2, TicketStatus.RESOLVED, TicketStatus.REOPENED, t2At.plusHours(31), 3, X, ROAD, null);
        status(t2, TicketStatus.REOPENED, TicketStatus.ACCEPTED, t2At.plusHours(32), 4, X, ROAD, null);
        status(t2, TicketStatus.ACCEPTED, TicketStatus.RESOLVED, t2At.plusHours(40), 5, X, ROAD, null);

        // t3
        String t3 = ticket();
        OffsetDateTime t3At = T0.plusDays(1);
        publish(Topics.ASSIGNMENTS, assigned(t3, X, LIGHT, A_G2, 0, t3At, t3At.plus(p1Respond), t3At.plus(p1Resolve)));
        status(t3, TicketStatus.ASSIGNED, TicketStatus.REJECTED, t3At.plusHours(1), 1, X, LIGHT, null);

        // t4
        String t4 = ticket();
        OffsetDateTime t4At = T0.plusDays(2);
        publish(Topics.ASSIGNMENTS, assigned(t4, X, LIGHT, A_G2, 0, t4At, t4At.plus(p1Respond), t4At.plus(p1Resolve)));
        status(t4, TicketStatus.ASSIGNED, TicketStatus.RETURNED, t4At.plusMinutes(30), 1, X, LIGHT, null);
        OffsetDateTime t4Again = t4At.plusHours(1);
        publish(Topics.ASSIGNMENTS, assigned(t4, Y, LIGHT, A_G2, 1, t4Again, t4Again.plus(p1Respond), t4Again.plus(p1Resolve)));
        status(t4, TicketStatus.RETURNED, TicketStatus.ASSIGNED, t4Again, 2, Y, LIGHT, null);

        // t5
        String t5 = ticket();
        OffsetDateTime t5At = T0.plusDays(8);
        publish(Topics.ASSIGNMENTS, assigned(t5, Y, ROAD, A_G2, 0, t5At, t5At.plus(p1Respond), t5At.plus(p1Resolve)));
        status(t5, TicketStatus.ASSIGNED, TicketStatus.ACCEPTED, t5At.plusHours(1), 1, Y, ROAD, null);

        // t6 (P2)
        String t6 = ticket();
        OffsetDateTime t6At = T0.plusDays(9).plusHours(20);
        publish(Topics.ASSIGNMENTS, assigned(t6, Y, ROAD, A_G1, 0, t6At, t6At.plus(Priority.P2.defaultResponseTime()),
                t6At.plus(Priority.P2.defaultResolutionTime())));

        // t7
        String t7 = ticket();
        publish(Topics.ASSIGNMENTS, assigned(t7, Z, ROAD, B_G1, 0, T0, T0.plus(p1Respond), T0.plus(p1Resolve)));
        status(t7, TicketStatus.ASSIGNED, TicketStatus.ACCEPTED, T0.plusMinutes(30), 1, Z, ROAD, null);
        status(t7, TicketStatus.ACCEPTED, TicketStatus.RESOLVED, T0.plusHours(5), 2, Z, ROAD, null);

        // t8, t9: just outside [from, to)
        String t8 = ticket();
        OffsetDateTime t8At = T0.minusDays(1);
        publish(Topics.ASSIGNMENTS, assigned(t8, X, ROAD, A_G1, 0, t8At, t8At.plus(p1Respond), t8At.plus(p1Resolve)));
        status(t8, TicketStatus.ASSIGNED, TicketStatus.RESOLVED, t8At.plusHours(2), 1, X, ROAD, null);
        OffsetDateTime t9At = OffsetDateTime.parse(TO);
        publish(Topics.ASSIGNMENTS, assigned(ticket(), X, ROAD, A_G1, 0, t9At, t9At.plus(p1Respond), t9At.plus(p1Resolve)));

        // The three topics are consumed independently: wait until the finest breakdown and the
        // department breakdown both show every event's effect.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertRows(stats(cityToken, "department", Map.of()), DEPT_X, DEPT_Y, DEPT_Z);
            assertRows(stats(cityToken, "area", Map.of("level", "GRID")), gridRows());
        });
    }

    @Test
    void departmentsAreRankedByResolutionRateAndSmallOnesMarkedNotRanked() {
        Response response = stats(cityToken, "department", Map.of("minTickets", "2"));
        response.then().statusCode(200)
                .body("from", equalTo("2026-03-02T00:00:00+08:00"))
                .body("to", equalTo(TO))
                .body("groupBy", equalTo("department"));
        List<Map<String, Object>> rows = response.jsonPath().getList("rows");
        assertEquals(List.of(X, Y, Z), rows.stream().map(r -> r.get("key")).toList(), "ranked rows first, best rate first");
        assertEquals(List.of(1, 2), List.of(rows.get(0).get("rank"), rows.get(1).get("rank")));
        assertEquals(List.of(false, false, true), rows.stream().map(r -> r.get("belowMinTickets")).toList());
        assertNull(rows.get(2).get("rank"));
        assertRows(response, DEPT_X, DEPT_Y, DEPT_Z);
        // The numerators behind the rates are part of each row.
        assertEquals(List.of(1, 1, 1, 1, 0, 1), List.of(rows.get(0).get("resolvedOnTime"), rows.get(0).get("acceptedOnTime"),
                rows.get(0).get("confirmed"), rows.get(0).get("disputed"), rows.get(0).get("returned"), rows.get(0).get("reopened")));
    }

    @Test
    void everyMetricOfEveryBreakdownMatchesTheHandWorkedFigures() {
        assertRows(stats(cityToken, "category", Map.of()),
                row(ROAD, 5, 6, 0, 2, 1, 3, 0.6, 0.4, 0.6, 0.5, 0.0, 1 / 3.0, 10.0, 26.0),
                row(LIGHT, 2, 2, 1, 1, 1, 0, 0.0, 0.0, 0.0, null, 0.5, null, null, null));
        Row districtB = row(B, 1, 1, 0, 0, 0, 1, 1.0, 1.0, 1.0, null, 0.0, 0.0, 5.0, 5.0);
        Row districtA = row(A, 6, 7, 1, 3, 2, 2, 0.4, 0.2, 2 / 6.0, 0.5, 1 / 6.0, 0.5, 20.0, 28.0);
        // A city supervisor's default level is the one below the city: districts.
        Response byArea = stats(cityToken, "area", Map.of());
        byArea.then().body("level", equalTo(2));
        assertRows(byArea, districtB, districtA);
        assertRows(stats(cityToken, "area", Map.of("level", "DISTRICT")), districtB, districtA);
        assertRows(stats(cityToken, "area", Map.of("level", "5")), gridRows());
        assertRows(stats(cityToken, "day", Map.of()),
                row("2026-03-02", 2, 3, 0, 0, 0, 2, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 7.5, 9.5),
                row("2026-03-03", 2, 2, 1, 0, 0, 1, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 30.0, 30.0),
                row("2026-03-04", 1, 1, 0, 1, 1, 0, 0.0, 0.0, 0.0, null, 1.0, null, null, null),
                row("2026-03-10", 1, 1, 0, 1, 1, 0, 0.0, 0.0, 1.0, null, 0.0, null, null, null),
                row("2026-03-12", 1, 1, 0, 1, 0, 0, 0.0, 0.0, 0.0, null, 0.0, null, null, null));
        assertRows(stats(cityToken, "week", Map.of()),
                row("2026-W10", 5, 6, 1, 1, 1, 3, 0.75, 0.5, 0.4, 0.5, 0.2, 1 / 3.0, 10.0, 26.0),
                row("2026-W11", 2, 2, 0, 2, 1, 0, 0.0, 0.0, 0.5, null, 0.0, null, null, null));
        assertRows(stats(cityToken, "month", Map.of()),
                row("2026-03", 7, 8, 1, 3, 2, 3, 0.5, 2 / 6.0, 3 / 7.0, 0.5, 1 / 7.0, 1 / 3.0, 10.0, 26.0));
        // Filters narrow the tickets before grouping.
        assertRows(stats(cityToken, "category", Map.of("department", Y)),
                row(ROAD, 2, 2, 0, 2, 1, 0, 0.0, 0.0, 0.5, null, 0.0, null, null, null),
                row(LIGHT, 1, 1, 0, 1, 1, 0, 0.0, 0.0, 0.0, null, 1.0, null, null, null));
        assertRows(stats(cityToken, "department", Map.of("category", LIGHT, "area", A)),
                row(X, 1, 1, 1, 0, 0, 0, null, null, 0.0, null, 0.0, null, null, null),
                row(Y, 1, 1, 0, 1, 1, 0, 0.0, 0.0, 0.0, null, 1.0, null, null, null));
    }

    @Test
    void wholeMonthsComeFromTheMonthlyRollup() {
        // [Mar 1, May 1) in the statistics zone (UTC+8): whole months; t8 (Mar 1, 16:00 local) is in, t9 in April.
        Response months = given().auth().oauth2(cityToken).queryParam("groupBy", "month")
                .queryParam("from", "2026-03-01").queryParam("to", "2026-05-01").get("/api/v1/stats/resolution");
        assertRows(months,
                row("2026-03", 8, 9, 1, 3, 2, 4, 4 / 7.0, 3 / 7.0, 3 / 8.0, 0.5, 1 / 8.0, 1 / 4.0, 7.5, 24.0),
                row("2026-04", 1, 1, 0, 1, 0, 0, 0.0, 0.0, 0.0, null, 0.0, null, null, null));
    }

    @Test
    void partDaysAtBothEndsComeFromTheFacts() {
        // From Mar 2 12:00 to Mar 4 20:00 local: Mar 3 is a whole day (t2, t3); t1 and t7 (Mar 2, 16:00 local) and
        // t4 (Mar 4, 16:00 local) are read from the facts; t5 and t6 are later.
        Response response = given().auth().oauth2(cityToken).queryParam("groupBy", "department")
                .queryParam("from", "2026-03-02T12:00:00+08:00").queryParam("to", "2026-03-04T20:00:00+08:00")
                .get("/api/v1/stats/resolution");
        assertRows(response, DEPT_X,
                row(Y, 1, 1, 0, 1, 1, 0, 0.0, 0.0, 0.0, null, 1.0, null, null, null),
                DEPT_Z);
        // Within one day there is no whole day at all: t1 and t7 only.
        assertRows(given().auth().oauth2(cityToken).queryParam("groupBy", "department")
                        .queryParam("from", "2026-03-02T15:00:00+08:00").queryParam("to", "2026-03-02T17:00:00+08:00")
                        .get("/api/v1/stats/resolution"),
                row(X, 1, 2, 0, 0, 0, 1, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 10.0, 10.0),
                DEPT_Z);
    }

    @Test
    void theRollupKeptFromEventsEqualsOneRebuiltFromTheFacts() throws Exception {
        List<String> queries = List.of("department", "category", "day", "week", "month");
        List<String> before = new ArrayList<>();
        for (String groupBy : queries) {
            before.add(stats(cityToken, groupBy, Map.of()).then().statusCode(200).extract().asString());
        }
        before.add(stats(cityToken, "area", Map.of("level", "GRID")).then().statusCode(200).extract().asString());
        try (Connection c = dataSource.getConnection()) {
            assertTrue(StatsSql.rebuild(c, ZoneId.of("Asia/Shanghai")) > 0);
        }
        List<String> after = new ArrayList<>();
        for (String groupBy : queries) {
            after.add(stats(cityToken, groupBy, Map.of()).then().statusCode(200).extract().asString());
        }
        after.add(stats(cityToken, "area", Map.of("level", "GRID")).then().statusCode(200).extract().asString());
        assertEquals(before, after);
    }

    /**
     * The rollup counts "overdue" at a watermark and a query adds or takes away the open tickets whose deadline lies
     * between the watermark and its "now": wherever the watermark stands (long before now, just before, past a deadline,
     * after now), every breakdown has the same figures. Done in one transaction that is rolled back, so that the
     * deadline watch (waiting on the statistics lock meanwhile) cannot move the watermark under it.
     */
    @Test
    void overdueIsTheSameWhereverTheWatermarkStands() throws Exception {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        List<StatsSql.Filter> filters = List.of(
                // part-days at both ends, whole days between
                new StatsSql.Filter(NOW, T0.minusHours(30).toInstant(), T0.plusDays(20).toInstant(), CITY, null, null, null),
                // whole months
                new StatsSql.Filter(NOW, Instant.parse("2026-02-28T16:00:00Z"), Instant.parse("2026-04-30T16:00:00Z"), CITY,
                        null, null, null),
                new StatsSql.Filter(NOW, T0.minusDays(1).toInstant(), T0.plusDays(20).toInstant(), CITY, A, Y, null));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                StatsSql.rebuild(c, zone, NOW);
                List<String> reference = allBreakdowns(c, filters, zone);
                // t4 (never accepted) and t5 (accepted, not resolved) are overdue at NOW, t6 is not yet.
                List<ResolutionCounts> byDepartment = StatsSql.resolution(c, StatsGroupBy.DEPARTMENT, 0, filters.get(0), zone);
                assertEquals(2, byDepartment.stream().filter(r -> r.key().equals(Y)).findFirst().orElseThrow().overdue());
                assertEquals(2, byDepartment.stream().mapToLong(ResolutionCounts::overdue).sum());

                for (Instant watermark : List.of(T0.minusDays(5).toInstant(), T0.plusDays(2).toInstant(),
                        NOW.minusSeconds(3600), NOW.plus(Duration.ofDays(30)))) {
                    StatsSql.rebuild(c, zone, watermark);
                    assertEquals(reference, allBreakdowns(c, filters, zone), "rebuilt with the watermark at " + watermark);
                }
                // Moved forward step by step across every deadline of the test's tickets, as the deadline watch does.
                StatsSql.rebuild(c, zone, T0.minusDays(5).toInstant());
                long moved = 0;
                for (Instant step = T0.toInstant(); step.isBefore(NOW.plus(Duration.ofDays(30))); step = step.plus(Duration.ofHours(29))) {
                    moved += StatsSql.advanceOverdue(c, step);
                    assertEquals(reference, allBreakdowns(c, filters, zone), "watermark moved to " + step);
                }
                assertTrue(moved >= 3, "t4, t5 and t6 became overdue on the way, but only " + moved + " tickets moved");
                assertEquals(0, StatsSql.advanceOverdue(c, T0.toInstant()), "the watermark never moves back");
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * Row for row, the rollup that events kept (each subtracting and adding a ticket's contribution in SQL, the overdue
     * watermark moved by the deadline watch) is the one a rebuild (in Java, from the facts) makes: every counter, every
     * histogram, the rows of all departments and categories included. Rolled back afterwards.
     */
    @Test
    void theRollupKeptFromEventsHasExactlyTheRowsOfARebuild() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Instant watermark;
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT pg_advisory_xact_lock(" + StatsSql.STATS_LOCK + ")");
                    try (ResultSet rs = st.executeQuery("SELECT stats_overdue_before()")) {
                        rs.next();
                        watermark = rs.getObject(1, OffsetDateTime.class).toInstant();
                    }
                }
                List<String> kept = rollupRows(c);
                assertTrue(kept.stream().anyMatch(r -> r.contains("|*|*|")), "rows of all departments and categories");
                assertTrue(kept.stream().anyMatch(r -> r.contains(A_G1) && !r.endsWith("|{}")), "histograms");
                StatsSql.rebuild(c, ZoneId.of("Asia/Shanghai"), watermark);
                assertEquals(kept, rollupRows(c));
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** Every breakdown of every filter, as text. */
    private static List<String> allBreakdowns(Connection c, List<StatsSql.Filter> filters, ZoneId zone) throws Exception {
        List<String> out = new ArrayList<>();
        for (StatsSql.Filter f : filters) {
            for (StatsGroupBy groupBy : StatsGroupBy.values()) {
                for (int level : groupBy == StatsGroupBy.AREA ? new int[] {2, 3, 4, 5} : new int[] {0}) {
                    List<ResolutionCounts> rows = new ArrayList<>(StatsSql.resolution(c, groupBy, level, f, zone));
                    rows.sort(Comparator.comparing(ResolutionCounts::key));
                    out.add(groupBy + " " + level + " " + f + ": " + rows);
                }
            }
        }
        return out;
    }

    /** The rollup's rows that count anything (an event path leaves rows of zeros behind a moved ticket), sorted. */
    private static List<String> rollupRows(Connection c) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT concat_ws('|', grain, period, area_level,"
                + " area_code, department_id, category, area_path, received, reports, rejected, open, resolved,"
                + " resolved_on_time, accepted_on_time, confirmed, disputed, returned, reopened, overdue, minutes_hist)"
                + " FROM stats_rollup WHERE received <> 0 OR reports <> 0 OR overdue <> 0 OR cardinality(minutes_hist) > 0"
                + " ORDER BY area_code, area_level, grain, period, department_id, category")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    @Test
    void aSupervisorSeesOnlyTheirOwnArea() {
        assertRows(stats(districtAToken, "department", Map.of()), DEPT_X, DEPT_Y);
        assertRows(stats(districtBToken, "department", Map.of()), DEPT_Z);
        // Inside one's area is fine; a sibling or a parent area is refused, like an unknown one.
        assertRows(stats(districtAToken, "department", Map.of("area", A_G2)),
                row(X, 1, 1, 1, 0, 0, 0, null, null, 0.0, null, 0.0, null, null, null),
                row(Y, 2, 2, 0, 2, 2, 0, 0.0, 0.0, 0.5, null, 0.5, null, null, null));
        for (String area : List.of(B, CITY, "NOWHERE-" + RUN)) {
            stats(districtAToken, "department", Map.of("area", area)).then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("area"));
        }
        given().auth().oauth2(districtBToken).queryParam("area", A).get("/api/v1/stats/overdue").then().statusCode(403);
        given().auth().oauth2(DevJwt.forRole("staff").dept(X).sign())
                .queryParam("groupBy", "department").queryParam("from", FROM).queryParam("to", TO)
                .get("/api/v1/stats/resolution").then().statusCode(403);
        given().queryParam("groupBy", "department").queryParam("from", FROM).queryParam("to", TO)
                .get("/api/v1/stats/resolution").then().statusCode(401);
    }

    @Test
    void csvHasAHeaderRowAndOneLinePerRow() {
        String csv = given().auth().oauth2(cityToken).accept("text/csv")
                .queryParam("groupBy", "category").queryParam("from", FROM).queryParam("to", TO)
                .get("/api/v1/stats/resolution")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        List<String> lines = Arrays.asList(csv.split("\r\n"));
        assertEquals(List.of(
                "key,received,reports,rejected,open,overdue,resolved,resolutionRate,onTimeRate,responseRate,"
                        + "satisfactionRate,misrouteRate,reopenRate,medianHoursToResolve,p90HoursToResolve,belowMinTickets,"
                        + "rank,resolvedOnTime,acceptedOnTime,confirmed,disputed,returned,reopened",
                "ROAD_DAMAGE,5,6,0,2,1,3,0.6,0.4,0.6,0.5,0.0,0.3333,10.0,26.0,false,1,2,3,1,1,0,1",
                "STREET_LIGHT,2,2,1,1,1,0,0.0,0.0,0.0,,0.5,,,,false,2,0,0,0,0,1,0"), lines);
    }

    @Test
    void overdueListsOpenTicketsPastADeadlineMostOverdueFirstPageByPage() {
        Response first = given().auth().oauth2(cityToken).queryParam("limit", 1).get("/api/v1/stats/overdue");
        first.then().statusCode(200)
                .body("items[0].departmentId", equalTo(Y))
                .body("items[0].category", equalTo(LIGHT))
                .body("items[0].missed", equalTo("RESOLUTION"))
                .body("items[0].dueAt", equalTo("2026-03-05T09:00:00Z"))
                .body("items[0].hoursOverdue", equalTo(167.0f));
        String cursor = first.jsonPath().getString("nextCursor");
        given().auth().oauth2(cityToken).queryParam("limit", 1).queryParam("cursor", cursor).get("/api/v1/stats/overdue")
                .then().statusCode(200)
                .body("items[0].category", equalTo(ROAD))
                .body("items[0].dueAt", equalTo("2026-03-11T08:00:00Z"))
                .body("items[0].hoursOverdue", equalTo(24.0f))
                .body("nextCursor", nullValue());
        // Nothing is overdue in district B; bad paging parameters are the caller's error.
        given().auth().oauth2(districtBToken).get("/api/v1/stats/overdue").then().statusCode(200).body("items.size()", equalTo(0));
        given().auth().oauth2(cityToken).queryParam("cursor", "garbage!").get("/api/v1/stats/overdue")
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        given().auth().oauth2(cityToken).queryParam("cursor", Cursor.encode("2026-03-05T09:00:00Z", "T-\u0000"))
                .get("/api/v1/stats/overdue").then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        given().auth().oauth2(cityToken).queryParam("limit", 500).get("/api/v1/stats/overdue")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void badParametersAreA400NamingTheField() {
        badRequest(Map.of("groupBy", "planet", "from", FROM, "to", TO), "groupBy");
        badRequest(Map.of("from", FROM, "to", TO), "groupBy");
        badRequest(Map.of("groupBy", "day", "from", "2026-13-01", "to", TO), "from");
        badRequest(Map.of("groupBy", "day", "from", FROM, "to", "yesterday"), "to");
        badRequest(Map.of("groupBy", "day", "to", TO), "from");
        badRequest(Map.of("groupBy", "day", "from", TO, "to", FROM), "from");
        badRequest(Map.of("groupBy", "day", "from", FROM, "to", FROM), "from");
        badRequest(Map.of("groupBy", "area", "level", "PLANET", "from", FROM, "to", TO), "level");
        badRequest(Map.of("groupBy", "day", "from", FROM, "to", TO, "minTickets", "-1"), "minTickets");
        badRequest(Map.of("groupBy", "day", "from", FROM, "to", TO, "minTickets", "many"), "minTickets");
        badRequest(Map.of("groupBy", "day", "from", "-999999999-01-01T00:00:00Z", "to", TO), "from");
        badRequest(Map.of("groupBy", "month", "from", FROM, "to", "+999999999-12-31T23:59:59Z"), "to");
        badRequest(Map.of("groupBy", "week", "from", FROM, "to", "+10000-01-01T00:00:00Z"), "to");
    }

    @Test
    void poisonFeedbackGoesToTheStatisticsDeadLetterTopic() {
        String marker = "poison-" + UUID.randomUUID();
        TestKafka.send(Topics.FEEDBACK, "T-poison", "{not json " + marker, Map.of());
        TestKafka.readUntil(Topics.FEEDBACK_DLQ_RESOLUTION_STATS, r -> r.value().contains(marker), Duration.ofSeconds(30));
        TestKafka.send(Topics.TICKET_EVENTS, "T-poison", "{\"ticketId\":\"" + marker + "\"}", Map.of());
        TestKafka.readUntil(Topics.TICKET_EVENTS_DLQ_RESOLUTION_STATS, r -> r.value().contains(marker), Duration.ofSeconds(30));
    }

    private void badRequest(Map<String, String> params, String field) {
        given().auth().oauth2(cityToken).queryParams(params).get("/api/v1/stats/resolution")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    private static Row[] gridRows() {
        return new Row[] {
                row(A_G1, 3, 4, 0, 1, 0, 2, 2 / 3.0, 1 / 3.0, 1 / 3.0, 0.5, 0.0, 0.5, 20.0, 28.0),
                row(A_G2, 3, 3, 1, 2, 2, 0, 0.0, 0.0, 1 / 3.0, null, 1 / 3.0, null, null, null),
                row(B_G1, 1, 1, 0, 0, 0, 1, 1.0, 1.0, 1.0, null, 0.0, 0.0, 5.0, 5.0)};
    }

    private Response stats(String token, String groupBy, Map<String, String> extra) {
        return given().auth().oauth2(token)
                .queryParam("groupBy", groupBy).queryParam("from", FROM).queryParam("to", TO)
                .queryParams(extra)
                .get("/api/v1/stats/resolution");
    }

    /** The response has exactly these rows (in any order), each with exactly these figures. */
    private static void assertRows(Response response, Row... expected) {
        response.then().statusCode(200);
        List<Map<String, Object>> rows = response.jsonPath().getList("rows");
        List<String> keys = new ArrayList<>(rows.stream().map(r -> (String) r.get("key")).toList());
        List<String> expectedKeys = new ArrayList<>(Arrays.stream(expected).map(Row::key).toList());
        keys.sort(null);
        expectedKeys.sort(null);
        assertEquals(expectedKeys, keys, "row keys");
        for (Row e : expected) {
            Map<String, Object> r = rows.stream().filter(x -> e.key().equals(x.get("key"))).findFirst().orElseThrow();
            String at = "row " + e.key() + ": ";
            assertEquals(e.received(), number(r, "received"), at + "received");
            assertEquals(e.reports(), number(r, "reports"), at + "reports");
            assertEquals(e.rejected(), number(r, "rejected"), at + "rejected");
            assertEquals(e.open(), number(r, "open"), at + "open");
            assertEquals(e.overdue(), number(r, "overdue"), at + "overdue");
            assertEquals(e.resolved(), number(r, "resolved"), at + "resolved");
            near(e.resolutionRate(), r, "resolutionRate", at, 0.00005);
            near(e.onTimeRate(), r, "onTimeRate", at, 0.00005);
            near(e.responseRate(), r, "responseRate", at, 0.00005);
            near(e.satisfactionRate(), r, "satisfactionRate", at, 0.00005);
            near(e.misrouteRate(), r, "misrouteRate", at, 0.00005);
            near(e.reopenRate(), r, "reopenRate", at, 0.00005);
            near(e.median(), r, "medianHoursToResolve", at, 0.005);
            near(e.p90(), r, "p90HoursToResolve", at, 0.005);
        }
    }

    private static long number(Map<String, Object> row, String field) {
        return ((Number) row.get(field)).longValue();
    }

    private static void near(Double expected, Map<String, Object> row, String field, String at, double tolerance) {
        Object actual = row.get(field);
        if (expected == null) {
            assertNull(actual, at + field + " should be null (empty denominator)");
            return;
        }
        assertTrue(actual instanceof Number, at + field + " should be " + expected + " but is " + actual);
        double value = ((Number) actual).doubleValue();
        assertTrue(Math.abs(value - expected) <= tolerance + 1e-9, at + field + " expected " + expected + " but was " + value);
    }

    private static String ticket() {
        return "T-" + RUN + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static TicketAssigned assigned(String ticketId, String dept, String category, String grid, int hop,
            OffsetDateTime at, OffsetDateTime responseDue, OffsetDateTime resolveDue) {
        String district = grid.startsWith(A) ? A : B;
        List<String> path = List.of(CITY, district, district + "-01", district + "-01-01", grid);
        return new TicketAssigned(UUID.randomUUID(), ticketId, UUID.randomUUID(), "meituan:88231", category, Priority.P1,
                dept, grid, path, false, new GeoPoint(34.2, 117.28, 8.0), "R-1", 1, hop, category + " at " + grid,
                at, at, responseDue, resolveDue);
    }

    private void status(String ticketId, TicketStatus from, TicketStatus to, OffsetDateTime at, long version, String dept,
            String category, String escalation) throws Exception {
        // The service's own lifecycle also takes these tickets from the assignments topic and announces them
        // (ASSIGNED at version 1, a merge at 2); the figures here follow this test's status events, which come later.
        publish(Topics.TICKET_EVENTS, new TicketStatusChanged(UUID.randomUUID(), ticketId, List.of(UUID.randomUUID()), from, to,
                "staff:" + dept, at.withOffsetSameInstant(ZoneOffset.UTC), null, dept, category, Priority.P1,
                LIFECYCLE_VERSIONS + version, escalation));
    }

    private void publish(String topic, GridWatchEvent event) throws Exception {
        TestKafka.send(topic, event.key(), mapper.writeValueAsString(event),
                CloudEventHeaders.forEvent(event, "/gridwatch/test", OffsetDateTime.now(ZoneOffset.UTC)));
    }
}
