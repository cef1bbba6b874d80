package org.gridwatch.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Runs after SmallRye JWT verified a token (signature, issuer, audience, expiry): checks the types of the claims
 * GridWatch reads ({@link TokenClaims}) and leaves the {@link Caller} on the identity. A token with a claim of the
 * wrong type fails authentication: 401 with {@code WWW-Authenticate: Bearer}, on every endpoint, as for any invalid
 * token.
 */
@ApplicationScoped
public class TokenClaimsCheck implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(TokenClaimsCheck.class);

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        try {
            Caller caller = TokenClaims.read(token.getRawToken());
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addAttribute(Caller.ATTRIBUTE, caller).build());
        } catch (TokenClaims.InvalidClaimsException e) {
            LOG.debugf("Token refused: %s", e.getMessage());
            return Uni.createFrom().failure(new AuthenticationFailedException("Token claims of the wrong type: " + e.getMessage()));
        }
    }
}
