package org.gridwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.gridwatch.contracts.Topics;
import org.gridwatch.infra.KafkaBroker;
import org.gridwatch.infra.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * G5, crash anywhere and lose nothing, on the {@link FaultStack} (three Kafka nodes, PostgreSQL, the three
 * packaged services): each scenario runs {@link SteadyLoad} (riders' reports at {@code gridwatch.faults.rate}
 * a second, 25 by default, what two cores running all of it sustain; staff accepting and starting the new
 * tickets), breaks one part mid-stream, repairs it, stops the load, lets resent reports through and then
 * {@link FlowAudit audits} every report that got 202: lost and duplicated must be 0. Each prints its counts; the class prints the table at the end.
 *
 * <p>{@code -Dgridwatch.soak=true} keeps the load on for five minutes before and after each fault instead of
 * a few seconds, and PostgreSQL down for 90 s instead of 8 ({@code -Dgridwatch.faults.postgres-down-seconds}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashAnywhereIT {

    private static final boolean SOAK = Boolean.getBoolean("gridwatch.soak");
    private static final int RATE = Integer.getInteger("gridwatch.faults.rate", 25);
    private static final Duration BEFORE = SOAK ? Duration.ofMinutes(5) : Duration.ofSeconds(4);
    private static final Duration AFTER = SOAK ? Duration.ofMinutes(5) : Duration.ofSeconds(4);
    /** How long PostgreSQL stays down: 8 s, or 90 s in a soak (longer than any consumer-side timeout). */
    private static final Duration POSTGRES_DOWN = Duration.ofSeconds(Integer.getInteger("gridwatch.faults.postgres-down-seconds",
            SOAK ? 90 : 8));
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofSeconds(90);
    /** How long the audit waits for the system to catch up: a soak's fifteen thousand reports take minutes to read. */
    private static final Duration CATCH_UP = SOAK ? Duration.ofMinutes(15) : Duration.ofMinutes(3);
    /** How long reports pile onto the hot spots while staff work the tickets there. */
    private static final Duration HOT_SPOTS = SOAK ? Duration.ofMinutes(5) : Duration.ofSeconds(30);

    private static FaultStack stack;
    private static FlowRecorder flow;
    private static final List<String> TABLE = new ArrayList<>();

    @BeforeAll
    static void startStack() {
        stack = FaultStack.start();
        flow = new FlowRecorder(stack.kafka().bootstrapServers());
    }

    @AfterAll
    static void stopStack() {
        System.out.println("CrashAnywhereIT results (rate " + RATE + " reports/s" + (SOAK ? ", soak" : "") + "):");
        System.out.println("| scenario | acknowledged | processed | lost | duplicated | merged too late (own ticket) | 503 | no answer | staff transitions (unpublished) | longest gap between 202s | repair (until ready) | backlog decided after repair |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        TABLE.forEach(System.out::println);
        if (flow != null) {
            flow.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void routingKilledMidStreamCatchesUpWithoutLossOrDuplicate() {
        ServiceProcess routing = stack.service(FaultStack.ROUTING);
        run("kill -9 routing-service, restart", Duration.ofSeconds(3), routing::kill, () -> restart(routing));
    }

    @Test
    @Order(2)
    void resolutionKilledDuringStaffTransitionsLosesNoOutboxEvent() {
        ServiceProcess resolution = stack.service(FaultStack.RESOLUTION);
        Result result = run("kill -9 resolution-service, restart", Duration.ofSeconds(3), resolution::kill, () -> restart(resolution));
        assertTrue(result.outcome().transitions() > 0, "staff moved tickets during the scenario");
    }

    @Test
    @Order(3)
    void intakeKilledReportsWithoutAnswerAreResentWithoutDuplicates() {
        ServiceProcess intake = stack.service(FaultStack.INTAKE);
        Result result = run("kill -9 intake-service, restart", Duration.ofSeconds(3), intake::kill, () -> restart(intake));
        assertTrue(result.load().noAnswer() > 0, "some requests got no answer while intake was down, and were resent");
    }

    @Test
    @Order(4)
    void twoInstancesOfEachServiceUnderLoadOneOfEachKilled() {
        ServiceProcess intake = stack.service(FaultStack.INTAKE);
        ServiceProcess routing = stack.service(FaultStack.ROUTING);
        ServiceProcess resolution = stack.service(FaultStack.RESOLUTION);
        List<ServiceProcess> seconds = stack.startSecondInstances();
        try {
            // Riders and staff use both instances in turn, as a load balancer would; the audit reads the survivors.
            // No repair: the other instances take the partitions over after the groups rebalance.
            Target both = new Target(List.of(intake.baseUrl(), seconds.get(0).baseUrl()),
                    List.of(resolution.baseUrl(), seconds.get(2).baseUrl()), seconds.get(0).baseUrl(), seconds.get(2).baseUrl(),
                    SteadyLoad.Traffic.SPREAD);
            run("two instances of each service, one of each killed", Duration.ofSeconds(6), both, () -> {
                intake.kill();
                routing.kill();
                resolution.kill();
            }, () -> { });
        } finally {
            java.util.concurrent.CompletableFuture.allOf(java.util.stream.Stream.of(intake, routing, resolution)
                    .map(s -> java.util.concurrent.CompletableFuture.runAsync(() -> restart(s)))
                    .toArray(java.util.concurrent.CompletableFuture[]::new)).join();
            seconds.forEach(ServiceProcess::stop);
        }
    }

    @Test
    @Order(8)
    void mergesStatusChangesAndReturnsOnTheSameTicketsRoundAfterRound() {
        // Reports pile onto a few spots while staff resolve, reject and return those very tickets: every report
        // must end on exactly one ticket that was open when it joined, and no finished ticket may take one (G7).
        Result result = run("merges, status changes and returns on the same tickets, " + HOT_SPOTS.toSeconds() + " s", HOT_SPOTS,
                new Target(List.of(stack.intake()), List.of(stack.resolution()), stack.intake(), stack.resolution(),
                        SteadyLoad.Traffic.HOTSPOTS), () -> { }, () -> { });
        assertTrue(result.outcome().transitions() > 20, "staff moved the hot tickets: " + result.outcome().transitions());
        long merged = result.load().acknowledged().keySet().stream()
                .filter(id -> flow.decisions(id).stream().anyMatch(d -> !d.newTicket())).count();
        assertTrue(merged > result.outcome().acknowledged() / 3, "most reports merged: " + merged);
    }

    @Test
    @Order(5)
    void partitionLeaderKilledLosesNoAcknowledgedReport() {
        Map<Integer, Integer> leaders = stack.kafka().leaders(Topics.REPORTS);
        int leader = leaders.values().stream().collect(java.util.stream.Collectors.groupingBy(n -> n,
                java.util.stream.Collectors.counting())).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow()
                .getKey();
        KafkaBroker node = stack.kafka().node(leader);
        long led = leaders.values().stream().filter(n -> n == leader).count();
        run("kill -9 the Kafka node leading " + led + " of " + leaders.size() + " report partitions", Duration.ofSeconds(8),
                node::kill, () -> {
                    // Every partition has a leader again, none of them the killed node (KRaft notices a dead node
                    // after broker.session.timeout.ms; more when it was also the active controller).
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        Map<Integer, Integer> now = stack.kafka().leaders(Topics.REPORTS);
                        assertEquals(Topics.MAIN_PARTITIONS, now.size(), "partitions with a leader: " + now);
                        assertTrue(now.values().stream().noneMatch(n -> n == leader), "leadership moved off the killed node");
                    });
                    stack.kafka().start();
                    // The restarted node catches up and is back in sync on every report partition.
                    await().atMost(READY).untilAsserted(() -> assertTrue(stack.kafka().inSyncReplicas(Topics.REPORTS)
                            .values().stream().allMatch(isr -> isr.contains(leader)), "node " + leader + " back in sync"));
                });
    }

    @Test
    @Order(6)
    void kafkaStoppedLongerThanRoutingsAlertIntakeAnswers503AndNothingIsDeadLettered() {
        // Longer than routing's alert-after (FaultStack sets 10 s), where routing used to give a decision up and
        // dead-letter its report; now it waits Kafka out, and so do intake (503) and resolution's outbox.
        Duration down = Duration.ofSeconds(SOAK ? 120 : 35);
        Result result = run("Kafka stopped " + down.toSeconds() + " s (all nodes; routing's alert after "
                        + FaultStack.ROUTING_ALERT_AFTER.toSeconds() + " s), restarted", down,
                stack.kafka()::stop, stack.kafka()::start);
        assertTrue(result.load().unavailable() > 0, "intake answered 503 while Kafka was down");
        System.out.println("CrashAnywhereIT: routing logged waiting for Kafka beyond its alert-after "
                + stack.logLines(FaultStack.ROUTING, "Kafka has not acknowledged") + " time(s)");
    }

    @Test
    @Order(7)
    void postgresRestartedServicesReconnectAndAnswer503NotErrors() {
        Result result = run("PostgreSQL stopped " + POSTGRES_DOWN.toSeconds() + " s, restarted", POSTGRES_DOWN,
                stack.postgres()::stop, stack.postgres()::start);
        assertTrue(result.load().unavailable() > 0, "intake answered 503 while its database was down");
    }

    private record Result(FlowAudit.Outcome outcome, SteadyLoad load) {
    }

    /** Where the load goes (instances used in turn), which instances the audit reads, and what traffic. */
    private record Target(List<String> intakes, List<String> resolutions, String auditIntake, String auditResolution,
                          SteadyLoad.Traffic traffic) {
    }

    private Result run(String scenario, Duration lasting, Runnable inject, Runnable repair) {
        return run(scenario, lasting, new Target(List.of(stack.intake()), List.of(stack.resolution()), stack.intake(),
                stack.resolution(), SteadyLoad.Traffic.SPREAD), inject, repair);
    }

    /**
     * Load for {@link #BEFORE}, the fault for {@code lasting}, the repair, load for {@link #AFTER}; then resends
     * until every report is acknowledged, and the audit. Asserts no loss, no duplicate and no error other than 503.
     */
    private Result run(String scenario, Duration lasting, Target target, Runnable inject, Runnable repair) {
        String label = scenario.replaceAll("[^a-z0-9]+", "-");
        FlowAudit.Outcome outcome;
        long repaired;
        long faulted;
        Map<UUID, SteadyLoad.Report> beforeRepair;
        long started = System.nanoTime();
        try (SteadyLoad load = SteadyLoad.start(target.intakes(), target.resolutions(), label, RATE, flow, target.traffic())) {
            FlowAudit.sleep(BEFORE);
            faulted = System.nanoTime();
            inject.run();
            FlowAudit.sleep(lasting);
            beforeRepair = load.acknowledged();
            repaired = System.nanoTime();
            repair.run();
            long repairMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - repaired);
            FlowAudit.sleep(AFTER);
            int unacknowledged = load.drain(DRAIN);
            Map<UUID, SteadyLoad.Report> acknowledged = load.acknowledged();
            long audited = System.nanoTime();
            outcome = new FlowAudit(flow, target.auditIntake(), target.auditResolution())
                    .check(acknowledged, load.transitions(), CATCH_UP);
            long auditMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - audited);
            long backlog = beforeRepair.keySet().stream().flatMap(id -> flow.decisions(id).stream())
                    .mapToLong(FlowRecorder.Decision::seenNanos).max().orElse(repaired);
            long split = flow.splitCount(acknowledged.keySet());
            String row = String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %d (%d) | %.1f s | %.1f s | %.1f s |",
                    scenario, outcome.acknowledged(), outcome.processed(), outcome.lost(), outcome.duplicated(), split,
                    load.unavailable(),
                    load.noAnswer(), outcome.transitions(), outcome.eventsLost(), load.longestGapMillis(faulted) / 1000.0, repairMillis / 1000.0,
                    Math.max(0, TimeUnit.NANOSECONDS.toMillis(backlog - repaired)) / 1000.0);
            TABLE.add(row);
            System.out.printf(Locale.ROOT, "CrashAnywhereIT [%s]: acknowledged %d, processed %d, lost %d, duplicated %d; "
                            + "%d reports filed in %d requests (503: %d, no answer: %d, other errors: %d, not sent at the rate: %d, "
                            + "never acknowledged: %d); staff: %d requests, %d transitions, %d unpublished; load %d s, audit %d s%n",
                    scenario, outcome.acknowledged(), outcome.processed(), outcome.lost(), outcome.duplicated(), load.filed(),
                    load.attempts(), load.unavailable(), load.noAnswer(), load.serverErrors() + load.refused(), load.skipped(),
                    unacknowledged, load.staffRequests(), outcome.transitions(), outcome.eventsLost(),
                    TimeUnit.NANOSECONDS.toSeconds(audited - started), auditMillis / 1000);
            assertEquals(List.of(), load.unexpected(), "answers other than 202 and 503");
            assertEquals(0, unacknowledged, "reports still without a 202 after " + DRAIN.toSeconds() + " s of resends");
            assertEquals(List.of(), flow.deadLettered(), "records on dead-letter topics");
            assertEquals(List.of(), outcome.problems(), "audit findings");
            assertEquals(0, outcome.lost(), "lost");
            assertEquals(0, outcome.duplicated(), "duplicated");
            assertEquals(0, outcome.eventsLost(), "staff transitions never published");
            assertTrue(outcome.acknowledged() > 0, "reports were acknowledged");
            return new Result(outcome, load);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void restart(ServiceProcess service) {
        service.start().awaitReady(READY);
    }
}
