package org.gridwatch.intake.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.contracts.events.ReportChannel;
import org.gridwatch.intake.api.ReportRequest;
import org.gridwatch.intake.persistence.ReportEntity;
import org.gridwatch.intake.persistence.ReportRepository;

/** The report table's side of a submission, each step its own short transaction ({@link ReportAcknowledgements} marks it acknowledged). */
@ApplicationScoped
public class ReportStore {

    public static final String SUBMITTED = "SUBMITTED";

    private final ReportRepository reports;

    public ReportStore(ReportRepository reports) {
        this.reports = reports;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<ReportEntity> find(UUID reportId) {
        return reports.findByIdOptional(reportId);
    }

    /** Reserves the report's id; fails on commit if a concurrent request reserved it first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ReportEntity reserve(String reporterId, ReportChannel channel, String open311Client, ReportRequest request,
                                String requestHash, String geoCell, OffsetDateTime now) {
        ReportEntity r = new ReportEntity();
        r.reportId = request.reportUuid();
        r.eventId = UUID.randomUUID();
        r.reporterId = reporterId;
        r.requestHash = requestHash;
        r.channel = channel;
        r.open311Client = open311Client;
        r.category = request.category();
        r.description = request.description();
        r.lat = request.location().lat();
        r.lon = request.location().lon();
        r.accuracyM = request.location().accuracyM();
        r.address = request.address();
        r.observedAt = request.observedAt();
        r.mediaUrls = new ArrayList<>(request.mediaUrls());
        r.attributes = new LinkedHashMap<>(request.attributes());
        r.geoCell = geoCell;
        r.submittedAt = now;
        r.status = SUBMITTED;
        r.updatedAt = now;
        reports.persist(r);
        reports.flush();
        return r;
    }
}
