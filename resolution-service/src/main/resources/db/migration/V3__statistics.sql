-- Statistics (DESIGN.md section 7), in two layers, both maintained from events only (assignments,
-- ticket-events, feedback) so that they never depend on the lifecycle tables:
--
--   ticket_fact   one row per ticket: what the rates need to know about it.
--   stats_rollup  the facts summed per (month of assignment, area at each level of the path, department,
--                 category), and per day down to communities, with a histogram of minutes to resolve.
--                 A query reads hundreds or thousands of these rows instead of millions of facts.
--
-- What one ticket counts for is defined once, by stats_ticket(); where it is added, by
-- stats_contribution(). Each event subtracts the ticket's contribution before the change and adds it
-- after (stats_apply), in the same transaction as the fact's update; stats_rebuild() computes the whole
-- rollup from the facts with the same functions.

-- Columns filled by an event that may arrive before the ticket's TicketAssigned (the three topics are
-- read independently) are nullable; a fact without assigned_at contributes nothing.
CREATE TABLE ticket_fact (
    ticket_id        TEXT PRIMARY KEY,
    department_id    TEXT,
    category         TEXT,
    area_path        TEXT[],
    grid_code        TEXT,
    hop              INTEGER,
    -- First assignment (hop 0): the moment the ticket was received; a re-dispatch does not move it.
    assigned_at      TIMESTAMPTZ,
    -- Deadlines of the current hop: a department is judged by the deadlines it was given.
    response_due_at  TIMESTAMPTZ,
    resolve_due_at   TIMESTAMPTZ,
    accepted_at      TIMESTAMPTZ,
    resolved_at      TIMESTAMPTZ,
    closed           BOOLEAN     NOT NULL DEFAULT FALSE,
    rejected         BOOLEAN     NOT NULL DEFAULT FALSE,
    returned_once    BOOLEAN     NOT NULL DEFAULT FALSE,
    reopened_once    BOOLEAN     NOT NULL DEFAULT FALSE,
    reports          INTEGER     NOT NULL DEFAULT 0,
    confirmed        INTEGER     NOT NULL DEFAULT 0,
    disputed         INTEGER     NOT NULL DEFAULT 0,
    status           TEXT        NOT NULL DEFAULT 'ASSIGNED',
    -- Ticket version of the status change that set status, so a late event never overwrites a newer one.
    status_version   BIGINT      NOT NULL DEFAULT -1
);

