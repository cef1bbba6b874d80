package org.gridwatch.intake.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ViewerTest {

    private static final List<String> PATH = List.of("YL", "YL-XC", "YL-XC-01");

    @Test
    void reporterSeesOnlyReportsTheyFiled() {
        Viewer rider = new Viewer("meituan:88231", Set.of("reporter"), null, null);
        assertTrue(rider.maySee("meituan:88231", "D-URBAN", PATH));
        assertFalse(rider.maySee("didi:5512", "D-URBAN", PATH));
    }

    @Test
    void staffSeeTheirDepartmentsReportsOnly() {
        Viewer staff = new Viewer("staff:1", Set.of("staff"), "D-URBAN", null);
        assertTrue(staff.maySee("meituan:88231", "D-URBAN", PATH));
        assertFalse(staff.maySee("meituan:88231", "D-WATER", PATH));
        assertFalse(staff.maySee("meituan:88231", null, PATH), "an unrouted report belongs to no department yet");
        assertFalse(new Viewer("staff:2", Set.of("staff"), null, null).maySee("x", null, PATH));
    }

    @Test
    void supervisorSeesReportsWhoseAreaPathPassesThroughTheirArea() {
        assertTrue(new Viewer("sup:1", Set.of("supervisor"), null, "YL-XC").maySee("x", "D-URBAN", PATH));
        assertFalse(new Viewer("sup:2", Set.of("supervisor"), null, "LH").maySee("x", "D-URBAN", PATH));
        assertFalse(new Viewer("sup:3", Set.of("supervisor"), null, "YL-XC").maySee("x", "D-URBAN", List.of()));
    }

    @Test
    void claimsCountOnlyWithTheirRole() {
        assertFalse(new Viewer("meituan:88231", Set.of("staff"), "D-OTHER", null).maySee("meituan:88231", "D-URBAN", PATH));
        assertFalse(new Viewer("x", Set.of("reporter"), "D-URBAN", "YL").maySee("y", "D-URBAN", PATH));
    }

    @Test
    void adminSeesEveryReport() {
        assertTrue(new Viewer("admin", Set.of("admin"), null, null).maySee("x", null, List.of()));
    }
}
