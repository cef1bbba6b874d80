package org.gridwatch.intake.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One line of the points ledger: what a reporter earned for a ticket that was fixed (at most one per ticket). */
@Entity
@Table(name = "points_credit")
public class PointsCreditEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id")
    public String ticketId;

    @Column(name = "reporter_id")
    public String reporterId;

    /** The pseudonym others see for this reporter on the leaderboard. */
    @Column(name = "reporter_alias")
    public String reporterAlias;

    /** The reporter's report that earned it. */
    @Column(name = "report_id")
    public UUID reportId;

    /** FIRST_REPORTER or CORROBORATING. */
    public String role;

    public int points;

    /** RESOLVED or CLOSED: the ticket status that earned it. */
    @Column(name = "ticket_status")
    public String ticketStatus;

    public String category;

    /** The time of the ticket event that earned it. */
    @Column(name = "credited_at")
    public OffsetDateTime creditedAt;

    @Column(name = "event_id")
    public UUID eventId;
}
