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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.gridwatch.infra.DevJwt;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A small live load for the demo city, through the public APIs only: simulated riders report hazards inside
 * random grids of Yunlong ({@code reportsPerMinute}), and every few seconds each department's staff take
 * their tickets one step further (accept, start, resolve; now and then reject or return one), and riders
 * confirm or dispute the fixes. So a newcomer sees tickets moving and statistics that are not zero.
 * Every loop is bounded by the rate and stops with {@link #close()}.
 *
 * <p>Staff list their tickets by status, because an unfiltered list is sorted by resolve deadline and
 * soon begins with finished tickets only. Riders answer a fix in a later round than the one that resolved
 * it, once it is listed as RESOLVED: intake accepts a verdict only after the RESOLVED event reached it.
 */
public final class DemoTraffic implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The hazards simulated riders report (all routed to departments by the demo city's rules). */
    public static final List<String> CATEGORIES = List.of("ROAD_DAMAGE", "MANHOLE_COVER", "STREET_LIGHT", "FLOODING",
            "ACCESS_OBSTACLE", "CITY_APPEARANCE", "ENVIRONMENT", "TRAFFIC_SAFETY", "PUBLIC_FACILITY", "FIRE_HAZARD");
    /** At least this many riders, and enough that each stays well under intake's 60 reports an hour. */
    private static final int MIN_RIDERS = 40;
    private static final int REPORTS_PER_RIDER_HOUR = 30;
    /** The ticket states staff act on, then RESOLVED, which riders answer. */
    private static final List<String> LISTED = List.of("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "REOPENED", "RESOLVED");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService loops = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "gridwatch-demo-traffic");
        t.setDaemon(true);
        return t;
    });
    private final Random random = new Random();
    private final String intake;
    private final String resolution;
    private final List<Point> gridPoints;
    private final List<String> departments;
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong actions = new AtomicLong();
    private volatile int riders = MIN_RIDERS;
    /** Resolutions already answered ({@code ticketId#version}), so each is answered once. */
    private final Set<String> answered = ConcurrentHashMap.newKeySet();

    public DemoTraffic(String intakeBaseUrl, String resolutionBaseUrl) {
        this.intake = intakeBaseUrl;
        this.resolution = resolutionBaseUrl;
        this.gridPoints = gridInteriorPoints();
        this.departments = new ArrayList<>();
        for (JsonNode d : readJson("departments.json")) {
            departments.add(d.get("id").asText());
        }
    }

    /** Starts the loops: {@code reportsPerMinute} new reports, staff and rider actions every 5 seconds. */
    public DemoTraffic start(int reportsPerMinute) {
        if (reportsPerMinute > 0) {
            riders = Math.max(MIN_RIDERS, (reportsPerMinute * 60 + REPORTS_PER_RIDER_HOUR - 1) / REPORTS_PER_RIDER_HOUR);
            long every = Math.max(100, 60_000L / reportsPerMinute);
            loops.scheduleWithFixedDelay(guarded(this::report), 1_000, every, TimeUnit.MILLISECONDS);
        }
        loops.scheduleWithFixedDelay(guarded(this::staffAndRiders), 5, 5, TimeUnit.SECONDS);
        return this;
    }

    public long reportsSent() {
        return reports.get();
    }

    public long actionsTaken() {
        return actions.get();
    }

    /** Stops the loops and waits (a few seconds at most) for a round in progress to end. */
    @Override
    public void close() {
        loops.shutdownNow();
        try {
            loops.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One rider's report inside a random grid. */
    void report() {
        Point p = gridPoints.get(random.nextInt(gridPoints.size()));
        String rider = "demo-rider:" + (1 + random.nextInt(riders));
        ObjectNode body = JSON.createObjectNode()
                .put("reportId", UUID.randomUUID().toString())
                .put("category", CATEGORIES.get(random.nextInt(CATEGORIES.size())))
                .put("description", "Seen on my delivery round (demo traffic)");
        body.putObject("location").put("lat", p.getY()).put("lon", p.getX()).put("accuracyM", 10.0);
        if (call("POST", intake + "/api/v1/reports", DevJwt.forRole("reporter").subject(rider).sign(), body.toString(), null)
                .statusCode() == 202) {
            reports.incrementAndGet();
        }
    }

    /**
     * Each department moves its open tickets one step (listed before any moves, so a ticket takes one step a
     * round); the first reporter of each resolved ticket answers the fix.
     */
    void staffAndRiders() {
        for (String department : departments) {
            String staff = DevJwt.forRole("staff").dept(department).subject("demo-staff:" + department).sign();
            List<JsonNode> tickets = new ArrayList<>();
            for (String status : LISTED) {
                HttpResponse<String> page = call("GET", resolution + "/api/v1/tickets?status=" + status + "&limit=20", staff,
                        null, null);
                if (page.statusCode() == 200) {
                    readTree(page.body()).path("items").forEach(tickets::add);
                }
            }
            for (JsonNode ticket : tickets) {
                String status = ticket.path("status").asText();
                if (status.equals("RESOLVED")) {
                    feedback(ticket);
                    continue;
                }
                String action = nextAction(status);
                if (action == null) {
                    continue;
                }
                String note = action.equals("resolve") ? "Fixed on site (demo traffic)" : "demo traffic";
                String body = JSON.createObjectNode().put("note", note).toString();
                String id = ticket.path("id").asText();
                if (call("POST", resolution + "/api/v1/tickets/" + id + "/" + action, staff, body,
                        "\"" + ticket.path("version").asLong() + "\"").statusCode() == 200) {
                    actions.incrementAndGet();
                }
            }
        }
    }

    /**
     * The first reporter of a resolved ticket confirms the fix (or, one time in five, disputes it), once per
     * resolution. Until intake has heard of the resolution it answers 409, and the rider tries again next round;
     * the verdict depends only on the ticket and its version, so a retry never contradicts an earlier one.
     */
    private void feedback(JsonNode ticket) {
        JsonNode first = ticket.path("reports").path(0);
        String fix = ticket.path("id").asText() + "#" + ticket.path("version").asLong();
        if (first.isMissingNode() || answered.contains(fix)) {
            return;
        }
        String rider = DevJwt.forRole("reporter").subject(first.path("reporterId").asText()).sign();
        boolean fixed = Math.floorMod(fix.hashCode(), 5) != 0;
        String body = JSON.createObjectNode().put("fixed", fixed).toString();
        if (call("POST", intake + "/api/v1/reports/" + first.path("reportId").asText() + "/feedback", rider, body, null)
                .statusCode() / 100 == 2) {
            answered.add(fix);
            actions.incrementAndGet();
        }
    }

    /** Mostly forward; now and then a ticket is rejected or returned, as in a real city. */
    private String nextAction(String status) {
        int dice = random.nextInt(100);
        return switch (status) {
            case "ASSIGNED" -> dice < 5 ? "return" : dice < 8 ? "reject" : dice < 70 ? "accept" : null;
            case "REOPENED" -> dice < 70 ? "accept" : null;
            case "ACCEPTED" -> dice < 60 ? "start" : null;
            case "IN_PROGRESS" -> dice < 50 ? "resolve" : null;
            default -> null;
        };
    }

    private HttpResponse<String> call(String method, String url, String token, String body, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A failed round is reported and skipped; the next one runs as scheduled. */
    private static Runnable guarded(Runnable round) {
        return () -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                if (!Thread.currentThread().isInterrupted()) { // interrupted: stopped by close(), nothing to report
                    System.err.printf(Locale.ROOT, "demo traffic: %s%n", e.getMessage());
                }
            }
        };
    }

    /** A point inside every grid of the demo city (JTS interior point of its polygon). */
    public static List<Point> gridInteriorPoints() {
        return gridPolygons().stream().map(Geometry::getInteriorPoint).toList();
    }

    /** The polygon of every grid of the demo city. */
    public static List<Geometry> gridPolygons() {
        GeometryFactory geometry = new GeometryFactory();
        List<Geometry> grids = new ArrayList<>();
        for (JsonNode feature : readJson("areas.geojson").path("features")) {
            if (!"GRID".equals(feature.path("properties").path("level").asText())) {
                continue;
            }
            JsonNode ring = feature.path("geometry").path("coordinates").path(0);
            Coordinate[] shell = new Coordinate[ring.size()];
            for (int i = 0; i < ring.size(); i++) {
                shell[i] = new Coordinate(ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble());
            }
            grids.add(geometry.createPolygon(shell));
        }
        if (grids.isEmpty()) {
            throw new IllegalStateException("The demo city has no grids");
        }
        return grids;
    }

    private static JsonNode readJson(String name) {
        try (InputStream in = DemoTraffic.class.getResourceAsStream("/org/gridwatch/infra/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo resource missing: " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
