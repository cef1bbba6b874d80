package org.gridwatch.routing.persistence;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.gridwatch.contracts.Priority;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** What routing keeps of a ticket: where it is, who reported it, who holds it, whether it is open. */
@Entity
@Table(name = "ticket")
public class RoutingTicket {

    @Id
    public String id;

    public String category;

    public double lat;

    public double lon;

    @Column(name = "grid_code")
    public String gridCode;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "area_path", columnDefinition = "text[]")
    public List<String> areaPath = new ArrayList<>();

    public boolean unlocated;

    @Column(name = "opened_at")
    public OffsetDateTime openedAt;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    @Column(name = "department_id")
    public String departmentId;

    @Column(name = "first_report_id")
    public UUID firstReportId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> reporters = new ArrayList<>();

    /** Departments that returned it, oldest first. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "departments_tried", columnDefinition = "text[]")
    public List<String> departmentsTried = new ArrayList<>();

    public int hop;

    public boolean open;

    /** Time of the status event that set {@link #open}. */
    @Column(name = "status_at")
    public OffsetDateTime statusAt;

    /** The ticket version of the status event that set {@link #open}; events of a lower version are ignored. */
    @Column(name = "status_version")
    public long statusVersion;

    /** The finished ticket whose late merge resolution turned into this ticket; null for routing's own tickets. */
    @Column(name = "split_from")
    public String splitFrom;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
