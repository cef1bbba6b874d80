package org.gridwatch.resolution.domain;

/**
 * The numerators and denominators of one statistics row (DESIGN.md section 7), and the rates they give.
 * Plain Java so that the formulas are unit-testable and shared with the benchmark.
 */
public record ResolutionCounts(
        String key,
        long received,
        long reports,
        long rejected,
        long open,
        long overdue,
        long resolved,
        long resolvedOnTime,
        long acceptedOnTime,
        long confirmed,
        long disputed,
        long returned,
        long reopened,
        Double medianHoursToResolve,
        Double p90HoursToResolve) {

    /** resolved / (received − rejected). */
    public Double resolutionRate() {
        return rate(resolved, received - rejected);
    }

    /** resolved by the resolution deadline / (received − rejected). */
    public Double onTimeRate() {
        return rate(resolvedOnTime, received - rejected);
    }

    /** accepted by the response deadline / received. */
    public Double responseRate() {
        return rate(acceptedOnTime, received);
    }

    /** confirmed / (confirmed + disputed) reporter feedback. */
    public Double satisfactionRate() {
        return rate(confirmed, confirmed + disputed);
    }

    /** returned at least once / received. */
    public Double misrouteRate() {
        return rate(returned, received);
    }

    /** resolved tickets that had been reopened at least once / resolved. */
    public Double reopenRate() {
        return rate(reopened, resolved);
    }

    /** Null when the denominator is 0: "no data" must not read as 0% or 100%. */
    static Double rate(long numerator, long denominator) {
        return denominator <= 0 ? null : (double) numerator / denominator;
    }
}
