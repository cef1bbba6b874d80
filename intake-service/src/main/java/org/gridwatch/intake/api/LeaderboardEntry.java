package org.gridwatch.intake.api;

/**
 * One reporter on the leaderboard: their rank among the reporters matching the filters (equal points share a
 * rank), their pseudonym ({@code rider-…}) or, for the caller's own row, their own id with {@code you} true,
 * the points, the number of credited tickets and how many of them the reporter reported first.
 */
public record LeaderboardEntry(long rank, String reporter, boolean you, long points, long tickets, long firstReports) {
}
