-- The category catalogue, owned here and published on gridwatch.categories.v1.
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

-- Every report routing has received, once per reportId: the input of routing decisions and re-dispatch.
CREATE TABLE report (
    report_id     UUID PRIMARY KEY,
    event_id      UUID        NOT NULL,
    reporter_id   TEXT        NOT NULL,
    category      TEXT        NOT NULL,
    lat           DOUBLE PRECISION NOT NULL,
    lon           DOUBLE PRECISION NOT NULL,
    geo_cell      TEXT        NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL
);
