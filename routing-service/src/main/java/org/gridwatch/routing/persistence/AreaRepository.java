package org.gridwatch.routing.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The areas of the current import. */
@ApplicationScoped
public class AreaRepository implements PanacheRepositoryBase<AreaEntity, String> {

    /**
     * Serialises imports: a second import waits until the first commits, so that the two never
     * interleave their deletes and inserts. Plain reads (ACCESS SHARE) are not blocked.
     */
    public void lockForImport() {
        getEntityManager().createNativeQuery("LOCK TABLE area IN EXCLUSIVE MODE").executeUpdate();
    }

    /** Waits for an import in flight and keeps imports out while the hierarchy is read. */
    public void lockForReading() {
        getEntityManager().createNativeQuery("LOCK TABLE area IN SHARE MODE").executeUpdate();
    }
}
