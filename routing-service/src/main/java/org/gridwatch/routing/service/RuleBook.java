package org.gridwatch.routing.service;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.routing.domain.RuleSet;
import org.gridwatch.routing.persistence.RuleEntity;
import org.gridwatch.routing.persistence.RuleRepository;

/**
 * The current rule set. Each call checks the latest version in the database (one indexed read), so a
 * change made through any routing instance applies to the next report everywhere; the rules themselves
 * are read again only when the version moved.
 */
@ApplicationScoped
public class RuleBook {

    private final RuleRepository rules;
    private final AtomicReference<RuleSet> cached = new AtomicReference<>(new RuleSet(-1, java.util.List.of()));

    public RuleBook(RuleRepository rules) {
        this.rules = rules;
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public RuleSet current() {
        long version = rules.latestVersion();
        RuleSet set = cached.get();
        if (set.version() != version) {
            set = new RuleSet(version, rules.live().stream().map(RuleEntity::toRule).toList());
            cached.set(set);
        }
        return set;
    }
}
