package org.gridwatch.intake.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.intake.persistence.KnownNames;

/**
 * Department and area names for the reporter's view. Routing's events carry them (optional fields, absent
 * in events of an older routing); intake remembers the latest it heard and looks them up when a view is read,
 * so a report shows a name as soon as any event has told it, and a renamed department shows its new name.
 */
@ApplicationScoped
public class DisplayNames {

    private final KnownNames known;

    public DisplayNames(KnownNames known) {
        this.known = known;
    }

    /** Remembers the names an event gave; {@code areaNames} counts only when it matches {@code areaPath} one to one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(String departmentId, String departmentName, List<String> areaPath, List<String> areaNames,
                         OffsetDateTime at) {
        if (departmentId != null && departmentName != null && !departmentName.isBlank()) {
            known.rememberDepartment(departmentId, departmentName, at);
        }
        if (areaNames.size() == areaPath.size()) {
            Map<String, String> named = new LinkedHashMap<>();
            for (int i = 0; i < areaPath.size(); i++) {
                String name = areaNames.get(i);
                if (name != null && !name.isBlank()) {
                    named.put(areaPath.get(i), name);
                }
            }
            known.rememberAreas(named, at);
        }
    }

    /** The known names of these departments (absent when unknown). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, String> departments(Collection<String> departmentIds) {
        return known.departments(departmentIds.stream().filter(id -> id != null).distinct().toList());
    }

    /** One name per code, same order, null where no event has named the area. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> areas(List<String> codes) {
        Map<String, String> names = known.areas(codes);
        List<String> result = new ArrayList<>(codes.size());
        codes.forEach(code -> result.add(names.get(code)));
        return result;
    }
}
