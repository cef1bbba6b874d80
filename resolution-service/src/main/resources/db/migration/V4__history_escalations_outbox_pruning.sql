-- An escalation (a missed deadline, announced with from == to) is a line of the ticket's history too, so
-- staff see it where they see every other step; null on status changes.
ALTER TABLE ticket_history ADD COLUMN escalation TEXT;

-- The pruner deletes rows published longer ago than the retention; it finds them by published_at.
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
