package org.gridwatch.routing.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.gridwatch.routing.domain.Area;
import org.gridwatch.routing.domain.AreaIndex;
import org.gridwatch.routing.persistence.DepartmentRepository;

/**
 * The names that assignment events carry for display (intake shows them to riders), as routing knows them
 * when it decides; the event stored with the decision keeps them, so a republished event does not change.
 */
@ApplicationScoped
public class DisplayNames {

    private final DepartmentRepository departments;
    private final AreaDirectory areas;

    public DisplayNames(DepartmentRepository departments, AreaDirectory areas) {
        this.departments = departments;
        this.areas = areas;
    }

    /** The department's name, or null if routing does not know the department (any more). */
    public String department(String departmentId) {
        return departmentId == null ? null : departments.findByIdOptional(departmentId).map(d -> d.name).orElse(null);
    }

    /** One name per code, in the same order; null for a code the current area import does not have. */
    public List<String> areas(List<String> codes) {
        AreaIndex index = areas.index();
        return codes.stream().map(code -> index.area(code).map(Area::name).orElse(null)).toList();
    }
}
