package org.gridwatch.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.gridwatch.infra.DevJwt;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;

/** The verified-token cache against SmallRye JWT's real parser and real RS256 tokens. */
class VerifiedTokensTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private VerifiedTokens tokens(long maxSize) throws Exception {
        JWTAuthContextInfo context = new JWTAuthContextInfo(KeyUtils.decodePublicKey(DevJwt.publicKeyPem()), DevJwt.ISSUER);
        context.setClockSkew(0); // expiry exactly at exp, as the cache reads it
        return new VerifiedTokens(new DefaultJWTParser(context), registry, maxSize, Duration.ofMinutes(5));
    }

    @Test
    void aTokenSeenAgainIsAnsweredFromTheCache() throws Exception {
        VerifiedTokens tokens = tokens(100);
        String token = DevJwt.forRole("reporter").subject("rider-1").sign();
        JsonWebToken first = tokens.parse(token);
        assertSame(first, tokens.parse(token));
        assertEquals("rider-1", first.getSubject());
        assertEquals(1.0, registry.get("cache.gets").tag("cache", "verified-tokens").tag("result", "hit")
                .functionCounter().count());
    }

    @Test
    void aTokenDifferingInItsSignatureIsVerifiedAndRefusedEvenWhenTheGenuineOneIsCached() throws Exception {
        VerifiedTokens tokens = tokens(100);
        String token = DevJwt.forRole("reporter").subject("rider-2").sign();
        tokens.parse(token);
        int last = token.length() - 2;
        String forged = token.substring(0, last) + (token.charAt(last) == 'A' ? 'B' : 'A') + token.charAt(last + 1);
        assertThrows(ParseException.class, () -> tokens.parse(forged));
        String otherSubject = DevJwt.forRole("reporter").subject("rider-3").sign();
        String swapped = token.substring(0, token.indexOf('.') + 1) + otherSubject.split("\\.")[1]
                + token.substring(token.lastIndexOf('.'));
        assertThrows(ParseException.class, () -> tokens.parse(swapped), "another payload under the cached signature");
    }

    @Test
    void anExpiredTokenIsRefusedThoughItWasCached() throws Exception {
        VerifiedTokens tokens = tokens(100);
        Instant issued = Instant.now();
        String token = DevJwt.forRole("reporter").subject("rider-4").issuedAt(issued).lifetime(Duration.ofSeconds(2)).sign();
        tokens.parse(token);
        long expiresAt = issued.getEpochSecond() + 2;
        while (Instant.now().getEpochSecond() <= expiresAt) {
            Thread.sleep(100);
        }
        assertThrows(ParseException.class, () -> tokens.parse(token));
    }

    @Test
    void sizeZeroVerifiesEveryTime() throws Exception {
        VerifiedTokens tokens = tokens(0);
        String token = DevJwt.forRole("reporter").subject("rider-5").sign();
        assertNotSame(tokens.parse(token), tokens.parse(token));
    }
}
