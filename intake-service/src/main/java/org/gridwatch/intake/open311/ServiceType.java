package org.gridwatch.intake.open311;

import org.gridwatch.contracts.events.Category;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One entry of GET services: a GridWatch category as an Open311 service type. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServiceType(String serviceCode, String serviceName, String description, boolean metadata, String type,
                          String keywords, String group) {

    public static ServiceType of(Category c) {
        String description = c.keywords().isEmpty() ? c.nameZh() : c.nameZh() + ": " + String.join(", ", c.keywords());
        return new ServiceType(c.code(), c.nameEn(), description, false, "realtime", String.join(",", c.keywords()),
                c.open311Group());
    }
}
