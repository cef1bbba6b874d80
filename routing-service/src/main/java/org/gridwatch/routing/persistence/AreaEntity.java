package org.gridwatch.routing.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.gridwatch.routing.domain.AreaLevel;

/** One area of the current import; its geometry as WKB (see V2__areas.sql for why). */
@Entity
@Table(name = "area")
public class AreaEntity {

    @Id
    public String code;

    public String name;

    @Enumerated(EnumType.STRING)
    public AreaLevel level;

    @Column(name = "parent_code")
    public String parentCode;

    public byte[] geometry;
}
