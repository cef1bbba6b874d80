package org.gridwatch.intake.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.gridwatch.common.persistence.CategoryState;

/** Intake's copy of one category of the catalogue that routing owns. */
@Entity
@Table(name = "category")
public class CategoryEntity extends CategoryState {
}
