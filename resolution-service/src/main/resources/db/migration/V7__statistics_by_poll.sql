-- The statistics consumers apply a poll of events at a time (StatsProjection.apply, TicketFactRepository.changing): the
-- facts of the poll's tickets are locked and read, the events change them, and then each rollup row they count in is
-- written once, with the sum of the differences between every such fact after the poll and before it. Before, every
-- event took its ticket's contribution out of the rollup and put it back (36 row updates per event, each rewriting the
-- row's histogram). The sums telescope, so the rollup ends exactly as if each event had been applied alone; a row that
-- no fact counts in is never made (a rebuild makes none either). stats_apply stays for instances of the previous
-- release during a rolling upgrade.
CREATE FUNCTION stats_apply_change(before ticket_fact[], ticket_ids TEXT[], zone TEXT) RETURNS VOID
    LANGUAGE sql VOLATILE
AS $$
    WITH delta AS (
        SELECT c.*, -1 AS sign
        FROM unnest(before) AS f, stats_contribution(f, zone, stats_overdue_before()) AS c
        UNION ALL
        SELECT c.*, 1
        FROM ticket_fact AS f, stats_contribution(f, zone, stats_overdue_before()) AS c
        WHERE f.ticket_id = ANY (ticket_ids)
    ),
    sums AS (
        SELECT grain, period, area_level, area_code, department_id, category, min(area_path) AS area_path,
               sum(sign * received) AS received, sum(sign * reports) AS reports, sum(sign * rejected) AS rejected,
               sum(sign * open) AS open, sum(sign * resolved) AS resolved,
               sum(sign * resolved_on_time) AS resolved_on_time, sum(sign * accepted_on_time) AS accepted_on_time,
               sum(sign * confirmed) AS confirmed, sum(sign * disputed) AS disputed, sum(sign * returned) AS returned,
               sum(sign * reopened) AS reopened, sum(sign * overdue) AS overdue
        FROM delta
        GROUP BY grain, period, area_level, area_code, department_id, category
    ),
    buckets AS (
        SELECT grain, period, area_level, area_code, department_id, category, bucket, sum(sign) AS tickets
        FROM delta
        WHERE bucket IS NOT NULL
        GROUP BY grain, period, area_level, area_code, department_id, category, bucket
        HAVING sum(sign) <> 0
    ),
    hists AS (
        -- {bucket1, tickets1, bucket2, tickets2, ...} ascending, as stats_hist_add adds them
        SELECT b.grain, b.period, b.area_level, b.area_code, b.department_id, b.category,
               array_agg(v.x ORDER BY b.bucket, v.o) AS minutes_hist
        FROM buckets AS b, LATERAL (VALUES (1, b.bucket), (2, b.tickets)) AS v(o, x)
        GROUP BY b.grain, b.period, b.area_level, b.area_code, b.department_id, b.category
    )
    INSERT INTO stats_rollup AS r (grain, period, area_level, area_code, department_id, category, area_path,
        received, reports, rejected, open, resolved, resolved_on_time, accepted_on_time, confirmed, disputed,
        returned, reopened, overdue, minutes_hist)
    SELECT s.grain, s.period, s.area_level, s.area_code, s.department_id, s.category, s.area_path,
           s.received, s.reports, s.rejected, s.open, s.resolved, s.resolved_on_time, s.accepted_on_time,
           s.confirmed, s.disputed, s.returned, s.reopened, s.overdue, coalesce(h.minutes_hist, '{}')
    FROM sums AS s
    LEFT JOIN hists AS h
        ON (h.grain, h.period, h.area_level, h.area_code, h.department_id, h.category)
         = (s.grain, s.period, s.area_level, s.area_code, s.department_id, s.category)
    WHERE h.minutes_hist IS NOT NULL
       OR (s.received, s.reports, s.rejected, s.open, s.resolved, s.resolved_on_time, s.accepted_on_time, s.confirmed,
           s.disputed, s.returned, s.reopened, s.overdue) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    -- Rows are taken in key order, as stats_apply takes them, so that two transactions never lock them in opposite orders.
    ORDER BY s.area_code, s.area_level, s.grain, s.period, s.department_id, s.category
    ON CONFLICT (area_code, area_level, grain, period, department_id, category) DO UPDATE SET
        received = r.received + EXCLUDED.received,
        reports = r.reports + EXCLUDED.reports,
        rejected = r.rejected + EXCLUDED.rejected,
        open = r.open + EXCLUDED.open,
        resolved = r.resolved + EXCLUDED.resolved,
        resolved_on_time = r.resolved_on_time + EXCLUDED.resolved_on_time,
        accepted_on_time = r.accepted_on_time + EXCLUDED.accepted_on_time,
        confirmed = r.confirmed + EXCLUDED.confirmed,
        disputed = r.disputed + EXCLUDED.disputed,
        returned = r.returned + EXCLUDED.returned,
        reopened = r.reopened + EXCLUDED.reopened,
        overdue = r.overdue + EXCLUDED.overdue,
        minutes_hist = CASE WHEN cardinality(EXCLUDED.minutes_hist) = 0 THEN r.minutes_hist
                            ELSE stats_hist_add(r.minutes_hist, EXCLUDED.minutes_hist) END
$$;
