package org.gridwatch.intake.open311;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One entry of GET requests: a report, its internal status as {@code status_notes}. Datetimes are W3C (ISO 8601). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServiceRequest(String serviceRequestId, String status, String statusNotes, String serviceName,
                             String serviceCode, String description, String agencyResponsible,
                             String requestedDatetime, String updatedDatetime, String address, double lat,
                             @JsonProperty("long") double lon, String mediaUrl) {
}
