package org.gridwatch.routing.service;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.routing.persistence.ReceivedReport;
import org.gridwatch.routing.persistence.ReceivedReportRepository;

/**
 * Records each submitted report once. A report resent by the app arrives as a new event with the same
 * reportId; it and any Kafka redelivery find the row already there and change nothing.
 */
@ApplicationScoped
public class ReportIntake {

    private final ReceivedReportRepository reports;

    public ReportIntake(ReceivedReportRepository reports) {
        this.reports = reports;
    }

    @Transactional
    public void receive(ReportSubmitted event, OffsetDateTime now) {
        if (reports.findByIdOptional(event.reportId()).isPresent()) {
            return;
        }
        ReceivedReport report = new ReceivedReport();
        report.reportId = event.reportId();
        report.eventId = event.eventId();
        report.reporterId = event.reporterId();
        report.category = event.category();
        report.lat = event.location().lat();
        report.lon = event.location().lon();
        report.geoCell = event.geoCell();
        report.submittedAt = event.submittedAt();
        report.receivedAt = now;
        reports.persist(report);
    }
}
