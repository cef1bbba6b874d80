package org.gridwatch.intake.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.contracts.events.ReportChannel;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.intake.config.IntakeConfig;
import org.gridwatch.intake.domain.PointsRule;
import org.gridwatch.intake.persistence.PointsCreditEntity;
import org.gridwatch.intake.persistence.PointsRepository;
import org.gridwatch.intake.persistence.ReportEntity;
import org.jboss.logging.Logger;

/**
 * Credits points when a ticket reaches RESOLVED or CLOSED, in the transaction that applies the ticket event
 * (G3). The ledger's unique key (ticket, reporter) makes a credit happen once, whatever the redelivery or the
 * RESOLVED → REOPENED → RESOLVED → CLOSED path; a report merged after a reopening earns on the next resolution.
 * Only reports from the courier app earn points: Open311 requests come from hotlines and partner systems, not riders.
 */
@ApplicationScoped
public class PointsLedger {

    private static final Logger LOG = Logger.getLogger(PointsLedger.class);

    private final PointsRepository ledger;
    private final ReporterAliases aliases;
    private final PointsRule.Scheme scheme;

    public PointsLedger(PointsRepository ledger, ReporterAliases aliases, IntakeConfig config) {
        this.ledger = ledger;
        this.aliases = aliases;
        this.scheme = new PointsRule.Scheme(config.points().firstReporter(), config.points().corroboratingReporter());
    }

    /** @param known the ticket's reports that were filed here (locked by the caller) */
    @Transactional(Transactional.TxType.MANDATORY)
    public void credit(TicketStatusChanged event, List<ReportEntity> known) {
        if (!PointsRule.earns(event.to()) || event.reportIds().isEmpty()) {
            return;
        }
        Map<UUID, ReportEntity> byId = known.stream().collect(Collectors.toMap(r -> r.reportId, Function.identity()));
        List<PointsRule.Claim> claims = new ArrayList<>();
        for (UUID reportId : event.reportIds()) {
            ReportEntity r = byId.get(reportId);
            if (r != null && r.channel == ReportChannel.APP) {
                Boolean opened = r.ticketRole == null ? null : ReportEntity.OPENED_TICKET.equals(r.ticketRole);
                claims.add(new PointsRule.Claim(r.reportId, r.reporterId, opened));
            }
        }
        for (PointsRule.Credit credit : PointsRule.credits(claims, event.reportIds().get(0), scheme)) {
            PointsCreditEntity c = new PointsCreditEntity();
            c.ticketId = event.ticketId();
            c.reporterId = credit.reporterId();
            c.reporterAlias = aliases.of(credit.reporterId());
            c.reportId = credit.reportId();
            c.role = credit.role().name();
            c.points = credit.points();
            c.ticketStatus = event.to().name();
            c.category = byId.get(credit.reportId()).category;
            c.creditedAt = event.at();
            c.eventId = event.eventId();
            if (ledger.creditOnce(c)) {
                LOG.debugf("Ticket %s %s: %d points to %s as %s", event.ticketId(), event.to(), c.points, c.reporterAlias, c.role);
            }
        }
    }
}
