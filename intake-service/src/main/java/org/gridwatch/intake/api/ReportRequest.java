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

import org.gridwatch.intake.config.StrictJson;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * A report as the courier app (or an Open311 client, translated) sends it. Shape rules are checked here
 * (400); rules that depend on the server's state or clock (known category, observedAt window, id reuse)
 * are checked by the submission service (422). {@code reportId} is kept as text so that a malformed one
 * is reported like any other field.
 */
public record ReportRequest(
        @Pattern(regexp = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", message = "must be a UUID")
        String reportId,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Z][A-Z0-9_]*", message = "must be a category code such as MANHOLE_COVER")
        String category,
        @NotBlank @Size(max = 4000) @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE) String description,
        @NotNull @Valid LocationInput location,
        @Size(max = 500) @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE) String address,
        @JsonDeserialize(using = StrictJson.IsoOffsetDateTime.class) OffsetDateTime observedAt,
        @Size(max = 10) List<@NotBlank @Size(max = 2048) @Pattern(regexp = "https?://[^\\s/?#\\x00]+[^\\s\\x00]*",
                message = "must be an http(s) URL") String> mediaUrls,
        @Size(max = 20) Map<@NotBlank @Size(max = 64) @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE) String,
                @NotNull @Size(max = 500) @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE) String> attributes) {

    /** PostgreSQL text cannot hold U+0000, and no honest report contains it. */
    static final String NO_NUL = "[^\\x00]*";
    static final String NO_NUL_MESSAGE = "must not contain NUL characters";

    public ReportRequest {
        mediaUrls = mediaUrls == null ? List.of() : mediaUrls;
        attributes = attributes == null ? Map.of() : attributes;
    }

    /** The client's id for the report, if it sent one (already checked to be a UUID). */
    public UUID reportUuid() {
        return reportId == null ? null : UUID.fromString(reportId);
    }

    public ReportRequest withReportId(UUID id) {
        return new ReportRequest(id.toString(), category, description, location, address, observedAt, mediaUrls, attributes);
    }
}
