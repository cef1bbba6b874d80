-- Statistics at national scale (ten million tickets a year): the same figures as V3__statistics.sql, read cheaply.
--
-- 1. "overdue" comes from the rollup. Each rollup row counts the open tickets that were past a deadline at the
--    watermark stats_setting 'overdue_before'; a query adds the open tickets whose deadline fell between the
--    watermark and its own "now" (few: the watermark follows the clock), found by an index on that moment.
--    Every rollup write holds pg_advisory_xact_lock_shared(STATS_LOCK); moving the watermark (stats_overdue_advance)
--    and rebuilding hold it exclusively, so a ticket's contribution is always taken out with the watermark it was
--    put in with.
-- 2. Histograms of minutes to resolve are arrays of (bucket, tickets) pairs sorted by bucket, not JSON.
-- 3. Each rollup row is also kept for all departments and categories together (department_id = category = '*'),
--    so a breakdown without a department or category filter reads one row per period and area, not one per
--    department and category.
-- 4. The overdue list pages through two indexes (resolution deadline; response deadline of unaccepted tickets).
--
-- The rollup is derived data: it is rebuilt from the facts by the service (StatsSql.rebuild) on its next start,
-- which forgetting the recorded zone below asks for.

-- STATS_LOCK = 7454136213406245234 ("gridstar"), taken by the functions below and by TicketFactRepository.

-- The moment an open ticket becomes overdue: its resolution deadline, or its response deadline if that is earlier
-- and the ticket was never accepted. "Overdue" (V3: resolve_due_at < now OR (accepted_at IS NULL AND
-- response_due_at < now)) is exactly stats_overdue_at(...) < now.
CREATE FUNCTION stats_overdue_at(accepted_at TIMESTAMPTZ, response_due_at TIMESTAMPTZ, resolve_due_at TIMESTAMPTZ)
    RETURNS TIMESTAMPTZ
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN accepted_at IS NULL THEN least(response_due_at, resolve_due_at) ELSE resolve_due_at END
$$;

CREATE INDEX ticket_fact_open_overdue_at ON ticket_fact (stats_overdue_at(accepted_at, response_due_at, resolve_due_at))
    WHERE status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED');
-- The overdue list's second source: open tickets never accepted, by response deadline (the first is ticket_fact_open).
CREATE INDEX ticket_fact_open_unaccepted ON ticket_fact (response_due_at, ticket_id)
    WHERE status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED') AND accepted_at IS NULL;
-- The overdue count no longer scans the open facts.
DROP INDEX ticket_fact_open_assigned;

DROP FUNCTION stats_rebuild(TEXT);
DROP FUNCTION stats_apply(ticket_fact, INTEGER, TEXT);
DROP FUNCTION stats_contribution(ticket_fact, TEXT);
DROP FUNCTION stats_ticket(ticket_fact, TEXT);
DROP FUNCTION stats_hist_add(JSONB, JSONB);

TRUNCATE stats_rollup;
ALTER TABLE stats_rollup DROP COLUMN hours_hist;
-- Open tickets past a deadline at the watermark.
ALTER TABLE stats_rollup ADD COLUMN overdue BIGINT NOT NULL DEFAULT 0;
-- {bucket1, tickets1, bucket2, tickets2, ...}, buckets (stats_bucket) ascending, no zero counts.
ALTER TABLE stats_rollup ADD COLUMN minutes_hist BIGINT[] NOT NULL DEFAULT '{}';
DELETE FROM stats_setting WHERE name IN ('zone', 'overdue_before');

