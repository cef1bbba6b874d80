-- G7: routing follows a ticket's status by the ticket's version (as resolution numbers its changes), never by the
-- clocks of the instances that published the events. 0 until the first status event arrives.
ALTER TABLE ticket ADD COLUMN status_version BIGINT NOT NULL DEFAULT 0;

-- A report merged into a ticket that resolution had already finished opens a ticket of its own there (resolution's
-- split, announced with splitFrom on the new ticket's first status event). The new ticket names the one it was split
-- from, and the report's decision is updated to the ticket it is on.
ALTER TABLE ticket ADD COLUMN split_from TEXT;
