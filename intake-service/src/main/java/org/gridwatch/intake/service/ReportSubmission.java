package org.gridwatch.intake.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Problem;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.ReportChannel;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.intake.api.Receipt;
import org.gridwatch.intake.api.ReportRequest;
import org.gridwatch.intake.config.IntakeConfig;
import org.gridwatch.intake.messaging.ReportPublisher;
import org.gridwatch.intake.persistence.ReportEntity;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Takes a report from the courier app or Open311 into the flow (G1, G2): it is answered only once Kafka
 * holds it (acks=all), a resend of the same report gets the same receipt, and an id reused for another
 * report is refused.
 *
 * <p>The report's id is reserved in the database before it is published. A resend of a report that
 * Kafka has acknowledged is answered from the database and publishes nothing. A resend that arrives while
 * the first attempt is still waiting for Kafka, or after it failed, publishes the same event again (same
 * event id and reportId); downstream consumers ignore a report whose reportId they have seen, so this
 * can at most put a duplicate record, never a second report, into the flow.
 */
@ApplicationScoped
public class ReportSubmission {

    private static final Logger LOG = Logger.getLogger(ReportSubmission.class);

    private final ReportStore store;
    private final ReportAcknowledgements acknowledgements;
    private final CatalogueService catalogue;
    private final ReportRateLimiter rateLimiter;
    private final ReportPublisher publisher;
    private final IntakeConfig config;
    private final ObjectMapper canonical;

    public ReportSubmission(ReportStore store, ReportAcknowledgements acknowledgements, CatalogueService catalogue,
                            ReportRateLimiter rateLimiter, ReportPublisher publisher, IntakeConfig config, ObjectMapper mapper) {
        this.store = store;
        this.acknowledgements = acknowledgements;
        this.catalogue = catalogue;
        this.rateLimiter = rateLimiter;
        this.publisher = publisher;
        this.config = config;
        this.canonical = mapper.copy();
    }

    /**
     * @param idempotencyKey the {@code Idempotency-Key} header, or null
     * @return the receipt, once Kafka has acknowledged the report
     */
    public Receipt submit(String reporterId, ReportChannel channel, String open311Client,
                          @NotNull @Valid ReportRequest request, String idempotencyKey) {
        return submit(reporterId, channel, open311Client, request, idempotencyKey, List.of(rateLimiter.perReporter(reporterId)));
    }