-- What one ticket counts for (as in V3), with "overdue" at the watermark.
CREATE FUNCTION stats_ticket(f ticket_fact, zone TEXT, overdue_before TIMESTAMPTZ)
    RETURNS TABLE (day DATE, area_path TEXT[], department_id TEXT, category TEXT, received INTEGER, reports INTEGER,
                   rejected INTEGER, open INTEGER, resolved INTEGER, resolved_on_time INTEGER, accepted_on_time INTEGER,
                   confirmed INTEGER, disputed INTEGER, returned INTEGER, reopened INTEGER, overdue INTEGER, bucket BIGINT)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT (f.assigned_at AT TIME ZONE zone)::date,
           f.area_path,
           f.department_id,
           f.category,
           1,
           f.reports,
           f.rejected::int,
           (f.status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED'))::int,
           (f.status IN ('RESOLVED', 'CLOSED'))::int,
           (f.status IN ('RESOLVED', 'CLOSED') AND f.resolved_at <= f.resolve_due_at)::int,
           coalesce(f.accepted_at <= f.response_due_at, false)::int,
           f.confirmed,
           f.disputed,
           f.returned_once::int,
           (f.reopened_once AND f.status IN ('RESOLVED', 'CLOSED'))::int,
           coalesce(f.status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED')
                    AND stats_overdue_at(f.accepted_at, f.response_due_at, f.resolve_due_at) < overdue_before, false)::int,
           CASE WHEN f.status IN ('RESOLVED', 'CLOSED') AND f.resolved_at IS NOT NULL
                THEN stats_bucket(floor(extract(epoch FROM f.resolved_at - f.assigned_at) / 60)::bigint) END
    WHERE f.assigned_at IS NOT NULL AND f.department_id IS NOT NULL AND f.category IS NOT NULL
      AND cardinality(f.area_path) > 0
$$;

-- The rollup rows one ticket adds to (as in V3), once under its department and category and once under '*', '*'.
-- StatsSql.rebuild makes the same rows in Java; ResolutionStatisticsTest compares the two.
CREATE FUNCTION stats_contribution(f ticket_fact, zone TEXT, overdue_before TIMESTAMPTZ)
    RETURNS TABLE (grain CHAR(1), period DATE, area_level SMALLINT, area_code TEXT, area_path TEXT[],
                   department_id TEXT, category TEXT, received INTEGER, reports INTEGER, rejected INTEGER,
                   open INTEGER, resolved INTEGER, resolved_on_time INTEGER, accepted_on_time INTEGER,
                   confirmed INTEGER, disputed INTEGER, returned INTEGER, reopened INTEGER, overdue INTEGER, bucket BIGINT)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT g.grain,
           CASE g.grain WHEN 'D' THEN t.day ELSE date_trunc('month', t.day)::date END,
           lvl::smallint,
           coalesce(t.area_path[lvl], 'UNLOCATED'),
           t.area_path[1:lvl],
           fam.department_id, fam.category, t.received, t.reports, t.rejected, t.open, t.resolved,
           t.resolved_on_time, t.accepted_on_time, t.confirmed, t.disputed, t.returned, t.reopened, t.overdue, t.bucket
    FROM stats_ticket(f, zone, overdue_before) AS t,
         (VALUES ('D', 4), ('M', 10)) AS g(grain, deepest),
         (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10)) AS l(lvl),
         LATERAL (VALUES (t.department_id, t.category), ('*', '*')) AS fam(department_id, category)
    WHERE lvl <= least(g.deepest, greatest(5, cardinality(t.area_path)))
$$;

