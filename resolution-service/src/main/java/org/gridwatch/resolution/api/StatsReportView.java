package org.gridwatch.resolution.api;

import java.time.OffsetDateTime;
import java.util.List;

/** The response of {@code GET /api/v1/stats/resolution}; {@code level} is the area depth when grouped by area. */
public record StatsReportView(OffsetDateTime from, OffsetDateTime to, String groupBy, Integer level, List<StatsRowView> rows) {
}
