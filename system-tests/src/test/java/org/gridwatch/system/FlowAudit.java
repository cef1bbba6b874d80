package org.gridwatch.system;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.gridwatch.infra.DevJwt;

import io.restassured.path.json.JsonPath;

/**
 * After a fault scenario: compares what clients were told with what the system did, through the topics and
 * the public APIs (DESIGN.md G1, G3, G5). Every report that got 202 must be on the reports topic, have exactly
 * one routing decision, be on the ticket decided (as the staff of the department holding it see it in resolution,
 * after returns the last one's) and on no other decided ticket, and be visible
 * to its rider in intake with that ticket; every staff transition answered 200 must have been published as a
 * status change (the outbox lost nothing), and each ticket's status changes must have reached Kafka in the order
 * of the ticket's versions (G7). A report routing merged into a ticket that was finished before the merge reached
 * it counts as decided for the ticket resolution opened for it instead. It waits for the system to catch up (see
 * {@link CatchUp}), then counts; a report missing from resolution is reported with where its decision is on Kafka and
 * how far resolution's consumer group has committed there, which tells one passed over from one not reached yet.
 */
final class FlowAudit {

    /**
     * The counts of one scenario.
     *
     * @param acknowledged reports that got 202
     * @param processed    of those, the ones with everything in place
     * @param lost         acknowledged reports missing somewhere (topic, decision, ticket, rider's view)
     * @param duplicated   acknowledged reports decided twice (two events or two tickets) or on two tickets
     * @param transitions  staff transitions answered 200
     * @param eventsLost   of those, the ones never published
     * @param problems     the first findings, for the failure message
     */
    record Outcome(int acknowledged, int processed, int lost, int duplicated, int transitions, int eventsLost,
                   List<String> problems) {
    }

    private static final Duration POLL = Duration.ofSeconds(1);
    /** Resolution's consumer group on the assignments topic. */
    private static final String RESOLUTION_GROUP = "resolution-service";
    /** How long the audit waits for a finished ticket's last status change to reach the topic before it counts it. */
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Set<String> FINISHED = Set.of("RESOLVED", "CLOSED", "REJECTED");
    /** Tickets read at once. */
    private static final int READERS = 6;

    private final FlowRecorder flow;
    private final StaffTokens staffTokens = new StaffTokens("auditor");
    private final ExecutorService readers = Executors.newFixedThreadPool(READERS);
    private final String intake;
    private final String resolution;
    /** Status and version of each ticket read, as its department's staff saw it. */
    private final Map<String, Map.Entry<String, Long>> ticketStates = new ConcurrentHashMap<>();
    /** The status of the last read of each ticket (200, 404, 503), for the findings. */
    private final Map<String, Integer> lastRead = new ConcurrentHashMap<>();
    /** Resolution's commits on the assignments topic when the audit counted, read once at the first finding. */
    private Map<Integer, Long> resolutionCommits;

    FlowAudit(FlowRecorder flow, String intake, String resolution) {
        this.flow = flow;
        this.intake = intake;
        this.resolution = resolution;
    }

    /** Waits up to {@code timeout} for every acknowledged report and transition to be in place, then counts. */
    Outcome check(Map<UUID, SteadyLoad.Report> acknowledged, Map<String, List<String>> transitions, Duration timeout)
            throws InterruptedException {
        try {
            return audit(acknowledged, transitions, timeout);
        } finally {
            readers.shutdownNow();
        }
    }

