-- Departments and the versioned routing rules (DESIGN.md sections 2 and 3).
CREATE TABLE department (
    id          TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    area_code   TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Every change to the rules makes a new version; a decision records the version it used.
CREATE TABLE rule_set_version (
    version     BIGINT PRIMARY KEY,
    changed_at  TIMESTAMPTZ NOT NULL,
    change      TEXT        NOT NULL
);
INSERT INTO rule_set_version (version, changed_at, change) VALUES (0, now(), 'no rules yet');

-- A rule lives from the version that created it until the version that replaced or removed it, so any
-- version of the rule set can be read back.
CREATE TABLE routing_rule (
    row_id           BIGSERIAL PRIMARY KEY,
    id               TEXT        NOT NULL,
    category         TEXT        NOT NULL,
    area_code        TEXT        NOT NULL,
    department_id    TEXT        NOT NULL REFERENCES department (id),
    priority         TEXT,
    resolve_hours    INTEGER,
    created_version  BIGINT      NOT NULL REFERENCES rule_set_version (version),
    retired_version  BIGINT REFERENCES rule_set_version (version)
);
CREATE UNIQUE INDEX routing_rule_live_id ON routing_rule (id) WHERE retired_version IS NULL;
CREATE UNIQUE INDEX routing_rule_live_target ON routing_rule (category, area_code) WHERE retired_version IS NULL;

-- Routing's view of tickets: what merging and re-dispatch need. Open until resolution reports it
-- RESOLVED, CLOSED or REJECTED (from gridwatch.ticket-events.v1).
CREATE TABLE ticket (
    id                 TEXT PRIMARY KEY,
    category           TEXT             NOT NULL,
    lat                DOUBLE PRECISION NOT NULL,
    lon                DOUBLE PRECISION NOT NULL,
    grid_code          TEXT,
    area_path          TEXT[]           NOT NULL,
    unlocated          BOOLEAN          NOT NULL,
    opened_at          TIMESTAMPTZ      NOT NULL,
    priority           TEXT             NOT NULL,
    department_id      TEXT             NOT NULL,
    first_report_id    UUID             NOT NULL,
    reporters          TEXT[]           NOT NULL,
    departments_tried  TEXT[]           NOT NULL,
    hop                INTEGER          NOT NULL,
    open               BOOLEAN          NOT NULL,
    status_at          TIMESTAMPTZ      NOT NULL,
    updated_at         TIMESTAMPTZ      NOT NULL
);
CREATE INDEX ticket_open_nearby ON ticket (category, lat, lon) WHERE open;

-- One decision per report, with the event it produced, so that redelivery publishes the same event again.
CREATE TABLE routing_decision (
    report_id         UUID PRIMARY KEY,
    outcome           TEXT        NOT NULL,
    ticket_id         TEXT        NOT NULL,
    department_id     TEXT        NOT NULL,
    grid_code         TEXT,
    area_path         TEXT[]      NOT NULL,
    unlocated         BOOLEAN     NOT NULL,
    rule_id           TEXT,
    rule_set_version  BIGINT      NOT NULL,
    priority          TEXT        NOT NULL,
    reason            TEXT        NOT NULL,
    decided_at        TIMESTAMPTZ NOT NULL,
    event_id          UUID        NOT NULL,
    event_json        TEXT        NOT NULL
);
CREATE INDEX routing_decision_ticket ON routing_decision (ticket_id);

-- Each assignment of a ticket (hop 0 = first, n = n-th re-dispatch after a return) and its event.
CREATE TABLE ticket_hop (
    id             TEXT PRIMARY KEY,
    ticket_id      TEXT        NOT NULL REFERENCES ticket (id),
    hop            INTEGER     NOT NULL,
    department_id  TEXT        NOT NULL,
    reason         TEXT        NOT NULL,
    at             TIMESTAMPTZ NOT NULL,
    event_id       UUID        NOT NULL,
    event_json     TEXT        NOT NULL,
    UNIQUE (ticket_id, hop)
);

CREATE TABLE processed_event (
    consumer      TEXT        NOT NULL,
    event_id      UUID        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
