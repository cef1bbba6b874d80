package org.gridwatch.intake.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The catalogue as intake last heard it from routing. */
@ApplicationScoped
public class CategoryRepository implements PanacheRepositoryBase<CategoryEntity, String> {
}
