package org.gridwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

class DevJwtTest {

    @Test
    void staffTokenVerifiesWithThePublicKeyAndCarriesRoleAndDepartment() throws Exception {
        String token = DevJwt.forRole("staff").subject("zhang.wei").dept("D-URBAN-YL").sign();
        JwtClaims claims = consumer(DevJwt.ISSUER).processToClaims(token);
        assertEquals("zhang.wei", claims.getSubject());
        assertEquals(List.of("staff"), claims.getStringListClaimValue("groups"));
        assertEquals("D-URBAN-YL", claims.getStringClaimValue("dept"));
        assertEquals(List.of(DevJwt.AUDIENCE), claims.getAudience());
    }

    @Test
    void aTokenForAnotherAudienceIsRejectedAndOneNamingGridWatchAmongOthersIsNot() throws Exception {
        String parking = DevJwt.forRole("admin").audience("city-parking").sign();
        assertThrows(InvalidJwtException.class, () -> consumer(DevJwt.ISSUER).processToClaims(parking));
        String both = DevJwt.forRole("admin").audience("city-parking", DevJwt.AUDIENCE).sign();
        assertEquals(List.of("city-parking", DevJwt.AUDIENCE), consumer(DevJwt.ISSUER).processToClaims(both).getAudience());
    }

    @Test
    void expiredTokenAndForeignIssuerAreRejected() throws Exception {
        String expired = DevJwt.forRole("reporter").issuedAt(Instant.now().minus(Duration.ofHours(3)))
                .lifetime(Duration.ofHours(1)).sign();
        assertThrows(InvalidJwtException.class, () -> consumer(DevJwt.ISSUER).processToClaims(expired));
        String foreign = DevJwt.forRole("reporter").issuer("https://elsewhere.example").sign();
        assertThrows(InvalidJwtException.class, () -> consumer(DevJwt.ISSUER).processToClaims(foreign));
    }

    @Test
    void unknownRoleIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DevJwt.forRole("mayor"));
        assertEquals(true, e.getMessage().contains("mayor"));
    }

    private static JwtConsumer consumer(String issuer) throws Exception {
        String base64 = DevJwt.publicKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        return new JwtConsumerBuilder().setVerificationKey(key).setExpectedIssuer(issuer)
                .setExpectedAudience(DevJwt.AUDIENCE).setRequireExpirationTime().build();
    }
}
