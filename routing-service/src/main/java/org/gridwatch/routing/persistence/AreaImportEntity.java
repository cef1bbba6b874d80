package org.gridwatch.routing.persistence;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One accepted area import; the highest version is the hierarchy in the {@code area} table. */
@Entity
@Table(name = "area_import")
public class AreaImportEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long version;

    @Column(name = "imported_at")
    public OffsetDateTime importedAt;

    @Column(name = "imported_by")
    public String importedBy;

    @Column(name = "area_count")
    public int areaCount;

    @Column(name = "grid_count")
    public int gridCount;
}
