package org.gridwatch.intake.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReporterAliasTest {

    @Test
    void aliasIsStablePerKeyAndRevealsNothingOfTheSubject() {
        String alias = ReporterAlias.of("key-1", "meituan:88231");

        assertEquals(alias, ReporterAlias.of("key-1", "meituan:88231"));
        assertTrue(alias.matches("rider-[0-9a-f]{12}"), alias);
        assertFalse(alias.contains("88231"));
        assertNotEquals(alias, ReporterAlias.of("key-1", "meituan:88232"));
        assertNotEquals(alias, ReporterAlias.of("key-2", "meituan:88231"), "without the key, a guessed subject does not give the alias");
    }
}
