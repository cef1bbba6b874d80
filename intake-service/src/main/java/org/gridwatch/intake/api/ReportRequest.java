package org.gridwatch.intake.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A report as the courier app (or an Open311 client, translated) sends it. Shape rules are checked here
 * (400); rules that depend on the server's state or clock (known category, observedAt window, id reuse)
 * are checked by the submission service (422).
 */
public record ReportRequest(
        UUID reportId,
        @NotBlank @Size(max = 64) String category,
        @NotBlank @Size(max = 4000) String description,
        @NotNull @Valid LocationInput location,
        @Size(max = 500) String address,
        OffsetDateTime observedAt,
        @Size(max = 10) List<@NotBlank @Size(max = 2048) @Pattern(regexp = "https?://[^\\s/?#]+[^\\s]*",
                message = "must be an http(s) URL") String> mediaUrls,
        @Size(max = 20) Map<@NotBlank @Size(max = 64) String, @NotNull @Size(max = 500) String> attributes) {

    public ReportRequest {
        mediaUrls = mediaUrls == null ? List.of() : mediaUrls;
        attributes = attributes == null ? Map.of() : attributes;
    }

    public ReportRequest withReportId(UUID id) {
        return new ReportRequest(id, category, description, location, address, observedAt, mediaUrls, attributes);
    }
}
