package org.gridwatch.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Development tokens for the local stack and the tests: RS256 JWTs signed with the development key
 * pair kept in this module. Production deployments configure their own issuer and keys; this private
 * key is public knowledge and must never be trusted outside a developer's machine.
 */
public final class DevJwt {

    public static final String ISSUER = "https://gridwatch.local/dev";
    /** The audience every GridWatch service expects by default ({@code JWT_AUDIENCE}). */
    public static final String AUDIENCE = "gridwatch";
    public static final Set<String> ROLES = Set.of("reporter", "staff", "supervisor", "admin");

    private static final String KEY_DIR = "/org/gridwatch/infra/dev-jwt/";

    private String issuer = ISSUER;
    private List<String> audience = List.of(AUDIENCE);
    private String subject;
    private List<String> groups;
    private String dept;
    private String area;
    private Instant issuedAt = Instant.now();
    private Duration lifetime = Duration.ofHours(12);
    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private final Set<String> omitted = new LinkedHashSet<>();

    private DevJwt(String role) {
        this.groups = List.of(role);
        this.subject = "dev-" + role;
    }

    /** A token for one of {@link #ROLES}. */
    public static DevJwt forRole(String role) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("Unknown role '" + role + "'; one of " + ROLES);
        }
        return new DevJwt(role);
    }

    public DevJwt subject(String sub) {
        this.subject = sub;
        return this;
    }

    /** Department claim, for staff. */
    public DevJwt dept(String departmentId) {
        this.dept = departmentId;
        return this;
    }

    /** Area claim (an area code), for supervisors. */
    public DevJwt area(String areaCode) {
        this.area = areaCode;
        return this;
    }

    public DevJwt groups(List<String> roles) {
        this.groups = List.copyOf(roles);
        return this;
    }

    public DevJwt issuer(String iss) {
        this.issuer = iss;
        return this;
    }

    /** The {@code aud} claim: one or more audiences ({@value #AUDIENCE} unless set); none leaves the claim out. */
    public DevJwt audience(String... audiences) {
        this.audience = List.of(audiences);
        return this;
    }

    /**
     * Sets {@code name} to {@code value} as is, after every other claim, whatever its JSON type (a number, a list,
     * a map, or null): for tokens whose claims have the wrong type, which services must refuse.
     */
    public DevJwt claim(String name, Object value) {
        omitted.remove(name);
        overrides.put(name, value);
        return this;
    }

    /** Leaves the claim {@code name} out of the token. */
    public DevJwt omit(String name) {
        overrides.remove(name);
        omitted.add(name);
        return this;
    }

    public DevJwt issuedAt(Instant at) {
        this.issuedAt = at;
        return this;
    }

    public DevJwt lifetime(Duration ttl) {
        this.lifetime = ttl;
        return this;
    }

    /** The signed compact token. */
    public String sign() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        if (audience.size() == 1) {
            claims.setAudience(audience.get(0));
        } else if (!audience.isEmpty()) {
            claims.setAudience(audience);
        }
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setStringListClaim("groups", groups);
        if (dept != null) {
            claims.setClaim("dept", dept);
        }
        if (area != null) {
            claims.setClaim("area", area);
        }
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(issuedAt.plus(lifetime).getEpochSecond()));
        claims.setGeneratedJwtId();
        overrides.forEach(claims::setClaim);
        omitted.forEach(claims::unsetClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign development token", e);
        }
    }

    /** The development public key (PEM), which services verify tokens with in tests and the local stack. */
    public static String publicKeyPem() {
        return resource("publicKey.pem");
    }

    /** Writes the public key to {@code file} (for a service's {@code mp.jwt.verify.publickey.location}). */
    public static Path writePublicKey(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, publicKeyPem());
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey privateKey() {
        String base64 = resource("privateKey.pem")
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bad development private key", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DevJwt.class.getResourceAsStream(KEY_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing development key " + KEY_DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