    private Outcome audit(Map<UUID, SteadyLoad.Report> acknowledged, Map<String, List<String>> transitions, Duration timeout)
            throws InterruptedException {
        CatchUp deadline = new CatchUp(timeout);
        // 1. Kafka and routing: every report published and decided.
        for (int left; (left = undecided(acknowledged).size()) > 0 && !deadline.passed(left); ) {
            flow.check();
            sleep(POLL);
        }
        // 2. Resolution: each decided ticket as its department's staff see it, until every report is on one.
        Map<UUID, Set<String>> onTickets = new ConcurrentHashMap<>();
        Map<String, String> pending = new HashMap<>();
        acknowledged.keySet().forEach(id -> flow.decisions(id)
                .forEach(d -> pending.put(d.ticketId(), departmentOf(d))));
        while (true) {
            Map<String, String> round = Map.copyOf(pending);
            for (Future<Void> read : readers.invokeAll(round.entrySet().stream().map(t -> (Callable<Void>) () -> {
                if (ticket(t.getKey(), t.getValue(), onTickets)) {
                    synchronized (pending) {
                        pending.remove(t.getKey());
                    }
                }
                return null;
            }).toList())) {
                try {
                    read.get();
                } catch (ExecutionException e) {
                    throw new AssertionError("Reading a ticket failed", e.getCause());
                }
            }
            List<UUID> notOnTicket = acknowledged.keySet().stream().filter(id -> !onTickets.containsKey(id)).toList();
            if (pending.isEmpty() && notOnTicket.isEmpty() || deadline.passed(notOnTicket.size())) {
                break;
            }
            notOnTicket.forEach(id -> flow.decisions(id).forEach(d -> pending.put(d.ticketId(), departmentOf(d))));
            sleep(POLL);
        }
        // 3. Intake: each rider's list shows the report with the ticket routing chose.
        Map<UUID, String> seenByRider = new HashMap<>();
        Set<String> riders = acknowledged.values().stream().map(SteadyLoad.Report::rider).collect(Collectors.toSet());
        Map<String, String> tokens = acknowledged.values().stream()
                .collect(Collectors.toMap(SteadyLoad.Report::rider, SteadyLoad.Report::token, (a, b) -> a));
        while (true) {
            for (String rider : riders) {
                reportsOf(tokens.get(rider), seenByRider);
            }
            riders = acknowledged.values().stream().filter(r -> !visible(r.reportId(), seenByRider))
                    .map(SteadyLoad.Report::rider).collect(Collectors.toSet());
            if (riders.isEmpty() || deadline.passed(riders.size())) {
                break;
            }
            sleep(POLL);
        }
        // 4. Resolution's outbox: every transition staff were told about was published.
        for (int left; (left = unpublished(transitions).size()) > 0 && !deadline.passed(left); ) {
            sleep(POLL);
        }

        List<String> problems = new ArrayList<>();
        Set<UUID> lost = new HashSet<>();
        Set<UUID> duplicated = new HashSet<>();
        for (UUID id : acknowledged.keySet()) {
            List<FlowRecorder.Decision> decisions = flow.decisions(id);
            Set<UUID> decisionEvents = decisions.stream().map(FlowRecorder.Decision::eventId).collect(Collectors.toSet());
            Set<String> decidedTickets = decisions.stream().map(FlowRecorder.Decision::ticketId).collect(Collectors.toSet());
            Set<String> tickets = onTickets.getOrDefault(id, Set.of());
            if (flow.reportRecords(id) == 0) {
                lost.add(id);
                note(problems, id + " acknowledged but not on " + org.gridwatch.contracts.Topics.REPORTS);
            }
            if (decisionEvents.isEmpty()) {
                lost.add(id);
                note(problems, id + " has no routing decision");
            } else if (decisionEvents.size() > 1 || decidedTickets.size() > 1) {
                duplicated.add(id);
                note(problems, id + " decided " + decisionEvents.size() + " times, tickets " + decidedTickets);
            }
            if (tickets.isEmpty()) {
                lost.add(id);
                note(problems, id + " is on no ticket in resolution (" + whereDecided(decisions) + ")");
            } else if (tickets.size() > 1) {
                duplicated.add(id);
                note(problems, id + " is on " + tickets.size() + " tickets: " + tickets);
            } else if (!decidedTickets.isEmpty() && !decidedTickets.equals(tickets)) {
                lost.add(id);
                note(problems, id + " decided for " + decidedTickets + " but on " + tickets + " in resolution");
            }
            if (!visible(id, seenByRider)) {
                lost.add(id);
                note(problems, id + " shown to its rider as " + seenByRider.get(id) + ", decided " + decidedTickets);
            }
        }
        // G7: a finished ticket takes no more reports. A merge moves a ticket's version on without a status change, so
        // a finished ticket whose version is above its last published status change took one after it was finished.
        long settleBy = System.nanoTime() + SETTLE.toNanos();
        for (Map.Entry<String, Map.Entry<String, Long>> t : ticketStates.entrySet()) {
            if (!FINISHED.contains(t.getValue().getKey())) {
                continue;
            }
            long version = t.getValue().getValue();
            while (flow.latestStatusVersion(t.getKey()) < version && System.nanoTime() < settleBy) {
                sleep(Duration.ofMillis(200));
            }
            if (flow.latestStatusVersion(t.getKey()) < version) {
                note(problems, t.getKey() + " is " + t.getValue().getKey() + " at version " + version
                        + " but its last status change is version " + flow.latestStatusVersion(t.getKey())
                        + ": a report joined it after it was finished");
            }
        }
        Set<String> ticketsSeen = new HashSet<>(transitions.keySet());
        onTickets.values().forEach(ticketsSeen::addAll);
        flow.outOfVersionOrder(ticketsSeen).forEach((ticket, versions) ->
                note(problems, ticket + ": status changes published out of version order " + versions));
        Map<String, List<String>> missingEvents = unpublished(transitions);
        missingEvents.forEach((ticket, statuses) -> note(problems, ticket + " moved to " + statuses + " but never published"));
        int eventsLost = missingEvents.values().stream().mapToInt(List::size).sum();
        int transitionCount = transitions.values().stream().mapToInt(List::size).sum();
        Set<UUID> faulty = new HashSet<>(lost);
        faulty.addAll(duplicated);
        return new Outcome(acknowledged.size(), acknowledged.size() - faulty.size(), lost.size(), duplicated.size(),
                transitionCount, eventsLost, problems);
    }

