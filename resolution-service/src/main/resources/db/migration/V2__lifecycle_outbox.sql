-- The lifecycle's own facts on the ticket: when it was last resolved (the 72-hour feedback window runs
-- from there) and which deadlines were already escalated (each is announced once per assignment).
ALTER TABLE ticket ADD COLUMN resolved_at             TIMESTAMPTZ;
ALTER TABLE ticket ADD COLUMN response_escalated_at   TIMESTAMPTZ;
ALTER TABLE ticket ADD COLUMN resolution_escalated_at TIMESTAMPTZ;

-- Which department held the ticket when the step happened (a return names the department returning it),
-- and the evidence a resolution carries.
ALTER TABLE ticket_history ADD COLUMN department_id TEXT;
ALTER TABLE ticket_history ADD COLUMN evidence_urls TEXT[];
UPDATE ticket_history h SET department_id = t.department_id FROM ticket t WHERE t.id = h.ticket_id;

-- G4: events written in the same transaction as the change they announce; the relay publishes them in
-- id order and then stamps published_at.
CREATE TABLE outbox (
    id            BIGSERIAL PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    topic         TEXT        NOT NULL,
    event_key     TEXT        NOT NULL,
    ce_type       TEXT        NOT NULL,
    payload       TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    published_at  TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- The deadline watch scans open tickets by their deadlines.
CREATE INDEX ticket_status_resolve_due ON ticket (status, resolve_due_at);
CREATE INDEX ticket_resolved_at ON ticket (resolved_at) WHERE status = 'RESOLVED';
