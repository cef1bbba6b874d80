package org.gridwatch.intake.persistence;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.gridwatch.contracts.events.ReportChannel;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One report: what was submitted (kept to answer resends with the same receipt and to detect a reused
 * id), whether Kafka has acknowledged it, and the reporter's view of what became of it.
 */
@Entity
@Table(name = "report")
public class ReportEntity {

    /** Routing opened the ticket for this report: its reporter is the ticket's first reporter. */
    public static final String OPENED_TICKET = "OPENED";
    /** Routing joined this report to a ticket opened for an earlier report. */
    public static final String MERGED_INTO_TICKET = "MERGED";

    @Id
    @Column(name = "report_id")
    public UUID reportId;

    /** The id of the ReportSubmitted event; every publication of this report uses it. */
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "reporter_id")
    public String reporterId;

    /** SHA-256 of the canonical submitted content: a resend must match it. */
    @Column(name = "request_hash")
    public String requestHash;

    @Enumerated(EnumType.STRING)
    public ReportChannel channel;

    @Column(name = "open311_client")
    public String open311Client;

    public String category;

    public String description;

    public double lat;

    public double lon;

    @Column(name = "accuracy_m")
    public Double accuracyM;

    public String address;

    @Column(name = "observed_at")
    public OffsetDateTime observedAt;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "media_urls", columnDefinition = "text[]")
    public List<String> mediaUrls = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, String> attributes = new LinkedHashMap<>();

    @Column(name = "geo_cell")
    public String geoCell;

    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;

    /** When Kafka acknowledged the report (acks=all); null until then. */
    @Column(name = "acknowledged_at")
    public OffsetDateTime acknowledgedAt;

    /** SUBMITTED, ROUTED, MERGED, then the ticket's status. */
    public String status;

    @Column(name = "ticket_id")
    public String ticketId;

    @Column(name = "department_id")
    public String departmentId;

    /** Event time of the event that set {@link #departmentId}; null while none has. */
    @Column(name = "department_at")
    public OffsetDateTime departmentAt;

    /** {@link #OPENED_TICKET}, {@link #MERGED_INTO_TICKET}, or null until routing's event about it arrives. */
    @Column(name = "ticket_role")
    public String ticketRole;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "area_path", columnDefinition = "text[]")
    public List<String> areaPath = new ArrayList<>();

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
