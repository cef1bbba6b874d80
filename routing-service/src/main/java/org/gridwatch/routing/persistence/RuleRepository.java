package org.gridwatch.routing.persistence;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/** Routing rules, live and retired. */
@ApplicationScoped
public class RuleRepository implements PanacheRepositoryBase<RuleEntity, Long> {

    public List<RuleEntity> live() {
        return list("retiredVersion IS NULL", Sort.by("id"));
    }

    public Optional<RuleEntity> live(String id) {
        return find("id = ?1 AND retiredVersion IS NULL", id).firstResultOptional();
    }

    /** The latest rule-set version (0 before any rule). */
    public long latestVersion() {
        Number max = (Number) getEntityManager().createNativeQuery("SELECT max(version) FROM rule_set_version").getSingleResult();
        return max == null ? 0 : max.longValue();
    }

    /** Records a new rule-set version, serialised with any concurrent change. */
    public long newVersion(String change) {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(7151001)").getSingleResult();
        long version = latestVersion() + 1;
        getEntityManager().createNativeQuery("INSERT INTO rule_set_version (version, changed_at, change) VALUES (?1, now(), ?2)")
                .setParameter(1, version).setParameter(2, change).executeUpdate();
        return version;
    }
}
