package org.gridwatch.intake.open311;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The answer to POST requests: the id to follow the request by. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PostedRequest(String serviceRequestId, String serviceNotice, String accountId) {
}