    /**
     * As {@link #submit(String, ReportChannel, String, ReportRequest, String)}, a new report taking one token from each
     * of {@code allowances} (a resend of a report takes none).
     */
    public Receipt submit(String reporterId, ReportChannel channel, String open311Client,
                          @NotNull @Valid ReportRequest request, String idempotencyKey,
                          List<ReportRateLimiter.Allowance> allowances) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS); // as stored
        ReportRequest report = request.withReportId(reportIdOf(reporterId, request.reportUuid(), idempotencyKey));
        String hash = hash(reporterId, channel, open311Client, report);

        ReportEntity row = store.find(report.reportUuid()).orElse(null);
        if (row == null) {
            checkAgainstCatalogueAndClock(report, now);
            Optional<ReportRateLimiter.Refusal> refused = rateLimiter.tryAcquire(allowances);
            if (refused.isPresent()) {
                throw new ApiException(429, "Too Many Requests", refused.get().allowance().refusal() + "; try again later",
                        null, (int) Math.min(Integer.MAX_VALUE, refused.get().retryAfterSeconds()));
            }
            row = reserve(reporterId, channel, open311Client, report, hash, now);
        }
        if (!row.reporterId.equals(reporterId) || !row.requestHash.equals(hash)) {
            throw ApiException.unprocessable("This reportId already identifies a different report",
                    List.of(new Problem.FieldError("reportId", "already used for a different report; send a new id")));
        }
        if (row.acknowledgedAt == null) {
            publishAndWait(row);
            acknowledgements.acknowledge(row.reportId);
        }
        return new Receipt(row.reportId, ReportStore.SUBMITTED, row.submittedAt);
    }

    private ReportEntity reserve(String reporterId, ReportChannel channel, String open311Client, ReportRequest report,
                                 String hash, OffsetDateTime now) {
        String geoCell = GeoCells.of(report.location().lat(), report.location().lon(), config.geoCellPrecision());
        try {
            return store.reserve(reporterId, channel, open311Client, report, hash, geoCell, now);
        } catch (PersistenceException e) {
            // A concurrent resend reserved the id first: continue with its row.
            return store.find(report.reportUuid()).orElseThrow(() -> e);
        }
    }

    private void publishAndWait(ReportEntity r) {
        ReportSubmitted event = new ReportSubmitted(r.eventId, r.reportId, r.reporterId, r.channel, r.category,
                r.description, new GeoPoint(r.lat, r.lon, r.accuracyM), r.address, r.observedAt, r.submittedAt,
                r.mediaUrls, r.attributes, r.geoCell);
        try {
            publisher.publish(event).get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Kafka did not acknowledge report %s: %s", r.reportId, e.getCause() == null ? e : e.getCause());
            throw ApiException.unavailable("Reports cannot be accepted right now; your report was not submitted. "
                    + "Send it again (same reportId) after the Retry-After delay.", (int) config.retryAfter().toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while submitting; send the report again", (int) config.retryAfter().toSeconds());
        }
    }

    private void checkAgainstCatalogueAndClock(ReportRequest report, OffsetDateTime now) {
        if (!catalogue.accepts(report.category())) {
            throw ApiException.unprocessable("Unknown or retired category " + report.category(),
                    List.of(new Problem.FieldError("category", "not an active category; see GET /api/v1/categories")));
        }
        OffsetDateTime observed = report.observedAt();
        if (observed != null && observed.isAfter(now.plus(config.clockSkew()))) {
            throw ApiException.unprocessable("observedAt lies in the future",
                    List.of(new Problem.FieldError("observedAt", "must not be in the future")));
        }
        if (observed != null && observed.isBefore(now.minus(config.maxReportAge()))) {
            throw ApiException.unprocessable("observedAt is too old",
                    List.of(new Problem.FieldError("observedAt", "must be within the last " + config.maxReportAge().toDays() + " days")));
        }
    }

    /** The client's reportId, else one derived from its Idempotency-Key, else a new one. */
    private static UUID reportIdOf(String reporterId, UUID bodyId, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return bodyId != null ? bodyId : UUID.randomUUID();
        }
        if (idempotencyKey.length() > 255) {
            throw ApiException.badRequest("Idempotency-Key is too long",
                    List.of(new Problem.FieldError("Idempotency-Key", "at most 255 characters")));
        }
        UUID keyId;
        try {
            keyId = UUID.fromString(idempotencyKey.trim());
        } catch (IllegalArgumentException notAUuid) {
            keyId = UUID.nameUUIDFromBytes(("idempotency-key:" + reporterId + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        }
        if (bodyId != null && !bodyId.equals(keyId)) {
            throw ApiException.unprocessable("reportId and Idempotency-Key name different reports",
                    List.of(new Problem.FieldError("reportId", "does not match the Idempotency-Key header")));
        }
        return keyId;
    }

    /** SHA-256 of the report's content in a canonical form (sorted keys, instants in UTC). */
    private String hash(String reporterId, ReportChannel channel, String open311Client, ReportRequest r) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("reporterId", reporterId);
        content.put("channel", channel.name());
        content.put("open311Client", open311Client);
        content.put("category", r.category());
        content.put("description", r.description());
        content.put("lat", r.location().lat());
        content.put("lon", r.location().lon());
        content.put("accuracyM", r.location().accuracyM());
        content.put("address", r.address());
        content.put("observedAt", r.observedAt() == null ? null : r.observedAt().toInstant().toString());
        content.put("mediaUrls", r.mediaUrls());
        content.put("attributes", new TreeMap<>(r.attributes()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
