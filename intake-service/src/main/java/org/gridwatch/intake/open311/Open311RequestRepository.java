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

/** The reports an Open311 client posted, once Kafka holds them (before that they do not exist for anyone). */
@ApplicationScoped
public class Open311RequestRepository implements PanacheRepositoryBase<ReportEntity, UUID> {

    private static final String CLIENTS_OWN = "open311Client = :client AND acknowledgedAt IS NOT NULL";
    private static final String NEWEST_FIRST = " ORDER BY submittedAt DESC, reportId DESC";

    public Optional<ReportEntity> one(String client, UUID id) {
        return find(CLIENTS_OWN + " AND reportId = :id", Parameters.with("client", client).and("id", id)).firstResultOptional();
    }

    public List<ReportEntity> byIds(String client, Collection<UUID> ids, int limit) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return find(CLIENTS_OWN + " AND reportId IN :ids" + NEWEST_FIRST, Parameters.with("client", client).and("ids", ids))
                .page(0, limit).list();
    }

    /**
     * The client's requests submitted in [start, end], newest first.
     *
     * @param categories empty for all
     * @param closed null for open and closed ones
     */
    public List<ReportEntity> search(String client, OffsetDateTime start, OffsetDateTime end, Collection<String> categories,
                                     Boolean closed, int limit) {
        StringBuilder query = new StringBuilder(CLIENTS_OWN + " AND submittedAt >= :start AND submittedAt <= :end");
        Parameters params = Parameters.with("client", client).and("start", start).and("end", end);
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
