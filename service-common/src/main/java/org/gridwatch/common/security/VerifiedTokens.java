package org.gridwatch.common.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * SmallRye JWT's parser with a memory of the tokens it has verified. A rider's app sends the same token with every
 * request until it expires, and checking its RS256 signature is the largest single cost of a request (JFR of
 * intake under {@code bench/run intake}: a quarter of its CPU samples in {@code RSASignature.engineVerify}); a token
 * seen again is answered from the cache instead.
 *
 * <p>What is remembered is exactly what verification returned for exactly that token string, so a token that differs
 * in a single character (another signature, a changed claim) is verified afresh and refused as before. An entry is
 * used only while its token has not expired ({@code exp}, checked on every use) and for at most
 * {@code gridwatch.security.verified-tokens.ttl} after it was verified (5 minutes: how long a token keeps passing
 * after the verification key is rotated); at most {@code gridwatch.security.verified-tokens.max-size} tokens are kept
 * (10,000, a few MB). Tokens that fail are never remembered. {@code max-size=0} verifies every request. The cache's
 * hits and misses are on {@code /q/metrics} as {@code cache_gets_total{cache="verified-tokens"}}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private final DefaultJWTParser parser;
    private final Cache<String, JsonWebToken> verified;
    private final boolean remember;
    private final Clock clock;

    public VerifiedTokens(DefaultJWTParser parser, MeterRegistry registry,
                          @ConfigProperty(name = "gridwatch.security.verified-tokens.max-size", defaultValue = "10000") long maxSize,
                          @ConfigProperty(name = "gridwatch.security.verified-tokens.ttl", defaultValue = "PT5M") Duration ttl) {
        this.parser = parser;
        this.clock = Clock.systemUTC();
        this.remember = maxSize > 0;
        this.verified = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).recordStats().build();
        CaffeineCacheMetrics.monitor(registry, verified, "verified-tokens");
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null && clock.millis() < known.getExpirationTime() * 1000) {
            return known;
        }
        JsonWebToken fresh = parser.parse(token);
        if (remember && fresh.getExpirationTime() > 0) {
            verified.put(token, fresh);
        }
        return fresh;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }
}
