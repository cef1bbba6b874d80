package org.gridwatch.routing.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The category catalogue. */
@ApplicationScoped
public class CategoryRepository implements PanacheRepositoryBase<CategoryEntity, String> {
}
