package org.gridwatch.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A U+0000 or an out-of-range date-time from the caller is a 400, wherever PostgreSQL meets it; a cursor cannot carry a NUL. */
class UnstorableInputTest {

    @Test
    void postgresRefusingANulIsTheCallersFaultThroughAnyWrapping() {
        SQLException nul = new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        assertEquals(ProblemMapper.UNSTORABLE_TEXT, ProblemMapper.unstorableInput(nul));
        assertEquals(ProblemMapper.UNSTORABLE_TEXT, ProblemMapper.unstorableInput(new IllegalStateException("Overdue query failed", nul)));
        assertEquals(ProblemMapper.UNSTORABLE_TEXT,
                ProblemMapper.unstorableInput(new RuntimeException(new RuntimeException("JDBC exception", nul))));
        SQLException batch = new SQLException("Batch entry 0 was aborted", "08006");
        batch.setNextException(new SQLException("untranslatable character", "22P05"));
        assertEquals(ProblemMapper.UNSTORABLE_TEXT, ProblemMapper.unstorableInput(batch));
        assertEquals(ProblemMapper.UNSTORABLE_TIME, ProblemMapper.unstorableInput(new RuntimeException(
                new SQLException("ERROR: timestamp out of range: \"169108099-07-05 04:51:43+00\"", "22008"))));
    }

    @Test
    void otherDatabaseFailuresStayServerFaults() {
        assertNull(ProblemMapper.unstorableInput(new SQLException("connection refused", "08001")));
        assertNull(ProblemMapper.unstorableInput(new SQLException("no state")));
        assertNull(ProblemMapper.unstorableInput(new IllegalStateException("boom")));
        assertNull(ProblemMapper.unstorableInput(null));
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
