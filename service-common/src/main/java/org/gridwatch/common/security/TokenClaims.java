package org.gridwatch.common.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.gridwatch.common.api.Roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the claims GridWatch relies on from a token's payload, checking each one's JSON type: {@code sub} a
 * non-blank string; {@code groups} an array of strings; {@code dept}, {@code area}, {@code upn} and
 * {@code preferred_username} strings when present. A signed token that breaks any of these cannot say whom it was
 * issued to, so it is refused like any other invalid token (401), never read half-way (a 500 for {@code "dept": 123}).
 */
public final class TokenClaims {

    /** A claim of the wrong type, or a payload that is not a JSON object. */
    public static final class InvalidClaimsException extends Exception {
        InvalidClaimsException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Claims that must be strings when present (the principal's name is taken from the first two). */
    private static final List<String> OPTIONAL_STRINGS = List.of("upn", "preferred_username", Roles.DEPT_CLAIM, Roles.AREA_CLAIM);

    private TokenClaims() {
    }

    /** The caller named by the compact JWS {@code rawToken} (already verified), or why its claims cannot be trusted. */
    public static Caller read(String rawToken) throws InvalidClaimsException {
        String[] parts = rawToken == null ? new String[0] : rawToken.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidClaimsException("not a compact JWS");
        }
        JsonNode claims;
        try {
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidClaimsException("payload is not JSON");
        }
        if (claims == null || !claims.isObject()) {
            throw new InvalidClaimsException("payload is not a JSON object");
        }
        List<String> wrong = new ArrayList<>();
        JsonNode sub = claims.get("sub");
        if (sub == null || !sub.isTextual() || sub.asText().isBlank()) {
            wrong.add("sub must be a non-empty string");
        }
        for (String name : OPTIONAL_STRINGS) {
            JsonNode value = claims.get(name);
            if (value != null && !value.isTextual()) {
                wrong.add(name + " must be a string");
            }
        }
        Set<String> groups = new LinkedHashSet<>();
        JsonNode groupsNode = claims.get("groups");
        if (groupsNode != null) {
            if (!groupsNode.isArray()) {
                wrong.add("groups must be an array of strings");
            } else {
                for (JsonNode group : groupsNode) {
                    if (!group.isTextual()) {
                        wrong.add("groups must be an array of strings");
                        break;
                    }
                    groups.add(group.asText());
                }
            }
        }
        if (!wrong.isEmpty()) {
            throw new InvalidClaimsException(String.join("; ", wrong));
        }
        return new Caller(sub.asText(), groups, text(claims, Roles.DEPT_CLAIM), text(claims, Roles.AREA_CLAIM));
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        return value == null ? null : value.asText();
    }
}
