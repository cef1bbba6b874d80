package org.gridwatch.intake.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/** The catalogue as intake last heard it from routing. */
@ApplicationScoped
public class CategoryRepository implements PanacheRepositoryBase<CategoryEntity, String> {

    public List<CategoryEntity> listActive() {
        return list("active", Sort.by("code"), true);
    }
}
