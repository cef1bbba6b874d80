package org.gridwatch.intake.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/** Where the reporter stood: WGS84 degrees, and the device's accuracy radius in metres. */
public record LocationInput(
        @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon,
        @DecimalMin("0") @DecimalMax("100000") Double accuracyM) {
}
