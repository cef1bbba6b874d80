package org.gridwatch.intake.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonym under which a reporter appears to others (on the leaderboard): {@code rider-} and 12 hex
 * digits of HMAC-SHA256(key, subject). Stable for a given key, and not reversible without it, although
 * subjects such as {@code meituan:88231} are easy to enumerate.
 */
public final class ReporterAlias {

    public static final String PREFIX = "rider-";
    private static final int HEX_DIGITS = 12;

    private ReporterAlias() {
    }

    public static String of(String key, String reporterId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(reporterId.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
