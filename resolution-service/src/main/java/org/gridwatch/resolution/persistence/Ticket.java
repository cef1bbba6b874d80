package org.gridwatch.resolution.persistence;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.events.TicketStatus;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A ticket row: the unit of work of one department, with its reports and history. */
@Entity
@Table(name = "ticket")
public class Ticket {

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    public TicketStatus status;

    public String category;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    @Column(name = "department_id")
    public String departmentId;

    @Column(name = "grid_code")
    public String gridCode;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "area_path", columnDefinition = "text[]")
    public List<String> areaPath = new ArrayList<>();

    public boolean unlocated;

    public double lat;

    public double lon;

    public int hop;

    @Column(name = "assigned_at")
    public OffsetDateTime assignedAt;

    @Column(name = "response_due_at")
    public OffsetDateTime responseDueAt;

    @Column(name = "resolve_due_at")
    public OffsetDateTime resolveDueAt;

    /** When the ticket was last resolved; the reporter's feedback window runs from here. */
    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;

    /** Set once the missed response deadline has been escalated (cleared by a new assignment). */
    @Column(name = "response_escalated_at")
    public OffsetDateTime responseEscalatedAt;

    /** Set once the missed resolution deadline has been escalated (cleared by a new assignment). */
    @Column(name = "resolution_escalated_at")
    public OffsetDateTime resolutionEscalatedAt;

    /** The routing rule that gave the ticket to its current department (null before it was recorded). */
    @Column(name = "rule_id")
    public String ruleId;

    @Column(name = "rule_set_version")
    public Long ruleSetVersion;

    /** The finished ticket a late merge was split from; null for tickets routing opened. */
    @Column(name = "split_from")
    public String splitFrom;

    /** Incremented by every change; the API's ETag. */
    public long version;

    @OneToMany(mappedBy = "ticket", cascade = CascadeType.ALL)
    @OrderBy("submittedAt, reportId")
    public List<TicketReport> reports = new ArrayList<>();

    @OneToMany(mappedBy = "ticket", cascade = CascadeType.ALL)
    @OrderBy("id")
    public List<TicketHistoryEntry> history = new ArrayList<>();
}
