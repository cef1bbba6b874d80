package org.gridwatch.routing.persistence;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A department that tickets are assigned to, and the area it serves. */
@Entity
@Table(name = "department")
public class DepartmentEntity {

    @Id
    public String id;

    public String name;

    @Column(name = "area_code")
    public String areaCode;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
