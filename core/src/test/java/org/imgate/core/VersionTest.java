package org.imgate.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionTest {
    @Test
    void comparesNumericallyPartByPart() {
        assertTrue(Version.parse("4.7.3001").isOlderThan(Version.parse("5.0")));
        assertTrue(Version.parse("6.2.0137").compareTo(Version.parse("6.10")) < 0, "10 is more than 2, not less");
        assertEquals(0, Version.parse("5.0").compareTo(Version.parse("5.0.0")));
        assertEquals(0, Version.parse("7.0 beta").compareTo(Version.parse("7.0")));
    }

    @Test
    void rejectsTextWithoutANumber() {
        assertThrows(IllegalArgumentException.class, () -> Version.parse("beta"));
    }

    @Test
    void clientInfoGivesNoVersionWhenTheClientGaveNone() {
        ClientInfo trillian = new ClientInfo(Network.MSN, "Trillian", "unknown", null, "MSNP8", java.util.Map.of(), false);
        assertTrue(trillian.parsedVersion().isEmpty());
    }
}
