package org.gridwatch.system;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.gridwatch.infra.DevJwt;

/** Development tokens of one clerk per department, signed once each. */
final class StaffTokens {

    private final String subjectPrefix;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    /** @param subjectPrefix the clerks' subjects are {@code <prefix>:<department>} */
    StaffTokens(String subjectPrefix) {
        this.subjectPrefix = subjectPrefix;
    }

    String of(String department) {
        return tokens.computeIfAbsent(department, d -> DevJwt.forRole("staff").dept(d).subject(subjectPrefix + ":" + d).sign());
    }
}
