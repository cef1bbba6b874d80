package org.gridwatch.common.api;

/** The roles of a GridWatch token's {@code groups} claim, and the claims that scope them. */
public final class Roles {

    public static final String REPORTER = "reporter";
    /** Department staff; the token's {@value #DEPT_CLAIM} claim names the department. */
    public static final String STAFF = "staff";
    /** Supervisor of an area; the token's {@value #AREA_CLAIM} claim names the area code. */
    public static final String SUPERVISOR = "supervisor";
    public static final String ADMIN = "admin";

    public static final String DEPT_CLAIM = "dept";
    public static final String AREA_CLAIM = "area";

    private Roles() {
    }
}
