-- G7: a ticket's status changes are ordered by the ticket's version, not by the clocks of the resolution instances
-- that published them. Each step a ticket event recorded keeps the ticket and its version; null on routing's steps
-- and on steps recorded before this migration (those keep ordering by time).
ALTER TABLE report_history ADD COLUMN ticket_id TEXT;
ALTER TABLE report_history ADD COLUMN ticket_version BIGINT;
