-- A report is written here before it is published (its id reserved, so that a concurrent resend or a
-- reuse of the id for another report is detected) and marked acknowledged once Kafka has it (acks=all).
-- Only acknowledged reports are visible to their reporter.
ALTER TABLE report
    ADD COLUMN event_id         UUID,
    ADD COLUMN request_hash     TEXT,
    ADD COLUMN channel          TEXT NOT NULL DEFAULT 'APP',
    ADD COLUMN description      TEXT,
    ADD COLUMN lat              DOUBLE PRECISION,
    ADD COLUMN lon              DOUBLE PRECISION,
    ADD COLUMN accuracy_m       DOUBLE PRECISION,
    ADD COLUMN address          TEXT,
    ADD COLUMN observed_at      TIMESTAMPTZ,
    ADD COLUMN media_urls       TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN attributes       JSONB  NOT NULL DEFAULT '{}',
    ADD COLUMN geo_cell         TEXT,
    ADD COLUMN acknowledged_at  TIMESTAMPTZ,
    ADD COLUMN open311_client   TEXT,
    ADD COLUMN department_name  TEXT,
    ADD COLUMN area_path        TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN updated_at       TIMESTAMPTZ;

UPDATE report SET event_id = gen_random_uuid(), request_hash = '', description = '', lat = 0, lon = 0,
                  geo_cell = '', acknowledged_at = submitted_at, updated_at = submitted_at;
ALTER TABLE report
    ALTER COLUMN event_id SET NOT NULL,
    ALTER COLUMN request_hash SET NOT NULL,
    ALTER COLUMN description SET NOT NULL,
    ALTER COLUMN lat SET NOT NULL,
    ALTER COLUMN lon SET NOT NULL,
    ALTER COLUMN geo_cell SET NOT NULL,
    ALTER COLUMN updated_at SET NOT NULL;

CREATE INDEX report_ticket ON report (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX report_open311 ON report (open311_client, submitted_at) WHERE open311_client IS NOT NULL;

-- What happened to a report, as its reporter sees it.
CREATE TABLE report_history (
    id         BIGSERIAL PRIMARY KEY,
    report_id  UUID        NOT NULL REFERENCES report (report_id),
    at         TIMESTAMPTZ NOT NULL,
    status     TEXT        NOT NULL,
    note       TEXT,
    event_id   UUID
);
CREATE INDEX report_history_report ON report_history (report_id, at, id);
