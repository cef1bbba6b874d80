package org.gridwatch.routing.persistence;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The history of accepted area imports. */
@ApplicationScoped
public class AreaImportRepository implements PanacheRepositoryBase<AreaImportEntity, Long> {

    /** The version of the hierarchy now in the database, or 0 when nothing was ever imported. */
    public long currentVersion() {
        Long max = getEntityManager().createQuery("select max(i.version) from AreaImportEntity i", Long.class).getSingleResult();
        return max == null ? 0 : max;
    }

    public Optional<AreaImportEntity> latest() {
        return find("order by version desc").firstResultOptional();
    }
}
