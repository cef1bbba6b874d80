package org.gridwatch.intake.service;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Cursor;
import org.gridwatch.common.api.Page;
import org.gridwatch.common.api.Problem;
import org.gridwatch.common.api.Roles;
import org.gridwatch.intake.api.LeaderboardEntry;
import org.gridwatch.intake.api.PointsEntry;
import org.gridwatch.intake.api.ReporterBalance;
import org.gridwatch.intake.domain.Viewer;
import org.gridwatch.intake.persistence.PointsCreditEntity;
import org.gridwatch.intake.persistence.PointsRepository;

/**
 * Read side of the points ledger: the leaderboard and a reporter's own balance. Other reporters appear only
 * under their pseudonym; the caller sees their own id on their own row.
 */
@ApplicationScoped
public class PointsQueries {

    /** Area codes as routing accepts them. */
    private static final Pattern AREA_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final PointsRepository ledger;
    private final ReporterAliases aliases;

    public PointsQueries(PointsRepository ledger, ReporterAliases aliases) {
        this.ledger = ledger;
        this.aliases = aliases;
    }

    /**
     * Reporters by points credited in {@code [from, to)} for reports whose area path holds {@code area}. A
     * supervisor sees only reports inside their own area, so their board is also filtered by it.
     *
     * @throws ApiException 400 naming {@code area}, {@code from}, {@code to} or {@code cursor}; 403 for a
     *         supervisor token without an area
     */
    @Transactional
    public Page<LeaderboardEntry> leaderboard(Viewer viewer, String area, String from, String to, String cursor, int limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (area != null && !AREA_CODE.matcher(area).matches()) {
            errors.add(new Problem.FieldError("area", "must be an area code such as YL-XC"));
        }
        OffsetDateTime fromTime = time("from", from, errors);
        OffsetDateTime toTime = time("to", to, errors);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            errors.add(new Problem.FieldError("to", "must be after from"));
        }
        Long afterPoints = null;
        String afterAlias = null;
        if (cursor != null && !cursor.isBlank()) {
            List<String> parts = Cursor.decode(cursor, 2);
            try {
                afterPoints = Long.parseLong(parts.get(0));
                afterAlias = parts.get(1);
            } catch (NumberFormatException e) {
                throw Cursor.invalid();
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("The request has " + errors.size() + " invalid parameter(s)", errors);
        }
        List<String> areas = new ArrayList<>();
        if (area != null) {
            areas.add(area);
        }
        if (!viewer.roles().contains(Roles.ADMIN) && !viewer.roles().contains(Roles.REPORTER)) {
            if (viewer.area() == null || viewer.area().isBlank()) {
                throw new ApiException(403, "Forbidden", "A supervisor's token must name their area", null, null);
            }
            areas.add(viewer.area());
        }
        List<PointsRepository.Totals> rows = ledger.leaderboard(areas, fromTime, toTime, afterPoints, afterAlias, limit + 1);
        boolean more = rows.size() > limit;
        List<PointsRepository.Totals> page = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            PointsRepository.Totals last = page.get(page.size() - 1);
            next = Cursor.encode(Long.toString(last.points()), last.alias());
        }
        boolean reporter = viewer.roles().contains(Roles.REPORTER);
        return new Page<>(page.stream().map(t -> {
            boolean you = reporter && t.reporterId().equals(viewer.subject());
            return new LeaderboardEntry(t.rank(), you ? t.reporterId() : t.alias(), you, t.points(), t.tickets(), t.firstReports());
        }).toList(), next);
    }

    /** The reporter's totals and a page of their credits, newest first. */
    @Transactional
    public ReporterBalance balance(String reporterId, String cursor, int limit) {
        OffsetDateTime beforeAt = null;
        String beforeTicket = null;
        if (cursor != null && !cursor.isBlank()) {
            List<String> parts = Cursor.decode(cursor, 2);
            beforeAt = Cursor.time(parts.get(0));
            beforeTicket = parts.get(1);
        }
        PointsRepository.Totals totals = ledger.totalsOf(reporterId);
        List<PointsCreditEntity> rows = ledger.creditsOf(reporterId, beforeAt, beforeTicket, limit + 1);
        boolean more = rows.size() > limit;
        List<PointsCreditEntity> page = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            PointsCreditEntity last = page.get(page.size() - 1);
            next = Cursor.encode(last.creditedAt.toString(), last.ticketId);
        }
        List<PointsEntry> credits = page.stream().map(c -> new PointsEntry(c.ticketId, c.reportId, c.role, c.points,
                c.ticketStatus, c.category, c.creditedAt)).toList();
        return new ReporterBalance(reporterId, aliases.of(reporterId), totals.points(), totals.tickets(),
                totals.firstReports(), totals.tickets() - totals.firstReports(), new Page<>(credits, next));
    }

    private static OffsetDateTime time(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 date-time with offset, e.g. 2026-11-01T00:00:00+08:00"));
            return null;
        }
    }
}
