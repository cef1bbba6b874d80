package org.gridwatch.intake.persistence;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

/** The points ledger: credits written once per ticket and reporter, the leaderboard and each reporter's balance. */
@ApplicationScoped
public class PointsRepository implements PanacheRepository<PointsCreditEntity> {

    /** One reporter's totals, or of one leaderboard row. */
    public record Totals(String reporterId, String alias, long points, long tickets, long firstReports, long rank) {
    }

    /** Writes the credit unless the reporter already has one for the ticket; true if it was written. */
    public boolean creditOnce(PointsCreditEntity c) {
        int inserted = getEntityManager().createNativeQuery("""
                        INSERT INTO points_credit (ticket_id, reporter_id, reporter_alias, report_id, role, points,
                                                   ticket_status, category, credited_at, event_id)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                        ON CONFLICT (ticket_id, reporter_id) DO NOTHING""")
                .setParameter(1, c.ticketId).setParameter(2, c.reporterId).setParameter(3, c.reporterAlias)
                .setParameter(4, c.reportId).setParameter(5, c.role).setParameter(6, c.points)
                .setParameter(7, c.ticketStatus).setParameter(8, c.category).setParameter(9, c.creditedAt)
                .setParameter(10, c.eventId)
                .executeUpdate();
        return inserted == 1;
    }

    public Totals totalsOf(String reporterId) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery("""
                        SELECT COALESCE(SUM(points), 0), COUNT(*), COUNT(*) FILTER (WHERE role = 'FIRST_REPORTER')
                        FROM points_credit WHERE reporter_id = ?1""")
                .setParameter(1, reporterId).getSingleResult();
        return new Totals(reporterId, null, number(row[0]), number(row[1]), number(row[2]), 0);
    }

    /** Up to {@code limit} of the reporter's credits older than the cursor position, newest first. */
    public List<PointsCreditEntity> creditsOf(String reporterId, OffsetDateTime beforeAt, String beforeTicket, int limit) {
        if (beforeAt == null) {
            return find("reporterId = ?1 ORDER BY creditedAt DESC, ticketId DESC", reporterId).page(0, limit).list();
        }
        return find("reporterId = ?1 AND (creditedAt < ?2 OR (creditedAt = ?2 AND ticketId < ?3)) "
                + "ORDER BY creditedAt DESC, ticketId DESC", reporterId, beforeAt, beforeTicket).page(0, limit).list();
    }

    /**
     * Reporters by points earned in {@code [from, to)} (either may be null) for reports whose area path holds
     * every code of {@code areaCodes}: highest first, ties by pseudonym, each with its rank among all matching
     * reporters (1, 2, 2, 4, ...); after the position {@code (afterPoints, afterAlias)} when given.
     */
    public List<Totals> leaderboard(List<String> areaCodes, OffsetDateTime from, OffsetDateTime to,
                                    Long afterPoints, String afterAlias, int limit) {
        StringBuilder where = new StringBuilder("WHERE TRUE");
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < areaCodes.size(); i++) {
            where.append(" AND r.area_path @> ARRAY[CAST(:area").append(i).append(" AS text)]");
            params.put("area" + i, areaCodes.get(i));
        }
        if (from != null) {
            where.append(" AND c.credited_at >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.append(" AND c.credited_at < :to");
            params.put("to", to);
        }
        String after = "";
        if (afterPoints != null) {
            after = "WHERE points < :afterPoints OR (points = :afterPoints AND reporter_alias > :afterAlias)";
            params.put("afterPoints", afterPoints);
            params.put("afterAlias", afterAlias);
        }
        String join = areaCodes.isEmpty() ? "" : "JOIN report r ON r.report_id = c.report_id";
        Query query = getEntityManager().createNativeQuery("""
                WITH totals AS (
                    SELECT c.reporter_id, c.reporter_alias, SUM(c.points) AS points, COUNT(*) AS tickets,
                           COUNT(*) FILTER (WHERE c.role = 'FIRST_REPORTER') AS first_reports
                    FROM points_credit c %s
                    %s
                    GROUP BY c.reporter_id, c.reporter_alias
                ), ranked AS (
                    SELECT totals.*, RANK() OVER (ORDER BY points DESC) AS rank FROM totals
                )
                SELECT reporter_id, reporter_alias, points, tickets, first_reports, rank FROM ranked
                %s
                ORDER BY points DESC, reporter_alias
                LIMIT :limit""".formatted(join, where, after));
        params.forEach(query::setParameter);
        query.setParameter("limit", limit);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<Totals> result = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            result.add(new Totals((String) row[0], (String) row[1], number(row[2]), number(row[3]), number(row[4]),
                    number(row[5])));
        }
        return result;
    }

    /** The key of the reporters' pseudonyms, which the V3 migration generated at random. */
    public String aliasKey() {
        return (String) getEntityManager().createNativeQuery("SELECT value FROM intake_secret WHERE name = ?1")
                .setParameter(1, "reporter-alias-key").getSingleResult();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
