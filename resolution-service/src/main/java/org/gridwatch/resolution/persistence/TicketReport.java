package org.gridwatch.resolution.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A rider's report attached to a ticket (the first one, or a merged duplicate). */
@Entity
@Table(name = "ticket_report")
public class TicketReport {

    @Id
    @Column(name = "report_id")
    public UUID reportId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "ticket_id")
    public Ticket ticket;

    @Column(name = "reporter_id")
    public String reporterId;

    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;
}