-- Sum of two histograms; buckets that drop to zero are removed. An event adds one pair (bucket, +1 or -1): found by
-- binary search and changed in place, or inserted in order; anything else is merged as sets.
CREATE FUNCTION stats_hist_add(a BIGINT[], b BIGINT[]) RETURNS BIGINT[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    lo INTEGER := 1;
    hi INTEGER := cardinality(a) / 2;
    mid INTEGER;
    bucket BIGINT;
    tickets BIGINT;
BEGIN
    IF cardinality(b) <> 2 THEN
        RETURN (SELECT coalesce(array_agg(v.x ORDER BY y.k, v.o), '{}')
                FROM (SELECT k, sum(n) AS n
                      FROM (SELECT a[2 * i - 1], a[2 * i] FROM generate_series(1, cardinality(a) / 2) AS i
                            UNION ALL
                            SELECT b[2 * i - 1], b[2 * i] FROM generate_series(1, cardinality(b) / 2) AS i) AS x(k, n)
                      GROUP BY k
                      HAVING sum(n) <> 0) AS y,
                     LATERAL (VALUES (1, y.k), (2, y.n)) AS v(o, x));
    END IF;
    bucket := b[1];
    tickets := b[2];
    WHILE lo <= hi LOOP
        mid := (lo + hi) / 2;
        IF a[2 * mid - 1] = bucket THEN
            IF a[2 * mid] + tickets = 0 THEN
                RETURN a[1:2 * mid - 2] || a[2 * mid + 1:];
            END IF;
            a[2 * mid] := a[2 * mid] + tickets;
            RETURN a;
        ELSIF a[2 * mid - 1] < bucket THEN
            lo := mid + 1;
        ELSE
            hi := mid - 1;
        END IF;
    END LOOP;
    IF tickets = 0 THEN
        RETURN a;
    END IF;
    RETURN a[1:2 * lo - 2] || ARRAY[bucket, tickets] || a[2 * lo - 1:];
END;
$$;

-- The watermark of "overdue" in the rollup; -infinity (nothing counted yet) before the first rebuild.
CREATE FUNCTION stats_overdue_before() RETURNS TIMESTAMPTZ
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce((SELECT value::timestamptz FROM stats_setting WHERE name = 'overdue_before'), '-infinity')
$$;

-- Adds (sign 1) or removes (sign -1) one ticket's contribution, with "overdue" at the current watermark; the caller
-- holds pg_advisory_xact_lock_shared(STATS_LOCK), taken before its first read of the watermark. Rows are taken in
-- key order so that two transactions never lock the same rows in opposite orders.
CREATE FUNCTION stats_apply(f ticket_fact, sign INTEGER, zone TEXT) RETURNS VOID
    LANGUAGE sql VOLATILE
AS $$
    INSERT INTO stats_rollup AS r (grain, period, area_level, area_code, department_id, category, area_path,
        received, reports, rejected, open, resolved, resolved_on_time, accepted_on_time, confirmed, disputed,
        returned, reopened, overdue, minutes_hist)
    SELECT c.grain, c.period, c.area_level, c.area_code, c.department_id, c.category, c.area_path,
           sign * c.received, sign * c.reports, sign * c.rejected, sign * c.open, sign * c.resolved,
           sign * c.resolved_on_time, sign * c.accepted_on_time, sign * c.confirmed, sign * c.disputed,
           sign * c.returned, sign * c.reopened, sign * c.overdue,
           CASE WHEN c.bucket IS NULL THEN '{}'::bigint[] ELSE ARRAY[c.bucket, sign] END
    FROM stats_contribution(f, zone, stats_overdue_before()) AS c
    ORDER BY c.area_code, c.area_level, c.grain, c.period, c.department_id, c.category
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

-- Moves the watermark forward to upto: the open tickets whose deadline fell in [watermark, upto) are counted as
-- overdue in their rollup rows. Returns how many tickets that was; nothing happens if upto is not later.
CREATE FUNCTION stats_overdue_advance(upto TIMESTAMPTZ) RETURNS BIGINT
    LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    since TIMESTAMPTZ;
    zone TEXT;
    moved BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(7454136213406245234);
    since := stats_overdue_before();
    SELECT value INTO zone FROM stats_setting WHERE name = 'zone';
    IF zone IS NULL OR upto <= since THEN
        RETURN 0;
    END IF;
    SELECT count(*) INTO moved FROM ticket_fact
    WHERE status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED')
      AND stats_overdue_at(accepted_at, response_due_at, resolve_due_at) >= since
      AND stats_overdue_at(accepted_at, response_due_at, resolve_due_at) < upto;
    INSERT INTO stats_rollup AS r (grain, period, area_level, area_code, department_id, category, area_path, overdue)
    SELECT c.grain, c.period, c.area_level, c.area_code, c.department_id, c.category, min(c.area_path),
           count(*)
    FROM ticket_fact AS f, stats_contribution(f, zone, upto) AS c
    WHERE f.status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED')
      AND stats_overdue_at(f.accepted_at, f.response_due_at, f.resolve_due_at) >= since
      AND stats_overdue_at(f.accepted_at, f.response_due_at, f.resolve_due_at) < upto
    GROUP BY c.area_code, c.area_level, c.grain, c.period, c.department_id, c.category
    ORDER BY c.area_code, c.area_level, c.grain, c.period, c.department_id, c.category
    ON CONFLICT (area_code, area_level, grain, period, department_id, category) DO UPDATE SET
        overdue = r.overdue + EXCLUDED.overdue;
    INSERT INTO stats_setting (name, value) VALUES ('overdue_before', to_char(upto AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
    RETURN moved;
END;
$$;

-- The rows of all departments and categories, by area (every breakdown but by area) and by level (by area).
CREATE INDEX stats_rollup_all_area ON stats_rollup (area_code, area_level, grain, period) WHERE department_id = '*';
CREATE INDEX stats_rollup_all_level ON stats_rollup (area_level, grain, period) WHERE department_id = '*';
