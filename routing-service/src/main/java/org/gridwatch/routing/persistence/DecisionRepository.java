package org.gridwatch.routing.persistence;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Routing decisions, one per report. */
@ApplicationScoped
public class DecisionRepository implements PanacheRepositoryBase<DecisionEntity, UUID> {
}
