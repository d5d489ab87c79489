package org.imgate.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostPortTest {
    @Test
    void parsesNamesAddressesAndBracketedIpv6() {
        assertEquals(new HostPort("messenger.hotmail.com", 1863), HostPort.valueOf("messenger.hotmail.com:1863"));
        assertEquals(new HostPort("::1", 5222), HostPort.valueOf("[::1]:5222"));
        assertEquals("[::1]:5222", HostPort.valueOf("[::1]:5222").toString());
    }

    @Test
    void rejectsMissingOrBadPorts() {
        assertThrows(IllegalArgumentException.class, () -> HostPort.valueOf("example.test"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.valueOf("example.test:http"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.valueOf("example.test:70000"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.valueOf("::1:5222"));
    }
}
