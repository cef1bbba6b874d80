-- Names of departments and areas as routing's assignment events last told them (optional event fields).
-- The reporter's view looks names up here when it is read, so a name learnt from any report's event shows
-- on every report of that department or area, whatever order the events came in.
CREATE TABLE known_department (
    department_id  TEXT PRIMARY KEY,
    name           TEXT        NOT NULL,
    named_at       TIMESTAMPTZ NOT NULL
);
CREATE TABLE known_area (
    code      TEXT PRIMARY KEY,
    name      TEXT        NOT NULL,
    named_at  TIMESTAMPTZ NOT NULL
);
-- report.department_name (V2) is no longer written or read; it stays until no older intake instance runs.

-- OPENED: routing opened the ticket for this report; MERGED: it joined an open ticket; null: not yet known.
ALTER TABLE report ADD COLUMN ticket_role TEXT;
-- Event time of the event that set department_id: an older event arriving later does not move the report back.
ALTER TABLE report ADD COLUMN department_at TIMESTAMPTZ;
-- Leaderboard's area filter: area_path @> ARRAY[code].
CREATE INDEX report_area_path ON report USING GIN (area_path);

-- A reporter's verdict on one resolution of their report's ticket (POST /api/v1/reports/{id}/feedback).
-- resolution_event_id is the id of the RESOLVED ticket event it answers; event_id (the ReporterFeedback's id)
-- is derived from report and resolution, so every (re)publication of one verdict carries the same id.
CREATE TABLE reporter_feedback (
    event_id             UUID PRIMARY KEY,
    report_id            UUID        NOT NULL REFERENCES report (report_id),
    resolution_event_id  UUID        NOT NULL,
    ticket_id            TEXT        NOT NULL,
    reporter_id          TEXT        NOT NULL,
    fixed                BOOLEAN     NOT NULL,
    comment              TEXT,
    resolved_at          TIMESTAMPTZ NOT NULL,
    given_at             TIMESTAMPTZ NOT NULL,
    acknowledged_at      TIMESTAMPTZ,
    UNIQUE (report_id, resolution_event_id)
);

-- The points ledger: one credit per ticket and reporter, ever (the unique key makes crediting idempotent in
-- the transaction that applies the ticket event). credited_at is the time of the ticket event that earned it.
CREATE TABLE points_credit (
    id              BIGSERIAL PRIMARY KEY,
    ticket_id       TEXT        NOT NULL,
    reporter_id     TEXT        NOT NULL,
    reporter_alias  TEXT        NOT NULL,
    report_id       UUID        NOT NULL REFERENCES report (report_id),
    role            TEXT        NOT NULL,
    points          INTEGER     NOT NULL CHECK (points >= 0),
    ticket_status   TEXT        NOT NULL,
    category        TEXT        NOT NULL,
    credited_at     TIMESTAMPTZ NOT NULL,
    event_id        UUID        NOT NULL,
    UNIQUE (ticket_id, reporter_id)
);
CREATE INDEX points_credit_reporter ON points_credit (reporter_id, credited_at DESC, ticket_id DESC);
CREATE INDEX points_credit_time ON points_credit (credited_at);

-- Secrets intake generates for itself. reporter-alias-key keys the HMAC that turns a reporter's subject into
-- the pseudonym others see on the leaderboard: random, so a pseudonym cannot be reversed by hashing guessed
-- subjects, and kept here so that every instance and every restart gives a reporter the same pseudonym.
CREATE TABLE intake_secret (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
INSERT INTO intake_secret (name, value)
VALUES ('reporter-alias-key', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
