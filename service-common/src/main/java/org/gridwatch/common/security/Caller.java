package org.gridwatch.common.security;

import java.util.Set;

import org.gridwatch.common.api.Roles;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who calls, as GridWatch reads a verified token: its subject, its roles, and the claims that scope them
 * ({@value Roles#DEPT_CLAIM} for staff, {@value Roles#AREA_CLAIM} for supervisors). Every resource reads the caller
 * through {@link #of(SecurityIdentity)} rather than the token's raw claims: {@link TokenClaims} has already refused
 * (401) any token whose claims have the wrong type, so these are plain strings or null.
 *
 * @param subject    the token's {@code sub}; null only for an anonymous caller
 * @param roles      the token's {@code groups}
 * @param department the {@value Roles#DEPT_CLAIM} claim, or null
 * @param area       the {@value Roles#AREA_CLAIM} claim, or null
 */
public record Caller(String subject, Set<String> roles, String department, String area) {

    /** The identity attribute under which {@link TokenClaimsCheck} leaves the caller. */
    public static final String ATTRIBUTE = "org.gridwatch.caller";

    static final Caller ANONYMOUS = new Caller(null, Set.of(), null, null);

    public Caller {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** The caller of the current request (anonymous when it sent no token). */
    public static Caller of(SecurityIdentity identity) {
        Caller caller = identity == null ? null : identity.getAttribute(ATTRIBUTE);
        return caller == null ? ANONYMOUS : caller;
    }
}
