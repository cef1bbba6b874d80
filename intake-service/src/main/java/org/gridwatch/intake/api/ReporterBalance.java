package org.gridwatch.intake.api;

import org.gridwatch.common.api.Page;

/**
 * A reporter's own points: the total, the number of credited tickets (reported first, corroborated), the
 * pseudonym others see on the leaderboard, and the credits, newest first, one page at a time.
 */
public record ReporterBalance(String reporterId, String alias, long points, long tickets, long firstReports,
                              long corroborations, Page<PointsEntry> credits) {
}
