-- The rule (and rule-set version) that gave the ticket to its current department, from routing's TicketAssigned;
-- null on tickets assigned before this migration. A late merge split off a finished ticket goes to the same
-- department under the same rule.
ALTER TABLE ticket ADD COLUMN rule_id TEXT;
ALTER TABLE ticket ADD COLUMN rule_set_version BIGINT;
-- G7: a report routing merged into a ticket that was already finished (RESOLVED, CLOSED, REJECTED) when the merge
-- arrived opens a ticket of its own; it names the finished ticket here.
ALTER TABLE ticket ADD COLUMN split_from TEXT;

-- G8: an outbox row that can never be sent (it fails its event's schema, Kafka refuses it as too large) is moved
-- here, with the reason, so that the rows behind it keep flowing. An operator reads, repairs or deletes it.
CREATE TABLE outbox_parked (
    id          BIGINT PRIMARY KEY,
    event_id    UUID        NOT NULL,
    topic       TEXT        NOT NULL,
    event_key   TEXT        NOT NULL,
    ce_type     TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    parked_at   TIMESTAMPTZ NOT NULL,
    reason      TEXT        NOT NULL
);
