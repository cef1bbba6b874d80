package org.gridwatch.routing.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Departments. */
@ApplicationScoped
public class DepartmentRepository implements PanacheRepositoryBase<DepartmentEntity, String> {
}
