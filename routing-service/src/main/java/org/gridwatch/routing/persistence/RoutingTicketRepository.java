package org.gridwatch.routing.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.gridwatch.routing.domain.Distance;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Routing's tickets. */
@ApplicationScoped
public class RoutingTicketRepository implements PanacheRepositoryBase<RoutingTicket, String> {

    /** Open tickets of {@code category} in a box of {@code radiusM} around the point (exact distance is the decider's). */
    public List<RoutingTicket> openNear(String category, double lat, double lon, double radiusM) {
        double dLat = Distance.latDegrees(radiusM);
        double dLon = Distance.lonDegrees(radiusM, lat);
        return list("open = true AND category = ?1 AND lat BETWEEN ?2 AND ?3 AND lon BETWEEN ?4 AND ?5",
                category, lat - dLat, lat + dLat, lon - dLon, lon + dLon);
    }

    /** Serialises the decisions of one category across routing instances (merging must see every open ticket). */
    public void lockCategory(String category) {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "routing:" + category).getSingleResult();
    }
}
