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

/** The routing decision for one report and the event it produced. */
@Entity
@Table(name = "routing_decision")
public class DecisionEntity {

    @Id
    @Column(name = "report_id")
    public UUID reportId;

    /** NEW_TICKET or MERGED. */
    public String outcome;

    @Column(name = "ticket_id")
    public String ticketId;

    @Column(name = "department_id")
    public String departmentId;

    @Column(name = "grid_code")
    public String gridCode;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "area_path", columnDefinition = "text[]")
    public List<String> areaPath = new ArrayList<>();

    public boolean unlocated;

    @Column(name = "rule_id")
    public String ruleId;

    @Column(name = "rule_set_version")
    public long ruleSetVersion;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    public String reason;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "event_json")
    public String eventJson;
}
