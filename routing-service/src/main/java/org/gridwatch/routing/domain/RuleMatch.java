package org.gridwatch.routing.domain;

/** The rule that decided, and why: the level of the area path it matched and whether by exact category. */
public record RuleMatch(RoutingRule rule, int pathIndex, boolean exactCategory) {

    /** A one-line explanation for the decision's {@code reason}. */
    public String explain(String category) {
        return "rule " + rule.id() + " (" + (exactCategory ? category : "any category") + " at " + rule.areaCode()
                + ") assigns " + rule.departmentId();
    }
}
