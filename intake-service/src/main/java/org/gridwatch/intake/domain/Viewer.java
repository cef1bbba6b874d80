package org.gridwatch.intake.domain;

import java.util.List;
import java.util.Set;

import org.gridwatch.common.api.Roles;

/**
 * Who asks to read a report, as their token says, and whether they may: its reporter, staff of the
 * department it is with, a supervisor of an area on its area path, or an admin.
 *
 * @param subject the token's {@code sub}
 * @param roles the token's groups
 * @param department the {@code dept} claim (staff), or null
 * @param area the {@code area} claim (supervisors), or null
 */
public record Viewer(String subject, Set<String> roles, String department, String area) {

    public Viewer {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public boolean maySee(String reporterId, String departmentId, List<String> areaPath) {
        if (roles.contains(Roles.ADMIN)) {
            return true;
        }
        if (roles.contains(Roles.REPORTER) && subject != null && subject.equals(reporterId)) {
            return true;
        }
        if (roles.contains(Roles.STAFF) && department != null && department.equals(departmentId)) {
            return true;
        }
        return roles.contains(Roles.SUPERVISOR) && area != null && areaPath != null && areaPath.contains(area);
    }
}
