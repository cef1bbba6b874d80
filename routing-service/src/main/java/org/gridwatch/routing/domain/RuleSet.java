package org.gridwatch.routing.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version of the routing rules (DESIGN.md section 3): walking from the grid up to the city, at each
 * level a rule for the exact category beats a {@code *} rule, and the first level with a match wins.
 * Immutable; every change to the rules makes a new version.
 */
public final class RuleSet {

    private final long version;
    private final Map<String, List<RoutingRule>> byArea = new HashMap<>();

    public RuleSet(long version, Collection<RoutingRule> rules) {
        this.version = version;
        for (RoutingRule rule : rules) {
            byArea.computeIfAbsent(rule.areaCode(), a -> new ArrayList<>()).add(rule);
        }
        // Two rules for the same category and area should not exist; if they do, the smallest id decides.
        byArea.values().forEach(list -> list.sort(Comparator.comparing(RoutingRule::id)));
    }

    public long version() {
        return version;
    }

    /**
     * The rule for {@code category} along {@code areaPath} (codes from the city down to the grid).
     */
    public Optional<RuleMatch> match(String category, List<String> areaPath) {
        return next(category, areaPath, Set.of());
    }

    /**
     * The most specific rule whose department is not among {@code excludedDepartments}: the re-dispatch
     * of a returned ticket to the next department that could be responsible.
     */
    public Optional<RuleMatch> next(String category, List<String> areaPath, Set<String> excludedDepartments) {
        for (int i = areaPath.size() - 1; i >= 0; i--) {
            List<RoutingRule> rules = byArea.getOrDefault(areaPath.get(i), List.of());
            Optional<RoutingRule> exact = first(rules, r -> r.category().equals(category), excludedDepartments);
            if (exact.isPresent()) {
                return Optional.of(new RuleMatch(exact.get(), i, true));
            }
            Optional<RoutingRule> any = first(rules, RoutingRule::anyCategory, excludedDepartments);
            if (any.isPresent()) {
                return Optional.of(new RuleMatch(any.get(), i, false));
            }
        }
        return Optional.empty();
    }

    /** The city's {@code *} rule: where unlocated reports and thrice-returned tickets go. */
    public Optional<RuleMatch> fallback(String cityCode) {
        return first(byArea.getOrDefault(cityCode, List.of()), RoutingRule::anyCategory, Set.of())
                .map(rule -> new RuleMatch(rule, 0, false));
    }

    private static Optional<RoutingRule> first(List<RoutingRule> rules, java.util.function.Predicate<RoutingRule> wanted,
                                               Set<String> excludedDepartments) {
        return rules.stream().filter(wanted).filter(r -> !excludedDepartments.contains(r.departmentId())).findFirst();
    }
}
