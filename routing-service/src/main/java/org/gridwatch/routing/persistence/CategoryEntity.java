package org.gridwatch.routing.persistence;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.events.Category;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One category of the catalogue that routing owns and publishes. */
@Entity
@Table(name = "category")
public class CategoryEntity {

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

    /** The catalogue entry as published on {@code gridwatch.categories.v1}. */
    public Category toEvent() {
        return new Category(code, nameZh, nameEn, priority, dedupRadiusM, dedupWindowHours, open311Group, keywords,
                active, updatedAt);
    }
}
