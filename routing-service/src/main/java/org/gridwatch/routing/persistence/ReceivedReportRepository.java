package org.gridwatch.routing.persistence;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Reports routing has received. */
@ApplicationScoped
public class ReceivedReportRepository implements PanacheRepositoryBase<ReceivedReport, UUID> {
}