    /**
     * Where the decisions on a report are and what resolution made of them: each decision's ticket, the status of
     * its last read, and its record's offset against the offset resolution has committed on that partition (a
     * record below the commit was passed over; one at or above it not reached yet).
     */
    private String whereDecided(List<FlowRecorder.Decision> decisions) {
        if (resolutionCommits == null) {
            resolutionCommits = flow.committedAssignments(RESOLUTION_GROUP);
        }
        return decisions.stream().map(d -> String.format(java.util.Locale.ROOT,
                        "ticket %s read %s, %s-%d@%d, %s committed %s", d.ticketId(), lastRead.get(d.ticketId()),
                        org.gridwatch.contracts.Topics.ASSIGNMENTS, d.partition(), d.offset(), RESOLUTION_GROUP,
                        resolutionCommits.get(d.partition())))
                .collect(Collectors.joining("; "));
    }

    /**
     * The audit's wait: {@code timeout} from the start, and a minute past any moment the system was still making
     * progress (fewer things left than at the last look), up to twice {@code timeout}. A system that stopped is
     * counted after {@code timeout}; one slowly catching up on a loaded machine is given the time to finish.
     */
    private static final class CatchUp {

        private static final long STALL = Duration.ofMinutes(1).toNanos();
        private final long cap;
        private long deadline;
        private int lastLeft = Integer.MAX_VALUE;

        CatchUp(Duration timeout) {
            long now = System.nanoTime();
            this.deadline = now + timeout.toNanos();
            this.cap = now + 2 * timeout.toNanos();
        }

        /** True once the wait is over, given how many things are still not in place. */
        boolean passed(int left) {
            long now = System.nanoTime();
            if (left < lastLeft && lastLeft != Integer.MAX_VALUE) {
                deadline = Math.min(cap, Math.max(deadline, now + STALL));
            }
            lastLeft = left;
            return now - deadline >= 0;
        }
    }

    private Set<UUID> undecided(Map<UUID, SteadyLoad.Report> acknowledged) {
        return acknowledged.keySet().stream().filter(id -> flow.decisions(id).isEmpty()).collect(Collectors.toSet());
    }

    private boolean visible(UUID reportId, Map<UUID, String> seenByRider) {
        Set<String> decided = flow.decisions(reportId).stream().map(FlowRecorder.Decision::ticketId).collect(Collectors.toSet());
        return decided.size() == 1 && decided.contains(seenByRider.get(reportId));
    }

    /** Transitions answered 200 whose status change is not (yet) on the ticket-events topic. */
    private Map<String, List<String>> unpublished(Map<String, List<String>> transitions) {
        Map<String, List<String>> missing = new HashMap<>();
        transitions.forEach((ticket, statuses) -> {
            List<String> published = new ArrayList<>(flow.statusesPublished(ticket));
            for (String status : statuses) {
                if (!published.remove(status)) {
                    missing.computeIfAbsent(ticket, k -> new ArrayList<>()).add(status);
                }
            }
        });
        return missing;
    }

    /** The department whose staff see the decided ticket now: after a return, the one it was passed on to. */
    private String departmentOf(FlowRecorder.Decision decision) {
        String now = flow.departmentOf(decision.ticketId());
        return now != null ? now : decision.departmentId();
    }

    /** Reads one ticket as its department's staff: report id → ticket ids holding it. False while it is not there. */
    private boolean ticket(String ticketId, String department, Map<UUID, Set<String>> onTickets) {
        String token = staffTokens.of(department);
        var response = given().baseUri(resolution).auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId);
        lastRead.put(ticketId, response.statusCode());
        if (response.statusCode() == 404 || response.statusCode() == 503) {
            return false; // not there yet, or resolution's database is not back yet
        }
        JsonPath read = response.then().statusCode(200).extract().jsonPath();
        ticketStates.put(ticketId, Map.entry(read.getString("status"), read.getLong("version")));
        List<String> reports = read.getList("reports.reportId");
        reports.forEach(r -> onTickets.computeIfAbsent(UUID.fromString(r), k -> ConcurrentHashMap.newKeySet()).add(ticketId));
        return true;
    }

    /** The rider's reports as intake lists them: report id → ticket id (null while not yet routed). */
    private void reportsOf(String token, Map<UUID, String> seen) {
        String cursor = null;
        do {
            var request = given().baseUri(intake).auth().oauth2(token).queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/reports").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            for (Map<String, Object> report : items) {
                seen.put(UUID.fromString((String) report.get("reportId")), (String) report.get("ticketId"));
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 20) {
            problems.add(problem);
        }
    }

    /** Sleeps; an interruption ends the scenario. */
    static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
