package org.gridwatch.intake.persistence;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * Names of departments and areas as routing's events last gave them ({@code known_department},
 * {@code known_area}): a newer name replaces an older one, an older one arriving late changes nothing.
 */
@ApplicationScoped
public class KnownNames {

    private final EntityManager em;

    public KnownNames(EntityManager em) {
        this.em = em;
    }

    public void rememberDepartment(String departmentId, String name, OffsetDateTime at) {
        em.createNativeQuery("""
                        INSERT INTO known_department (department_id, name, named_at) VALUES (?1, ?2, ?3)
                        ON CONFLICT (department_id) DO UPDATE SET name = EXCLUDED.name, named_at = EXCLUDED.named_at
                        WHERE known_department.named_at <= EXCLUDED.named_at""")
                .setParameter(1, departmentId).setParameter(2, name).setParameter(3, at)
                .executeUpdate();
    }

    /**
     * Remembers the names of several areas named at the same moment (an event's area path) in one statement; a code
     * given twice keeps its last name.
     */
    public void rememberAreas(Map<String, String> namesByCode, OffsetDateTime at) {
        if (namesByCode.isEmpty()) {
            return;
        }
        String[] codes = namesByCode.keySet().toArray(String[]::new);
        String[] names = namesByCode.values().toArray(String[]::new);
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO known_area (code, name, named_at)
                    SELECT code, name, ?::timestamptz FROM unnest(?::text[], ?::text[]) AS a(code, name)
                    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, named_at = EXCLUDED.named_at
                    WHERE known_area.named_at <= EXCLUDED.named_at""")) {
                ps.setObject(1, at);
                ps.setArray(2, c.createArrayOf("text", codes));
                ps.setArray(3, c.createArrayOf("text", names));
                ps.executeUpdate();
            }
        });
    }

    /** The known names of {@code departmentIds}; ids without a name are absent. */
    public Map<String, String> departments(Collection<String> departmentIds) {
        return names("SELECT department_id, name FROM known_department WHERE department_id IN (?1)", departmentIds);
    }

    /** The known names of {@code codes}; codes without a name are absent. */
    public Map<String, String> areas(Collection<String> codes) {
        return names("SELECT code, name FROM known_area WHERE code IN (?1)", codes);
    }

    private Map<String, String> names(String sql, Collection<String> keys) {
        Map<String, String> names = new HashMap<>();
        if (keys.isEmpty()) {
            return names;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, keys).getResultList();
        for (Object[] row : rows) {
            names.put((String) row[0], (String) row[1]);
        }
        return names;
    }
}
