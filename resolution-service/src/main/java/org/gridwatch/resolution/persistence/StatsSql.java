package org.gridwatch.resolution.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.resolution.domain.ResolutionCounts;
import org.gridwatch.resolution.domain.StatsGroupBy;

/**
 * The statistics queries over {@code ticket_fact}, in plain JDBC so that the service and the benchmark
 * (bench/) run exactly the same SQL. Every figure is exact: counts with FILTER, percentiles with
 * {@code percentile_cont} over the resolved tickets of the range.
 */
public final class StatsSql {

    private static final String OPEN = "status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED')";
    private static final String RESOLVED = "status IN ('RESOLVED', 'CLOSED')";
    private static final String HOURS = "(extract(epoch FROM resolved_at - assigned_at) / 3600.0)::float8";

    /** Which tickets a query covers: assigned in [from, to), inside {@code scopeArea}, optionally narrowed. */
    public record Filter(Instant now, Instant from, Instant to, String scopeArea, String area, String department, String category) {
    }

    /** One open ticket past a deadline; {@code missed} is RESPONSE or RESOLUTION. */
    public record OverdueRow(String ticketId, String departmentId, String category, Instant dueAt, String missed) {
    }

    private StatsSql() {
    }

    /** One row per group, in no particular order. {@code areaDepth} is used only for {@link StatsGroupBy#AREA}. */
    public static List<ResolutionCounts> resolution(Connection connection, StatsGroupBy groupBy, int areaDepth, Filter f)
            throws SQLException {
        String sql = resolutionSql(groupBy, areaDepth, f);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, utc(f.now()));
            ps.setObject(i++, utc(f.now()));
            bindWhere(connection, ps, i, f);
            List<ResolutionCounts> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ResolutionCounts(rs.getString("key"), rs.getLong("received"), rs.getLong("reports"),
                            rs.getLong("rejected"), rs.getLong("open"), rs.getLong("overdue"), rs.getLong("resolved"),
                            rs.getLong("resolved_on_time"), rs.getLong("accepted_on_time"), rs.getLong("confirmed"),
                            rs.getLong("disputed"), rs.getLong("returned"), rs.getLong("reopened"),
                            percentile(rs, 0), percentile(rs, 1)));
                }
            }
            return rows;
        }
    }

    /** The SQL text of {@link #resolution}: parameters now, now, from, to, scope area, then the optional filters. */
    public static String resolutionSql(StatsGroupBy groupBy, int areaDepth, Filter f) {
        return "SELECT " + key(groupBy, areaDepth) + " AS key,"
                + " count(*) AS received,"
                + " coalesce(sum(reports), 0) AS reports,"
                + " count(*) FILTER (WHERE rejected) AS rejected,"
                + " count(*) FILTER (WHERE " + OPEN + ") AS open,"
                + " count(*) FILTER (WHERE " + OPEN + " AND (resolve_due_at < ? OR (accepted_at IS NULL AND response_due_at < ?))) AS overdue,"
                + " count(*) FILTER (WHERE " + RESOLVED + ") AS resolved,"
                + " count(*) FILTER (WHERE " + RESOLVED + " AND resolved_at <= resolve_due_at) AS resolved_on_time,"
                + " count(*) FILTER (WHERE accepted_at <= response_due_at) AS accepted_on_time,"
                + " coalesce(sum(confirmed), 0) AS confirmed,"
                + " coalesce(sum(disputed), 0) AS disputed,"
                + " count(*) FILTER (WHERE returned_once) AS returned,"
                + " count(*) FILTER (WHERE reopened_once AND " + RESOLVED + ") AS reopened,"
                // Both percentiles from one sort of each group's resolution times.
                + " percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY " + HOURS + ") FILTER (WHERE " + RESOLVED + " AND resolved_at IS NOT NULL) AS hours"
                + " FROM ticket_fact WHERE " + where(f)
                + " GROUP BY 1";
    }

    /**
     * Open tickets past their response deadline (not accepted) or resolution deadline, most overdue first,
     * after the keyset ({@code afterDue}, {@code afterId}) when given. The range of {@code f} is ignored.
     */
    public static List<OverdueRow> overdue(Connection connection, Filter f, Instant afterDue, String afterId, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ticket_id, department_id, category, due, missed FROM ("
                + " SELECT ticket_id, department_id, category,"
                + " CASE WHEN resolve_due_at < ? THEN resolve_due_at ELSE response_due_at END AS due,"
                + " CASE WHEN resolve_due_at < ? THEN 'RESOLUTION' ELSE 'RESPONSE' END AS missed"
                + " FROM ticket_fact WHERE " + OPEN + " AND assigned_at IS NOT NULL"
                + " AND (resolve_due_at < ? OR (accepted_at IS NULL AND response_due_at < ?))"
                + " AND area_path @> ?");
        if (f.area() != null) {
            sql.append(" AND area_path @> ?");
        }
        if (f.department() != null) {
            sql.append(" AND department_id = ?");
        }
        if (f.category() != null) {
            sql.append(" AND category = ?");
        }
        sql.append(") o");
        if (afterId != null) {
            sql.append(" WHERE (due, ticket_id) > (?, ?)");
        }
        sql.append(" ORDER BY due, ticket_id LIMIT ?");
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            int i = 1;
            for (int k = 0; k < 4; k++) {
                ps.setObject(i++, utc(f.now()));
            }
            ps.setArray(i++, connection.createArrayOf("text", new String[] {f.scopeArea()}));
            if (f.area() != null) {
                ps.setArray(i++, connection.createArrayOf("text", new String[] {f.area()}));
            }
            if (f.department() != null) {
                ps.setString(i++, f.department());
            }
            if (f.category() != null) {
                ps.setString(i++, f.category());
            }
            if (afterId != null) {
                ps.setObject(i++, utc(afterDue));
                ps.setString(i++, afterId);
            }
            ps.setInt(i, limit);
            List<OverdueRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OverdueRow(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5)));
                }
            }
            return rows;
        }
    }

    /** Whether some ticket's path runs through {@code scopeArea} and then down to {@code area}: a known area inside it. */
    public static boolean areaWithin(Connection connection, String area, String scopeArea) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM ticket_fact WHERE area_path @> ?"
                + " AND array_position(area_path, ?) > array_position(area_path, ?) LIMIT 1")) {
            ps.setArray(1, connection.createArrayOf("text", new String[] {scopeArea, area}));
            ps.setString(2, area);
            ps.setString(3, scopeArea);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Depth of {@code area} in the area paths (1 for the city), or 0 when no ticket lies in it. */
    public static int depthOf(Connection connection, String area) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT array_position(area_path, ?) FROM ticket_fact WHERE area_path @> ? LIMIT 1")) {
            ps.setString(1, area);
            ps.setArray(2, connection.createArrayOf("text", new String[] {area}));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static String key(StatsGroupBy groupBy, int areaDepth) {
        return switch (groupBy) {
            case DEPARTMENT -> "department_id";
            case CATEGORY -> "category";
            // An unlocated ticket's path stops at the city: it has no code at deeper levels.
            case AREA -> "coalesce(area_path[" + areaDepth + "], 'UNLOCATED')";
            case DAY -> "to_char(assigned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
            case WEEK -> "to_char(assigned_at AT TIME ZONE 'UTC', 'IYYY-\"W\"IW')";
            case MONTH -> "to_char(assigned_at AT TIME ZONE 'UTC', 'YYYY-MM')";
        };
    }

    private static String where(Filter f) {
        return "assigned_at >= ? AND assigned_at < ? AND area_path @> ?"
                + (f.area() != null ? " AND area_path @> ?" : "")
                + (f.department() != null ? " AND department_id = ?" : "")
                + (f.category() != null ? " AND category = ?" : "");
    }

    private static void bindWhere(Connection connection, PreparedStatement ps, int first, Filter f) throws SQLException {
        int i = first;
        ps.setObject(i++, utc(f.from()));
        ps.setObject(i++, utc(f.to()));
        ps.setArray(i++, connection.createArrayOf("text", new String[] {f.scopeArea()}));
        if (f.area() != null) {
            ps.setArray(i++, connection.createArrayOf("text", new String[] {f.area()}));
        }
        if (f.department() != null) {
            ps.setString(i++, f.department());
        }
        if (f.category() != null) {
            ps.setString(i, f.category());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Double percentile(ResultSet rs, int index) throws SQLException {
        java.sql.Array hours = rs.getArray("hours");
        if (hours == null) {
            return null;
        }
        Object value = ((Object[]) hours.getArray())[index];
        return value == null ? null : ((Number) value).doubleValue();
    }
}
