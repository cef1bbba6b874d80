package org.gridwatch.resolution.api;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of a staff action: why (required to resolve, reject or return) and, for a resolution, evidence. */
public record TransitionRequest(
        @Size(max = 4000) String note,
        @Size(max = 10) List<@NotNull @Pattern(regexp = "https?://\\S{1,2000}", message = "must be an http(s) URL") String> evidenceUrls) {
}
