package org.gridwatch.intake.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A reporter's verdict on one resolution of their report's ticket, kept to answer a resend with the same
 * receipt, to refuse a changed verdict, and to republish the same event while Kafka has not acknowledged it.
 */
@Entity
@Table(name = "reporter_feedback")
public class FeedbackEntity {

    /** The ReporterFeedback's event id, derived from report and resolution. */
    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "report_id")
    public UUID reportId;

    /** The id of the RESOLVED ticket event this verdict answers. */
    @Column(name = "resolution_event_id")
    public UUID resolutionEventId;

    @Column(name = "ticket_id")
    public String ticketId;

    @Column(name = "reporter_id")
    public String reporterId;

    public boolean fixed;

    public String comment;

    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;

    @Column(name = "given_at")
    public OffsetDateTime givenAt;

    /** When Kafka acknowledged the event (acks=all); null until then. */
    @Column(name = "acknowledged_at")
    public OffsetDateTime acknowledgedAt;
}
