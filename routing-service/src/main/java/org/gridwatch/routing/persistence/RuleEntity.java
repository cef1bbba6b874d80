package org.gridwatch.routing.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.gridwatch.contracts.Priority;
import org.gridwatch.routing.domain.RoutingRule;

/** One rule as it was from {@code createdVersion} until {@code retiredVersion} (null while it is live). */
@Entity
@Table(name = "routing_rule")
public class RuleEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "row_id")
    public Long rowId;

    public String id;

    public String category;

    @Column(name = "area_code")
    public String areaCode;

    @Column(name = "department_id")
    public String departmentId;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    @Column(name = "resolve_hours")
    public Integer resolveHours;

    @Column(name = "created_version")
    public long createdVersion;

    @Column(name = "retired_version")
    public Long retiredVersion;

    public RoutingRule toRule() {
        return new RoutingRule(id, category, areaCode, departmentId, priority, resolveHours);
    }
}
