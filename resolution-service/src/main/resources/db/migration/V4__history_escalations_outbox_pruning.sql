-- An escalation (a missed deadline, announced with from == to) is a line of the ticket's history too, so
-- staff see it where they see every other step; null on status changes.
ALTER TABLE ticket_history ADD COLUMN escalation TEXT;
