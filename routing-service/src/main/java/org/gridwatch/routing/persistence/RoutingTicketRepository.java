package org.gridwatch.routing.persistence;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.gridwatch.routing.domain.Distance;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Routing's tickets. */
@ApplicationScoped
public class RoutingTicketRepository implements PanacheRepositoryBase<RoutingTicket, String> {

    /**
     * Open tickets of {@code category} in a box of {@code radiusM} around the point (exact distance is the decider's),
     * row-locked until the transaction ends: a status change or a return of one of them waits for the merge, and
     * a ticket that was closed while this query waited for its lock is not returned (PostgreSQL checks the row again
     * once it gets it).
     */
    public List<RoutingTicket> lockOpenNear(String category, double lat, double lon, double radiusM) {
        double dLat = Distance.latDegrees(radiusM);
        double dLon = Distance.lonDegrees(radiusM, lat);
        return find("open = true AND category = ?1 AND lat BETWEEN ?2 AND ?3 AND lon BETWEEN ?4 AND ?5 ORDER BY id",
                category, lat - dLat, lat + dLat, lon - dLon, lon + dLon)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** Open tickets near the point, without locks (a simulation changes nothing). */
    public List<RoutingTicket> openNear(String category, double lat, double lon, double radiusM) {
        double dLat = Distance.latDegrees(radiusM);
        double dLon = Distance.lonDegrees(radiusM, lat);
        return list("open = true AND category = ?1 AND lat BETWEEN ?2 AND ?3 AND lon BETWEEN ?4 AND ?5",
                category, lat - dLat, lat + dLat, lon - dLon, lon + dLon);
    }

    /** The ticket, row-locked until the transaction ends, so that its updates never overwrite each other (G7). */
    public Optional<RoutingTicket> lock(String id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Serialises the decisions of one category across routing instances (merging must see every open ticket). */
    public void lockCategory(String category) {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "routing:" + category).getSingleResult();
    }
}