-- Part-day edges of a query range (and a grid's days) are read from the facts by assignment time.
CREATE INDEX ticket_fact_assigned ON ticket_fact (assigned_at);
CREATE INDEX ticket_fact_grid_assigned ON ticket_fact (grid_code, assigned_at);
-- "overdue" depends on the moment of the query, so it is counted over the open facts, which are few;
-- the index covers every column that count reads, so it never touches the table.
CREATE INDEX ticket_fact_open_assigned ON ticket_fact (assigned_at)
    INCLUDE (resolve_due_at, response_due_at, accepted_at, department_id, category, area_path)
    WHERE status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED');
-- The overdue list pages through open tickets by deadline.
CREATE INDEX ticket_fact_open ON ticket_fact (resolve_due_at, ticket_id)
    WHERE status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED');

-- Hours to resolve are kept in whole minutes with three significant figures: exact below 1,000 minutes
-- (16 h 40 min), to 10 minutes below 10,000 (about 7 days), to 100 minutes below 100,000 (69 days), and
-- so on: under 1 % off at most.
CREATE FUNCTION stats_bucket(minutes BIGINT) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN minutes < 1000 THEN greatest(minutes, 0)
                WHEN minutes < 10000 THEN minutes - minutes % 10
                WHEN minutes < 100000 THEN minutes - minutes % 100
                WHEN minutes < 1000000 THEN minutes - minutes % 1000
                ELSE minutes - minutes % 10000 END
$$;

-- What one ticket counts for, in every statistic: the day of its assignment in the statistics time zone,
-- its area path, department and category, one number per counter of the rollup, and the bucket of its
-- minutes to resolve (null unless resolved). No row for a fact that has not seen its TicketAssigned yet.
CREATE FUNCTION stats_ticket(f ticket_fact, zone TEXT)
    RETURNS TABLE (day DATE, area_path TEXT[], department_id TEXT, category TEXT, received INTEGER, reports INTEGER,
                   rejected INTEGER, open INTEGER, resolved INTEGER, resolved_on_time INTEGER, accepted_on_time INTEGER,
                   confirmed INTEGER, disputed INTEGER, returned INTEGER, reopened INTEGER, bucket BIGINT)
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
           CASE WHEN f.status IN ('RESOLVED', 'CLOSED') AND f.resolved_at IS NOT NULL
                THEN stats_bucket(floor(extract(epoch FROM f.resolved_at - f.assigned_at) / 60)::bigint) END
    WHERE f.assigned_at IS NOT NULL AND f.department_id IS NOT NULL AND f.category IS NOT NULL
      AND cardinality(f.area_path) > 0
$$;

-- The rollup rows one ticket adds to: its month ('M') at every level of its area path, and its day ('D')
-- down to level 4 (communities). Grids are many and hold few tickets a day: their days are read from the
-- facts. A ticket whose path stops short (an unlocated report has only the city) is counted under
-- 'UNLOCATED' at the deeper levels, down to level 5. Paths have at most ten levels.
CREATE FUNCTION stats_contribution(f ticket_fact, zone TEXT)
    RETURNS TABLE (grain CHAR(1), period DATE, area_level SMALLINT, area_code TEXT, area_path TEXT[],
                   department_id TEXT, category TEXT, received INTEGER, reports INTEGER, rejected INTEGER,
                   open INTEGER, resolved INTEGER, resolved_on_time INTEGER, accepted_on_time INTEGER,
                   confirmed INTEGER, disputed INTEGER, returned INTEGER, reopened INTEGER, bucket BIGINT)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT g.grain,
           CASE g.grain WHEN 'D' THEN t.day ELSE date_trunc('month', t.day)::date END,
           lvl::smallint,
           coalesce(t.area_path[lvl], 'UNLOCATED'),
           t.area_path[1:lvl],
           t.department_id, t.category, t.received, t.reports, t.rejected, t.open, t.resolved,
           t.resolved_on_time, t.accepted_on_time, t.confirmed, t.disputed, t.returned, t.reopened, t.bucket
    FROM stats_ticket(f, zone) AS t,
         (VALUES ('D', 4), ('M', 10)) AS g(grain, deepest),
         (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10)) AS l(lvl)
    WHERE lvl <= least(g.deepest, greatest(5, cardinality(t.area_path)))
$$;

-- The rollup. hours_hist maps a bucket of minutes to resolve (stats_bucket) to a number of tickets.
CREATE TABLE stats_rollup (
    grain            CHAR(1)  NOT NULL,
    period           DATE     NOT NULL,
    area_level       SMALLINT NOT NULL,
    area_code        TEXT     NOT NULL,
    department_id    TEXT     NOT NULL,
    category         TEXT     NOT NULL,
    area_path        TEXT[]   NOT NULL,
    received         BIGINT   NOT NULL DEFAULT 0,
    reports          BIGINT   NOT NULL DEFAULT 0,
    rejected         BIGINT   NOT NULL DEFAULT 0,
    open             BIGINT   NOT NULL DEFAULT 0,
    resolved         BIGINT   NOT NULL DEFAULT 0,
    resolved_on_time BIGINT   NOT NULL DEFAULT 0,
    accepted_on_time BIGINT   NOT NULL DEFAULT 0,
    confirmed        BIGINT   NOT NULL DEFAULT 0,
    disputed         BIGINT   NOT NULL DEFAULT 0,
    returned         BIGINT   NOT NULL DEFAULT 0,
    reopened         BIGINT   NOT NULL DEFAULT 0,
    hours_hist       JSONB    NOT NULL DEFAULT '{}',
    -- One area's rows for a range of periods: the query of every breakdown except by area.
    PRIMARY KEY (area_code, area_level, grain, period, department_id, category)
);
-- The breakdown by area reads one level's rows for a range of periods.
CREATE INDEX stats_rollup_level ON stats_rollup (area_level, grain, period);

