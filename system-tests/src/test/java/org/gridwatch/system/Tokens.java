package org.gridwatch.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.infra.DevJwt;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Bearer tokens that every service must refuse with 401. Each claims all four roles, a department and the
 * city as its area, so that a service that skipped a check would let it in rather than answer 403. Besides
 * tokens that fail verification (expired, wrong issuer or audience, another key, wrong algorithm, tampered), a
 * token signed with the right key whose claims have the wrong type ({@code "dept": 123}, {@code "groups": "admin"},
 * no {@code sub}) is refused the same way: GridWatch cannot tell whom it was issued to, so it is not a valid token
 * (DESIGN.md G6: 401, never 500).
 */
final class Tokens {

    static final List<String> ALL_ROLES = List.of("reporter", "staff", "supervisor", "admin");
    static final String INTRUDER = "intruder:0001";

    private Tokens() {
    }

    /** The tokens that must get 401, by what is wrong with them. */
    static Map<String, String> refused() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired", DevJwt.forRole("admin").groups(ALL_ROLES).subject(INTRUDER).dept("D-OPS-YL").area("YL")
                .issuedAt(Instant.now().minus(Duration.ofHours(3))).lifetime(Duration.ofHours(1)).sign());
        tokens.put("wrong issuer", DevJwt.forRole("admin").groups(ALL_ROLES).subject(INTRUDER).dept("D-OPS-YL").area("YL")
                .issuer("https://sso.attacker.example/realms/gridwatch").sign());
        tokens.put("another key", signedWithAnotherKey());
        tokens.put("alg none", unsigned());
        tokens.put("HS256 keyed with the public key", hmacWithPublicKey());
        tokens.put("tampered payload", tampered());
        tokens.put("not a JWT", "not.a.jwt");
        tokens.putAll(wrongAudience());
        tokens.putAll(wrongClaimTypes());
        return tokens;
    }

    /** Tokens of the right issuer and key, issued to another application of the city, or to none. */
    static Map<String, String> wrongAudience() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("aud another application", intruder().audience("city-parking").sign());
        tokens.put("aud missing", intruder().audience().sign());
        tokens.put("aud a number", intruder().claim("aud", 123).sign());
        tokens.put("aud others only", intruder().audience("city-parking", "city-library").sign());
        return tokens;
    }

    /** Tokens of the right issuer, key and audience whose claims GridWatch reads have the wrong JSON type. */
    static Map<String, String> wrongClaimTypes() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("dept a number", intruder().claim("dept", 123).sign());
        tokens.put("dept an array", intruder().claim("dept", List.of("D-OPS-YL")).sign());
        tokens.put("dept an object", intruder().claim("dept", Map.of("id", "D-OPS-YL")).sign());
        tokens.put("dept null", intruder().claim("dept", null).sign());
        tokens.put("area a number", intruder().claim("area", 7).sign());
        tokens.put("area an array", intruder().claim("area", List.of("YL")).sign());
        tokens.put("area an object", intruder().claim("area", Map.of("code", "YL")).sign());
        tokens.put("area true", intruder().claim("area", true).sign());
        tokens.put("groups a string", intruder().claim("groups", "admin").sign());
        tokens.put("groups a number", intruder().claim("groups", 1).sign());
        tokens.put("groups with a number", intruder().claim("groups", List.of("admin", 1)).sign());
        tokens.put("groups an object", intruder().claim("groups", Map.of("admin", true)).sign());
        tokens.put("sub missing", intruder().omit("sub").sign());
        tokens.put("sub a number", intruder().claim("sub", 88231).sign());
        tokens.put("sub an object", intruder().claim("sub", Map.of("id", INTRUDER)).sign());
        tokens.put("upn a number", intruder().claim("upn", 5).sign());
        tokens.put("exp a string", intruder().claim("exp", "tomorrow").sign());
        tokens.put("iss a number", intruder().claim("iss", 1).sign());
        return tokens;
    }

    /** Every role, a department and the whole city, signed with the development key: refused only for what a test changes. */
    private static DevJwt intruder() {
        return DevJwt.forRole("admin").groups(ALL_ROLES).subject(INTRUDER).dept("D-OPS-YL").area("YL");
    }

    /** A valid token with no GridWatch role at all: 403 wherever a role is needed. */
    static String noRole() {
        return DevJwt.forRole("reporter").groups(List.of("guest")).subject("guest:0001").sign();
    }

    private static JwtClaims allRoles() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(DevJwt.ISSUER);
        claims.setSubject(INTRUDER);
        claims.setClaim("upn", INTRUDER);
        claims.setStringListClaim("groups", ALL_ROLES);
        claims.setClaim("dept", "D-OPS-YL");
        claims.setClaim("area", "YL");
        long now = Instant.now().getEpochSecond();
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 3600));
        claims.setGeneratedJwtId();
        return claims;
    }

    private static String signedWithAnotherKey() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(allRoles().toJson());
            jws.setKey(key.getPrivateKey());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none} with an empty signature, built by hand (jose4j refuses to make one by default). */
    private static String unsigned() {
        return base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(allRoles().toJson()) + ".";
    }

    /** The classic algorithm confusion: HMAC keyed with the RSA public key, which anyone can read. */
    private static String hmacWithPublicKey() {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(allRoles().toJson());
            jws.setKey(new HmacKey(DevJwt.publicKeyPem().getBytes(StandardCharsets.UTF_8)));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setHeader("typ", "JWT");
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A genuine reporter token whose payload is swapped for one with every role; the signature no longer matches. */
    private static String tampered() {
        String[] parts = DevJwt.forRole("reporter").subject(INTRUDER).sign().split("\\.");
        return parts[0] + "." + base64(allRoles().toJson()) + "." + parts[2];
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
