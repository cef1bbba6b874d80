package org.gridwatch.routing.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.gridwatch.common.persistence.CategoryState;

/** One category of the catalogue that routing owns and publishes. */
@Entity
@Table(name = "category")
public class CategoryEntity extends CategoryState {
}
