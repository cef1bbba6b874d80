package org.gridwatch.common.persistence;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.events.Category;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The columns of a {@code category} table row, in the shape of the {@link Category} event: routing keeps
 * the catalogue it owns in it, intake the copy it hears on {@code gridwatch.categories.v1}.
 */
@MappedSuperclass
public abstract class CategoryState {

    @Id
    public String code;

    @Column(name = "name_zh")
    public String nameZh;

    @Column(name = "name_en")
    public String nameEn;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    @Column(name = "dedup_radius_m")
    public int dedupRadiusM;

    @Column(name = "dedup_window_hours")
    public int dedupWindowHours;

    @Column(name = "open311_group")
    public String open311Group;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> keywords = new ArrayList<>();

    public boolean active;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** The row as published on {@code gridwatch.categories.v1}. */
    public Category toEvent() {
        return new Category(code, nameZh, nameEn, priority, dedupRadiusM, dedupWindowHours, open311Group, keywords,
                active, updatedAt);
    }

    /** Takes every value of {@code category} (the code included). */
    public void copyFrom(Category category) {
        code = category.code();
        nameZh = category.nameZh();
        nameEn = category.nameEn();
        priority = category.priority();
        dedupRadiusM = category.dedupRadiusM();
        dedupWindowHours = category.dedupWindowHours();
        open311Group = category.open311Group();
        keywords = new ArrayList<>(category.keywords());
        active = category.active();
        updatedAt = category.updatedAt();
    }
}
