package org.gridwatch.routing.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A report as routing received it from {@code gridwatch.reports.v1}, recorded once per reportId. */
@Entity
@Table(name = "report")
public class ReceivedReport {

    @Id
    @Column(name = "report_id")
    public UUID reportId;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "reporter_id")
    public String reporterId;

    public String category;

    public double lat;

    public double lon;

    @Column(name = "geo_cell")
    public String geoCell;

    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;

    @Column(name = "received_at")
    public OffsetDateTime receivedAt;
}
