package org.gridwatch.contracts.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A reporter's hazard report, accepted by intake and published on {@code gridwatch.reports.v1}.
 * The Kafka key is the geo cell of the location, so one routing instance sees a neighbourhood in order;
 * the CloudEvents subject is the report id. {@code address} and {@code observedAt} may be null.
 */
public record ReportSubmitted(
        UUID eventId,
        UUID reportId,
        String reporterId,
        ReportChannel channel,
        String category,
        String description,
        GeoPoint location,
        String address,
        OffsetDateTime observedAt,
        OffsetDateTime submittedAt,
        List<String> mediaUrls,
        Map<String, String> attributes,
        String geoCell) implements GridWatchEvent {

    public static final String CE_TYPE = "org.gridwatch.report.submitted.v1";

    public ReportSubmitted {
        mediaUrls = Copies.list(mediaUrls);
        attributes = Copies.map(attributes);
    }

    @Override
    public String ceType() {
        return CE_TYPE;
    }

    @Override
    public String subject() {
        return reportId.toString();
    }

    @Override
    public String key() {
        return geoCell;
    }
}
