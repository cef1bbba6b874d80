package org.gridwatch.intake.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The reporter's view of one report they filed. */
@Entity
@Table(name = "report")
public class ReportEntity {

    @Id
    @Column(name = "report_id")
    public UUID reportId;

    @Column(name = "reporter_id")
    public String reporterId;

    public String category;

    public String status;

    @Column(name = "ticket_id")
    public String ticketId;

    @Column(name = "department_id")
    public String departmentId;

    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;
}
