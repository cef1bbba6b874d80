-- Statistics projection (DESIGN.md section 7): one row per ticket, maintained from events only
-- (assignments, ticket-events, feedback), so it never depends on the lifecycle tables.
-- Columns filled by an event that may arrive before the ticket's TicketAssigned (the three topics are
-- read independently) are nullable; a row without assigned_at is outside every [from, to) range.
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

-- Every statistics query is a range of assignment time inside an area. Facts are appended roughly in
-- assignment order, so a range scan of this index reads the table nearly sequentially. (An index on
-- (department_id, assigned_at) was tried and dropped: the planner used it to avoid a sort and then read
-- the whole table in random order, 10x slower; see bench/README.md.)
CREATE INDEX ticket_fact_assigned ON ticket_fact (assigned_at);
CREATE INDEX ticket_fact_area ON ticket_fact USING GIN (area_path);
-- Open tickets are few; the overdue list reads only them.
CREATE INDEX ticket_fact_open ON ticket_fact (resolve_due_at, ticket_id)
    WHERE status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED');
