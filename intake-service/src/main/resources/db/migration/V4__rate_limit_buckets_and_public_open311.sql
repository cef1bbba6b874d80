-- Token buckets of the report rate limit (Bucket4j's PostgreSQL proxy manager, SELECT ... FOR UPDATE per bucket),
-- shared by every intake instance and kept across restarts. id names the bucket and its hourly allowance
-- (e.g. 'reporter:meituan:88231@60/h', 'open311-client:hotline@1000/h'); state is Bucket4j's serialized bucket;
-- expires_at (epoch milliseconds) is when the bucket would be full again, after which the row is deleted.
CREATE TABLE rate_limit_bucket (
    id          TEXT PRIMARY KEY,
    state       BYTEA,
    expires_at  BIGINT
);
CREATE INDEX rate_limit_bucket_expires ON rate_limit_bucket (expires_at);

-- GET requests of Open311 lists every client's requests, newest first, to anyone.
CREATE INDEX report_open311_public ON report (submitted_at DESC, report_id DESC)
    WHERE open311_client IS NOT NULL AND acknowledged_at IS NOT NULL;