-- The time zone the rollup's days and months were cut in; stats_rebuild() records it.
CREATE TABLE stats_setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Sum of two histograms; buckets that drop to zero are removed.
CREATE FUNCTION stats_hist_add(a JSONB, b JSONB) RETURNS JSONB
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT coalesce(jsonb_object_agg(k, n) FILTER (WHERE n <> 0), '{}'::jsonb)
    FROM (SELECT k, sum(v::bigint) AS n
          FROM (SELECT e.key, e.value FROM jsonb_each_text(a) e
                UNION ALL SELECT e.key, e.value FROM jsonb_each_text(b) e) AS x(k, v)
          GROUP BY k) AS y
$$;

-- Adds (sign 1) or removes (sign -1) one ticket's contribution. Rows are taken in key order so that
-- two transactions never lock the same rows in opposite orders.
CREATE FUNCTION stats_apply(f ticket_fact, sign INTEGER, zone TEXT) RETURNS VOID
    LANGUAGE sql VOLATILE
AS $$
    INSERT INTO stats_rollup AS r (grain, period, area_level, area_code, department_id, category, area_path,
        received, reports, rejected, open, resolved, resolved_on_time, accepted_on_time, confirmed, disputed,
        returned, reopened, hours_hist)
    SELECT c.grain, c.period, c.area_level, c.area_code, c.department_id, c.category, c.area_path,
           sign * c.received, sign * c.reports, sign * c.rejected, sign * c.open, sign * c.resolved,
           sign * c.resolved_on_time, sign * c.accepted_on_time, sign * c.confirmed, sign * c.disputed,
           sign * c.returned, sign * c.reopened,
           CASE WHEN c.bucket IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(c.bucket::text, sign) END
    FROM stats_contribution(f, zone) AS c
    ORDER BY c.area_code, c.area_level, c.grain, c.period
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
        hours_hist = stats_hist_add(r.hours_hist, EXCLUDED.hours_hist)
$$;

-- The whole rollup from the facts, cut in the given time zone; returns the number of rollup rows.
CREATE FUNCTION stats_rebuild(zone TEXT) RETURNS BIGINT
    LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    written BIGINT;
BEGIN
    TRUNCATE stats_rollup;
    INSERT INTO stats_rollup (grain, period, area_level, area_code, department_id, category, area_path,
        received, reports, rejected, open, resolved, resolved_on_time, accepted_on_time, confirmed, disputed,
        returned, reopened, hours_hist)
    SELECT grain, period, area_level, area_code, department_id, category, area_path,
           sum(received), sum(reports), sum(rejected), sum(open), sum(resolved), sum(resolved_on_time),
           sum(accepted_on_time), sum(confirmed), sum(disputed), sum(returned), sum(reopened),
           coalesce(jsonb_object_agg(bucket::text, tickets) FILTER (WHERE bucket IS NOT NULL), '{}'::jsonb)
    FROM (SELECT c.grain, c.period, c.area_level, c.area_code, c.department_id, c.category,
                 c.area_path, c.bucket, count(*)::int AS tickets,
                 sum(c.received)::int AS received, sum(c.reports)::int AS reports, sum(c.rejected)::int AS rejected,
                 sum(c.open)::int AS open, sum(c.resolved)::int AS resolved, sum(c.resolved_on_time)::int AS resolved_on_time,
                 sum(c.accepted_on_time)::int AS accepted_on_time, sum(c.confirmed)::int AS confirmed,
                 sum(c.disputed)::int AS disputed, sum(c.returned)::int AS returned, sum(c.reopened)::int AS reopened
          FROM ticket_fact AS f, stats_contribution(f, zone) AS c
          GROUP BY c.grain, c.period, c.area_level, c.area_code, c.area_path, c.department_id, c.category, c.bucket) AS per_bucket
    GROUP BY grain, period, area_level, area_code, area_path, department_id, category;
    GET DIAGNOSTICS written = ROW_COUNT;
    INSERT INTO stats_setting (name, value) VALUES ('zone', zone)
        ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
    RETURN written;
END;
$$;
