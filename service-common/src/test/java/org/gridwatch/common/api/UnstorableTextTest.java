package org.gridwatch.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A U+0000 from the caller is a 400, wherever PostgreSQL meets it and however a cursor carries it. */
class UnstorableTextTest {

    @Test
    void postgresRefusingANulIsTheCallersFaultThroughAnyWrapping() {
        SQLException nul = new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        assertTrue(ProblemMapper.isUnstorableText(nul));
        assertTrue(ProblemMapper.isUnstorableText(new IllegalStateException("Overdue query failed", nul)));
        assertTrue(ProblemMapper.isUnstorableText(new RuntimeException(new RuntimeException("JDBC exception", nul))));
        SQLException batch = new SQLException("Batch entry 0 was aborted", "08006");
        batch.setNextException(new SQLException("untranslatable character", "22P05"));
        assertTrue(ProblemMapper.isUnstorableText(batch));
    }

    @Test
    void otherDatabaseFailuresStayServerFaults() {
        assertFalse(ProblemMapper.isUnstorableText(new SQLException("connection refused", "08001")));
        assertFalse(ProblemMapper.isUnstorableText(new SQLException("no state")));
        assertFalse(ProblemMapper.isUnstorableText(new IllegalStateException("boom")));
        assertFalse(ProblemMapper.isUnstorableText(null));
    }

    @Test
    void aCursorHoldingANulIsNotOneThisApiIssued() {
        String issued = Cursor.encode("2026-11-22T08:00:00Z", "T-1");
        assertEquals(List.of("2026-11-22T08:00:00Z", "T-1"), Cursor.decode(issued, 2));
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("2026-11-22T08:00:00Z\u001fT-\u0000".getBytes(StandardCharsets.UTF_8));
        ApiException refused = assertThrows(ApiException.class, () -> Cursor.decode(forged, 2));
        assertEquals(400, refused.status());
        assertEquals("cursor", refused.errors().get(0).field());
    }
}
