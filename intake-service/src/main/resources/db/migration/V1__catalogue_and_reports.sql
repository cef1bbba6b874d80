-- The category catalogue as routing publishes it on gridwatch.categories.v1 (latest state per code).
CREATE TABLE category (
    code                TEXT PRIMARY KEY,
    name_zh             TEXT        NOT NULL,
    name_en             TEXT        NOT NULL,
    priority            TEXT        NOT NULL,
    dedup_radius_m      INTEGER     NOT NULL,
    dedup_window_hours  INTEGER     NOT NULL,
    open311_group       TEXT,
    keywords            TEXT[]      NOT NULL,
    active              BOOLEAN     NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- The reporter's view of each report they filed, kept up to date from ticket events.
CREATE TABLE report (
    report_id     UUID PRIMARY KEY,
    reporter_id   TEXT        NOT NULL,
    category      TEXT        NOT NULL,
    status        TEXT        NOT NULL,
    ticket_id     TEXT,
    department_id TEXT,
    submitted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX report_reporter ON report (reporter_id, submitted_at DESC, report_id);

CREATE TABLE processed_event (
    consumer      TEXT        NOT NULL,
    event_id      UUID        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
