package org.gridwatch.intake.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

/** The recorded steps of reports' histories. */
@ApplicationScoped
public class ReportHistoryRepository implements PanacheRepository<ReportHistoryEntry> {

    public List<ReportHistoryEntry> listFor(UUID reportId) {
        return list("reportId", reportId);
    }
}
