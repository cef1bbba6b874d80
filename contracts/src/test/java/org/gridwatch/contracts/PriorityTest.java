package org.gridwatch.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityTest {

    @ParameterizedTest
    @CsvSource({"P3, P2", "P2, P1", "P1, P0", "P0, P0"})
    void raiseGoesOneClassUpButNeverPastP0(Priority priority, Priority raised) {
        assertEquals(raised, priority.raise());
    }

    @ParameterizedTest
    @CsvSource({"P0, PT30M, PT2H", "P1, PT2H, PT24H", "P2, PT24H, P7D", "P3, PT48H, P15D"})
    void defaultDeadlinesFollowTheHotlineClasses(Priority priority, String response, String resolution) {
        assertEquals(Duration.parse(response), priority.defaultResponseTime());
        assertEquals(Duration.parse(resolution), priority.defaultResolutionTime());
    }
}
