package org.gridwatch.intake.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.gridwatch.intake.domain.ReportTimeline;

/** One step of what happened to a report, as its reporter sees it, and the event that told intake. */
@Entity
@Table(name = "report_history")
public class ReportHistoryEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "report_id")
    public UUID reportId;

    /** When it happened (the event's time, not when intake heard of it). */
    public OffsetDateTime at;

    public String status;

    public String note;

    @Column(name = "event_id")
    public UUID eventId;

    /** The ticket whose status change this step is, and its version after the change; null for routing's steps. */
    @Column(name = "ticket_id")
    public String ticketId;

    @Column(name = "ticket_version")
    public Long ticketVersion;

    public ReportTimeline.Step toStep() {
        return new ReportTimeline.Step(at, status, note, id, ticketId, ticketVersion);
    }
}
