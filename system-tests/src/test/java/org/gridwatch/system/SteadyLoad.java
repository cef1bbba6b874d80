package org.gridwatch.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.demo.DemoTraffic;
import org.locationtech.jts.geom.Point;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Steady traffic on 127.0.0.1 for the fault scenarios, as riders' apps and department staff make it:
 * <ul>
 *   <li>riders file reports at a fixed rate (new riders every {@link #REPORTS_PER_RIDER} reports, so intake's
 *   hourly limit never refuses one), at random points near the demo city's grids, in the demo traffic's
 *   categories. An app keeps a report until it gets 202: a 503 or no answer at all (a dead process, a cut
 *   connection) is sent again with the same {@code reportId} a second later, as the offline queue does;</li>
 *   <li>staff of each new ticket's department accept it, then start work on it, with {@code If-Match};
 *   every transition answered 200 is remembered, to be found later as a published status change.</li>
 * </ul>
 * With {@link Traffic#HOTSPOTS} every report is made within a few metres of one of a handful of spots instead, so
 * that most of them merge into the same few tickets while staff of those tickets resolve, reject or return them (and
 * the next department resolves what was returned): merges, status changes and returns of the same tickets, all at
 * once, round after round. Several intake and resolution instances are used in turn, as a load balancer would; a
 * request a dead instance does not answer is sent again, to the next one.
 * New reports stop with {@link #stopReports()}; resends go on until {@link #drain(Duration)} sees none left.
 * Everything is bounded by the rate, the thread pools and the caller's stop.
 */
final class SteadyLoad implements AutoCloseable {

    /** A report as the app keeps it until acknowledged. */
    record Report(UUID reportId, String rider, String token, String body) {
    }

    /** Where reports are made and what staff do with the tickets. */
    enum Traffic {
        /** Random points around the demo city's grids; staff accept and start every new ticket. */
        SPREAD,
        /** A few spots that collect merges; staff resolve, reject or return those tickets, and work the returned ones. */
        HOTSPOTS
    }

    static final int REPORTS_PER_RIDER = 40;
    private static final int SENDERS = 24;
    private static final Duration RESEND_AFTER = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final int STAFF_TICKETS_PER_ROUND = 4;
    /**
     * Tries of a step while resolution has no such ticket yet or is down: a quarter of a second after the first, then
     * twice as long each time up to 4 s, about two minutes in all; staff who found nothing would not refresh faster.
     */
    private static final int STAFF_TRIES = 36;
    private static final Duration STAFF_RETRY_FIRST = Duration.ofMillis(250);
    private static final Duration STAFF_RETRY_MAX = Duration.ofSeconds(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Point> POINTS = DemoTraffic.gridInteriorPoints();
    /** Categories of the hot spots: each merges reports within 40 m or more. */
    private static final List<String> HOTSPOT_CATEGORIES = List.of("ROAD_DAMAGE", "STREET_LIGHT", "TRAFFIC_SAFETY",
            "PUBLIC_FACILITY", "ENVIRONMENT", "BUILDING_SAFETY");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, daemon("gridwatch-load-sender"));
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, daemon("gridwatch-load-clock"));
    private final ScheduledExecutorService staff = Executors.newSingleThreadScheduledExecutor(daemon("gridwatch-load-staff"));
    private final Semaphore inFlight = new Semaphore(SENDERS * 2);
    private final List<String> intakes;
    private final List<String> resolutions;
    private final String label;
    private final int perSecond;
    private final FlowRecorder flow;
    private final Traffic traffic;

    private final Map<UUID, Report> acknowledged = new ConcurrentHashMap<>();
    private final Map<UUID, Report> waiting = new ConcurrentHashMap<>();
    private final java.util.Queue<Long> ackTimes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> transitions = new ConcurrentHashMap<>();
    private final StaffTokens staffTokens;
    private final List<Staffed> staffQueue = new CopyOnWriteArrayList<>();
    private final AtomicLong filed = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong noAnswer = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong staffRequests = new AtomicLong();
    private volatile boolean reporting = true;
    private volatile boolean closed;
    private double due;
    private String riderToken;
    private String rider;

    /**
     * A ticket staff work on: its department, the actions still to take (the next first) and the version it expects; a
     * retried step waits until {@code retryAt} ({@link System#nanoTime()}).
     */
    private record Staffed(String ticketId, String departmentId, List<String> actions, long version, int tries, long retryAt) {

        Staffed(String ticketId, String departmentId, List<String> actions, long version) {
            this(ticketId, departmentId, actions, version, 0, System.nanoTime());
        }

        String action() {
            return actions.get(0);
        }

        /** The same step again, after a pause that doubles with each try up to {@link #STAFF_RETRY_MAX}. */
        Staffed again(long version) {
            long pause = Math.min(STAFF_RETRY_MAX.toNanos(), STAFF_RETRY_FIRST.toNanos() << Math.min(tries, 8));
            return new Staffed(ticketId, departmentId, actions, version, tries + 1, System.nanoTime() + pause);
        }
    }

    private SteadyLoad(List<String> intakes, List<String> resolutions, String label, int perSecond, FlowRecorder flow,
                       Traffic traffic) {
        this.intakes = List.copyOf(intakes);
        this.resolutions = List.copyOf(resolutions);
        this.label = label;
        this.perSecond = perSecond;
        this.flow = flow;
        this.traffic = traffic;
        this.staffTokens = new StaffTokens("clerk:" + label);
    }

    /** Starts riders ({@code perSecond} new reports a second) and staff; riders are named after {@code label}. */
    static SteadyLoad start(String intake, String resolution, String label, int perSecond, FlowRecorder flow) {
        return start(List.of(intake), List.of(resolution), label, perSecond, flow, Traffic.SPREAD);
    }

    /** As {@link #start(String, String, String, int, FlowRecorder)}, over several instances, with the given traffic. */
    static SteadyLoad start(List<String> intakes, List<String> resolutions, String label, int perSecond, FlowRecorder flow,
                            Traffic traffic) {
        SteadyLoad load = new SteadyLoad(intakes, resolutions, label, perSecond, flow, traffic);
        load.clock.scheduleAtFixedRate(load::tick, 0, 10, TimeUnit.MILLISECONDS);
        load.staff.scheduleWithFixedDelay(load::staffRound, 500, 250, TimeUnit.MILLISECONDS);
        return load;
    }

    private void tick() {
        if (!reporting || closed) {
            return;
        }
        due += perSecond / 100.0;
        while (due >= 1) {
            due -= 1;
            if (!inFlight.tryAcquire()) {
                skipped.incrementAndGet();
                continue;
            }
            Report report = newReport();
            senders.execute(() -> {
                try {
                    send(report);
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    private Report newReport() {
        long n = filed.getAndIncrement();
        if (n % REPORTS_PER_RIDER == 0) {
            rider = "fault:" + label + ":" + (n / REPORTS_PER_RIDER);
            riderToken = DevJwt.forRole("reporter").subject(rider).sign();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        UUID id = UUID.randomUUID();
        ObjectNode body = JSON.createObjectNode().put("reportId", id.toString())
                .put("description", "Fault scenario " + label + ", report " + n);
        if (traffic == Traffic.HOTSPOTS) {
            // Within a few metres of one of the spots, a little off a grid's interior point (where no other traffic is).
            int spot = random.nextInt(HOTSPOT_CATEGORIES.size());
            Point at = POINTS.get((spot * 97 + Math.abs(label.hashCode())) % POINTS.size());
            body.put("category", HOTSPOT_CATEGORIES.get(spot));
            body.putObject("location").put("lat", at.getY() + 0.0012 + (random.nextDouble() - 0.5) * 0.0001)
                    .put("lon", at.getX() + 0.0012 + (random.nextDouble() - 0.5) * 0.0001);
        } else {
            Point near = POINTS.get(random.nextInt(POINTS.size()));
            body.put("category", DemoTraffic.CATEGORIES.get(random.nextInt(DemoTraffic.CATEGORIES.size())));
            // Within about 400 m of a grid's interior point: some land near each other and merge, most do not.
            body.putObject("location").put("lat", near.getY() + (random.nextDouble() - 0.5) * 0.007)
                    .put("lon", near.getX() + (random.nextDouble() - 0.5) * 0.009);
        }
        return new Report(id, rider, riderToken, body.toString());
    }

    private void send(Report report) {
        if (closed) {
            return;
        }
        String intake = intakes.get((int) (attempts.getAndIncrement() % intakes.size()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(intake + "/api/v1/reports")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + report.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(report.body())).build();
        int status;
        String body;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body();
        } catch (IOException e) {
            noAnswer.incrementAndGet();
            resendLater(report);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status == 202) {
            acknowledged.put(report.reportId(), report);
            waiting.remove(report.reportId());
            ackTimes.add(System.nanoTime());
        } else if (status == 503) {
            unavailable.incrementAndGet();
            resendLater(report);
        } else if (status >= 500) {
            serverErrors.incrementAndGet();
            note("POST /api/v1/reports", status, body);
            resendLater(report);
        } else {
            refused.incrementAndGet();
            note("POST /api/v1/reports", status, body);
        }
    }

    private void resendLater(Report report) {
        waiting.put(report.reportId(), report);
        if (!closed) {
            clock.schedule(() -> senders.execute(() -> send(report)), RESEND_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Staff take new tickets one step at a time (accept, then start; with hot spots also resolve, reject or return, and
     * the next department works what was returned), a few new ones per round, retrying what could not be done yet.
     */
    private void staffRound() {
        if (closed) {
            return;
        }
        try {
            for (int i = 0; i < STAFF_TICKETS_PER_ROUND; i++) {
                FlowRecorder.Decision decision = flow.nextNewTicket();
                if (decision == null) {
                    break;
                }
                staffQueue.add(new Staffed(decision.ticketId(), decision.departmentId(), plan(), -1));
            }
            for (FlowRecorder.Decision handover; traffic == Traffic.HOTSPOTS && (handover = flow.nextHandover()) != null; ) {
                staffQueue.add(new Staffed(handover.ticketId(), handover.departmentId(), List.of("accept", "start", "resolve"), -1));
            }
            List<Staffed> round = new ArrayList<>(staffQueue);
            staffQueue.clear();
            for (Staffed ticket : round) {
                if (closed) {
                    return;
                }
                if (ticket.retryAt() - System.nanoTime() > 0) {
                    staffQueue.add(ticket); // not yet
                    continue;
                }
                Staffed next = act(ticket);
                if (next != null && next.tries() < STAFF_TRIES) {
                    staffQueue.add(next);
                }
            }
        } catch (RuntimeException e) {
            note("staff round", 0, e.toString());
        }
    }

    /** One step on a ticket; what is left to do on it (the next step, or this one again), or null. */
    private Staffed act(Staffed ticket) {
        String token = staffTokens.of(ticket.departmentId());
        long version = ticket.version();
        if (version < 0) {
            HttpResponse<String> current = staffCall("GET", "/api/v1/tickets/" + ticket.ticketId(), token, null);
            if (current == null || current.statusCode() != 200) {
                return retry(ticket, current);
            }
            version = readTree(current.body()).path("version").asLong();
        }
        HttpResponse<String> done = staffCall("POST", "/api/v1/tickets/" + ticket.ticketId() + "/" + ticket.action(), token,
                "\"" + version + "\"");
        if (done == null || done.statusCode() != 200) {
            // 412: a merge moved the version on; read it again
            return retry(ticket, done, -1);
        }
        JsonNode view = readTree(done.body());
        transitions.computeIfAbsent(ticket.ticketId(), k -> new CopyOnWriteArrayList<>()).add(view.path("status").asText());
        List<String> rest = ticket.actions().subList(1, ticket.actions().size());
        return rest.isEmpty() ? null : new Staffed(ticket.ticketId(), ticket.departmentId(), rest, view.path("version").asLong());
    }

    /** What staff will do with a new ticket. */
    private List<String> plan() {
        if (traffic == Traffic.SPREAD) {
            return List.of("accept", "start");
        }
        double r = ThreadLocalRandom.current().nextDouble();
        return r < 0.15 ? List.of("return") : r < 0.3 ? List.of("reject") : List.of("accept", "start", "resolve");
    }

    /**
     * The same step again later when resolution did not answer, has no such ticket yet (404), saw another
     * version (412) or was unavailable (503); null when it refused the step for good (409: someone else moved
     * the ticket, e.g. when the answer to an earlier try was lost).
     */
    private Staffed retry(Staffed ticket, HttpResponse<String> response) {
        return retry(ticket, response, ticket.version());
    }

    /** As {@link #retry(Staffed, HttpResponse)}, the next try starting from {@code version} (-1: read it first). */
    private Staffed retry(Staffed ticket, HttpResponse<String> response, long version) {
        if (response != null && response.statusCode() >= 500 && response.statusCode() != 503) {
            serverErrors.incrementAndGet();
            note("staff " + ticket.action(), response.statusCode(), response.body());
        }
        if (response != null && !Set.of(404, 412, 503).contains(response.statusCode()) && response.statusCode() < 500) {
            if (response.statusCode() != 409) {
                note("staff " + ticket.action(), response.statusCode(), response.body()); // a refusal no staff should get
            }
            return null;
        }
        return ticket.again(version);
    }

    private HttpResponse<String> staffCall(String method, String path, String token, String ifMatch) {
        String resolution = resolutions.get((int) (staffRequests.get() % resolutions.size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(resolution + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"fault scenario " + label + "\"}"));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        staffRequests.incrementAndGet();
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void note(String what, int status, String body) {
        if (unexpected.size() < 20) {
            unexpected.add(what + " -> " + status + " " + (body == null ? "" : body.substring(0, Math.min(300, body.length()))));
        }
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + body, e);
        }
    }

    /** No more new reports; those waiting for an answer are still resent. */
    void stopReports() {
        reporting = false;
    }

    /**
     * Waits until every report has been acknowledged (resends included), at most {@code timeout}.
     *
     * @return the reports still without a 202
     */
    int drain(Duration timeout) {
        stopReports();
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((!waiting.isEmpty() || inFlight.availablePermits() < SENDERS * 2) && System.nanoTime() < deadline) {
            FlowAudit.sleep(Duration.ofMillis(200));
        }
        return waiting.size();
    }

    /** Reports that got 202, by id. */
    Map<UUID, Report> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** Staff transitions answered 200: the statuses each ticket was moved to. */
    Map<String, List<String>> transitions() {
        return Map.copyOf(transitions);
    }

    /** The longest stretch without any 202 between {@code fromNanos} and the last 202 (ms). */
    long longestGapMillis(long fromNanos) {
        long previous = fromNanos;
        long longest = 0;
        for (long t : ackTimes.stream().sorted().toList()) {
            if (t > fromNanos) {
                longest = Math.max(longest, t - previous);
                previous = t;
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(longest);
    }

    long filed() {
        return filed.get();
    }

    long attempts() {
        return attempts.get();
    }

    long unavailable() {
        return unavailable.get();
    }

    long noAnswer() {
        return noAnswer.get();
    }

    long serverErrors() {
        return serverErrors.get();
    }

    long refused() {
        return refused.get();
    }

    long skipped() {
        return skipped.get();
    }

    long staffRequests() {
        return staffRequests.get();
    }

    /** Samples of answers no client should get (5xx other than 503, 4xx to well-formed reports). */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    @Override
    public void close() {
        closed = true;
        reporting = false;
        staff.shutdownNow();
        clock.shutdownNow();
        senders.shutdownNow();
        try {
            senders.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
