package org.gridwatch.intake.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.intake.domain.ReporterAlias;
import org.gridwatch.intake.persistence.PointsRepository;

/** Reporters' pseudonyms, keyed by the secret intake keeps in its database (the same on every instance). */
@ApplicationScoped
public class ReporterAliases {

    private final PointsRepository points;
    private volatile String key;

    public ReporterAliases(PointsRepository points) {
        this.points = points;
    }

    @Transactional
    public String of(String reporterId) {
        String k = key;
        if (k == null) {
            k = points.aliasKey();
            key = k;
        }
        return ReporterAlias.of(k, reporterId);
    }
}
