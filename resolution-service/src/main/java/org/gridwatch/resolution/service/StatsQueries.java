package org.gridwatch.resolution.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Cursor;
import org.gridwatch.common.api.Page;
import org.gridwatch.common.api.Problem;
import org.gridwatch.resolution.api.OverdueTicketView;
import org.gridwatch.resolution.api.StatsReportView;
import org.gridwatch.resolution.api.StatsRequest;
import org.gridwatch.resolution.api.StatsRowView;
import org.gridwatch.resolution.config.StatsConfig;
import org.gridwatch.resolution.domain.ResolutionCounts;
import org.gridwatch.resolution.domain.StatsGroupBy;
import org.gridwatch.resolution.persistence.StatsSql;

/**
 * Supervisors' statistics, always confined to the caller's area: an area outside it is refused with 403,
 * whether or not it exists, so the answer reveals nothing about other jurisdictions.
 */
@ApplicationScoped
public class StatsQueries {

    private final DataSource dataSource;
    private final Clock clock;
    private final ZoneId zone;

    public StatsQueries(DataSource dataSource, Clock clock, StatsConfig config) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.zone = config.zone();
    }

    /** The time zone of the statistics' days, weeks and months. */
    public ZoneId zone() {
        return zone;
    }

    public StatsReportView resolution(String callerArea, StatsRequest q) {
        try (Connection c = dataSource.getConnection()) {
            String scope = checkScope(c, callerArea, q.area());
            Integer level = null;
            if (q.groupBy() == StatsGroupBy.AREA) {
                // By default one level below the area asked about: a city supervisor sees districts, and so on;
                // never above the area asked about.
                int depth = StatsSql.depthOf(c, q.area() != null ? q.area() : scope);
                level = q.level() != null ? Math.max(q.level(), depth) : Math.min(StatsSql.DEEPEST_LEVEL, depth + 1);
            }
            StatsSql.Filter filter = new StatsSql.Filter(clock.instant(), q.from().toInstant(), q.to().toInstant(),
                    scope, q.area(), q.department(), q.category());
            List<ResolutionCounts> counts = StatsSql.resolution(c, q.groupBy(), level == null ? 0 : level, filter, zone);
            return new StatsReportView(q.from(), q.to(), q.groupBy().name().toLowerCase(), level,
                    order(counts, q.groupBy(), q.minTickets()));
        } catch (SQLException e) {
            throw new IllegalStateException("Statistics query failed", e);
        }
    }

    public Page<OverdueTicketView> overdue(String callerArea, String area, String department, String category,
            String cursor, int limit) {
        Instant afterDue = null;
        String afterId = null;
        if (cursor != null) {
            List<String> parts = Cursor.decode(cursor, 2);
            afterDue = Cursor.time(parts.get(0)).toInstant();
            afterId = parts.get(1);
        }
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            String scope = checkScope(c, callerArea, area);
            StatsSql.Filter filter = new StatsSql.Filter(now, null, null, scope, area, department, category);
            List<StatsSql.OverdueRow> rows = StatsSql.overdue(c, filter, afterDue, afterId, limit + 1);
            List<OverdueTicketView> items = new ArrayList<>();
            for (StatsSql.OverdueRow r : rows.subList(0, Math.min(limit, rows.size()))) {
                double hours = Duration.between(r.dueAt(), now).toSeconds() / 3600.0;
                items.add(new OverdueTicketView(r.ticketId(), r.departmentId(), r.category(), r.missed(),
                        OffsetDateTime.ofInstant(r.dueAt(), ZoneOffset.UTC), Math.round(hours * 100) / 100.0));
            }
            String next = null;
            if (rows.size() > limit) {
                StatsSql.OverdueRow last = rows.get(limit - 1);
                next = Cursor.encode(last.dueAt().toString(), last.ticketId());
            }
            return new Page<>(items, next);
        } catch (SQLException e) {
            throw new IllegalStateException("Overdue query failed", e);
        }
    }

    /** The caller's area, after checking that {@code area} (if any) lies inside it. */
    private static String checkScope(Connection c, String callerArea, String area) throws SQLException {
        if (callerArea == null || callerArea.isBlank()) {
            throw new ApiException(403, "Forbidden", "Your token names no area", null, null);
        }
        if (area != null && !area.equals(callerArea) && !StatsSql.areaWithin(c, area, callerArea)) {
            throw new ApiException(403, "Forbidden", "Area " + area + " is not inside your area " + callerArea,
                    List.of(new Problem.FieldError("area", "outside your area")), null);
        }
        return callerArea;
    }

    /**
     * Peers (departments, categories, areas) are ranked by resolution rate, best first, then by volume;
     * rows under {@code minTickets} are marked, get no rank and follow the ranked ones. Time buckets are
     * listed in time order.
     */
    static List<StatsRowView> order(List<ResolutionCounts> counts, StatsGroupBy groupBy, int minTickets) {
        List<ResolutionCounts> sorted = new ArrayList<>(counts);
        if (!groupBy.ranked()) {
            sorted.sort(Comparator.comparing(ResolutionCounts::key));
            return sorted.stream().map(r -> StatsRowView.from(r, r.received() < minTickets, null)).toList();
        }
        Comparator<ResolutionCounts> byRate = Comparator.comparing(ResolutionCounts::resolutionRate,
                Comparator.nullsLast(Comparator.reverseOrder()));
        sorted.sort(Comparator.comparing((ResolutionCounts r) -> r.received() < minTickets)
                .thenComparing(byRate)
                .thenComparing(ResolutionCounts::received, Comparator.reverseOrder())
                .thenComparing(ResolutionCounts::key));
        List<StatsRowView> rows = new ArrayList<>();
        int rank = 0;
        for (ResolutionCounts r : sorted) {
            boolean below = r.received() < minTickets;
            rows.add(StatsRowView.from(r, below, below ? null : ++rank));
        }
        return rows;
    }
}
