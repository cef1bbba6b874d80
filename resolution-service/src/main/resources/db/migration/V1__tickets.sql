-- Tickets as departments work them. One ticket carries one or more reports of the same hazard.
CREATE TABLE ticket (
    id               TEXT PRIMARY KEY,
    status           TEXT        NOT NULL,
    category         TEXT        NOT NULL,
    priority         TEXT        NOT NULL,
    department_id    TEXT        NOT NULL,
    grid_code        TEXT,
    area_path        TEXT[]      NOT NULL,
    unlocated        BOOLEAN     NOT NULL,
    lat              DOUBLE PRECISION NOT NULL,
    lon              DOUBLE PRECISION NOT NULL,
    hop              INTEGER     NOT NULL,
    assigned_at      TIMESTAMPTZ NOT NULL,
    response_due_at  TIMESTAMPTZ NOT NULL,
    resolve_due_at   TIMESTAMPTZ NOT NULL,
    version          BIGINT      NOT NULL
);
CREATE INDEX ticket_department_deadline ON ticket (department_id, resolve_due_at);

CREATE TABLE ticket_report (
    report_id     UUID PRIMARY KEY,
    ticket_id     TEXT        NOT NULL REFERENCES ticket (id),
    reporter_id   TEXT        NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX ticket_report_ticket ON ticket_report (ticket_id);

CREATE TABLE ticket_history (
    id           BIGSERIAL PRIMARY KEY,
    ticket_id    TEXT        NOT NULL REFERENCES ticket (id),
    at           TIMESTAMPTZ NOT NULL,
    from_status  TEXT,
    to_status    TEXT        NOT NULL,
    actor        TEXT        NOT NULL,
    note         TEXT
);
CREATE INDEX ticket_history_ticket ON ticket_history (ticket_id, id);

-- Events already applied, per consumer: checked in the same transaction as the effect (G3).
CREATE TABLE processed_event (
    consumer      TEXT        NOT NULL,
    event_id      UUID        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
