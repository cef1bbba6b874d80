package org.gridwatch.intake.open311;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.gridwatch.intake.persistence.ReportEntity;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

/**
 * The reports Open311 clients posted, once Kafka holds them (before that they do not exist for anyone). Reports from
 * the courier app are not among them.
 */
@ApplicationScoped
public class Open311RequestRepository implements PanacheRepositoryBase<ReportEntity, UUID> {

    private static final String OPEN311 = "open311Client IS NOT NULL AND acknowledgedAt IS NOT NULL";
    private static final String NEWEST_FIRST = " ORDER BY submittedAt DESC, reportId DESC";

    public Optional<ReportEntity> one(UUID id) {
        return find(OPEN311 + " AND reportId = :id", Parameters.with("id", id)).firstResultOptional();
    }

    public List<ReportEntity> byIds(Collection<UUID> ids, int limit) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return find(OPEN311 + " AND reportId IN :ids" + NEWEST_FIRST, Parameters.with("ids", ids)).page(0, limit).list();
    }

    /**
     * The requests submitted in [start, end], newest first.
     *
     * @param categories empty for all
     * @param closed null for open and closed ones
     */
    public List<ReportEntity> search(OffsetDateTime start, OffsetDateTime end, Collection<String> categories,
                                     Boolean closed, int limit) {
        StringBuilder query = new StringBuilder(OPEN311 + " AND submittedAt >= :start AND submittedAt <= :end");
        Parameters params = Parameters.with("start", start).and("end", end);
        if (!categories.isEmpty()) {
            query.append(" AND category IN :categories");
            params.and("categories", categories);
        }
        if (closed != null) {
            query.append(closed ? " AND status IN :closed" : " AND status NOT IN :closed");
            params.and("closed", Open311Status.CLOSED_REPORT_STATUSES);
        }
        return find(query + NEWEST_FIRST, params).page(0, limit).list();
    }
}
