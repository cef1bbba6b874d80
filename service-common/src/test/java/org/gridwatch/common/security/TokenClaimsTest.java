package org.gridwatch.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The claims GridWatch reads from a verified token, each of the wrong type on its own. */
class TokenClaimsTest {

    private static final String GOOD = "\"sub\":\"meituan:88231\",\"upn\":\"meituan:88231\",\"groups\":[\"staff\",\"reporter\"]";

    @Test
    void readsSubjectRolesDepartmentAndArea() throws Exception {
        Caller caller = TokenClaims.read(token("{" + GOOD + ",\"dept\":\"D-URBAN-YL\",\"area\":\"YL\",\"aud\":[\"gridwatch\"]}"));
        assertEquals(new Caller("meituan:88231", Set.of("staff", "reporter"), "D-URBAN-YL", "YL"), caller);
        assertEquals(new Caller("a", Set.of(), null, null), TokenClaims.read(token("{\"sub\":\"a\"}")));
    }

    @Test
    void refusesEveryClaimOfTheWrongType() {
        for (String claims : new String[] {"\"dept\":123", "\"dept\":[\"D\"]", "\"dept\":{\"id\":\"D\"}", "\"dept\":null",
                "\"area\":7", "\"area\":[\"YL\"]", "\"area\":true", "\"upn\":5", "\"preferred_username\":[]"}) {
            InvalidClaims e = refused("{" + GOOD + "," + claims + "}");
            assertTrue(e.message().contains("must be a string"), claims + ": " + e.message());
        }
        for (String groups : new String[] {"\"admin\"", "1", "[\"admin\",1]", "{\"admin\":true}", "[null]"}) {
            assertTrue(refused("{\"sub\":\"a\",\"groups\":" + groups + "}").message().contains("groups"), groups);
        }
        for (String payload : new String[] {"{\"groups\":[\"admin\"]}", "{\"sub\":88231}", "{\"sub\":\"\"}", "{\"sub\":{\"id\":\"a\"}}",
                "{\"sub\":null}"}) {
            assertTrue(refused(payload).message().contains("sub"), payload);
        }
        for (String payload : new String[] {"[]", "\"x\"", "not json", ""}) {
            refused(payload);
        }
        assertThrows(TokenClaims.InvalidClaimsException.class, () -> TokenClaims.read("only.two"));
        assertThrows(TokenClaims.InvalidClaimsException.class, () -> TokenClaims.read(null));
    }

    private record InvalidClaims(String message) {
    }

    private static InvalidClaims refused(String payload) {
        return new InvalidClaims(assertThrows(TokenClaims.InvalidClaimsException.class, () -> TokenClaims.read(token(payload)),
                payload).getMessage());
    }

    private static String token(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
