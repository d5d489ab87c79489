package org.imgate.proxy.msn.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;

import org.imgate.core.HostPort;
import org.imgate.proxy.MsnConfig;
import org.junit.jupiter.api.Test;

class MsnProxyTest {

    @Test
    void handlesOfConfiguredDomainsAreInternalAndOthersAreNot() {
        MsnConfig config = new MsnConfig(null, null, null, null, null, null, List.of("Corp.Example"), null);
        Predicate<String> internal = MsnProxy.internalByDomain(config);
        assertTrue(internal.test("alice@corp.example"));
        assertTrue(internal.test("bob@CORP.EXAMPLE"));
        assertFalse(internal.test("mallory@hotmail.com"));
        assertFalse(internal.test("no-domain"));
    }

    @Test
    void withoutConfiguredDomainsEveryHandleIsInternal() {
        assertTrue(MsnProxy.internalByDomain(MsnConfig.defaults()).test("anyone@hotmail.com"));
    }

    @Test
    void defaultsPlaceTheSwitchboardAndNotificationPortsNextToTheDispatchPort() {
        MsnConfig config = new MsnConfig(new HostPort("10.0.0.5", 1863), null, null);
        assertEquals(new HostPort("10.0.0.5", 1864), config.switchboardListen());
        assertEquals(1865, config.nsPortFirst());
        assertEquals(1899, config.nsPortLast());
    }

    @Test
    void anEmptyNotificationPortRangeIsRefusedNamingTheKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MsnConfig(null, null, null, null, 1900, 1899, null, null));
        assertTrue(e.getMessage().contains("ns-port-first"), e.getMessage());
    }

    @Test
    void anInternalDomainWithAnAtSignIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MsnConfig(null, null, null, null, null, null, List.of("@corp.example"), null));
        assertTrue(e.getMessage().contains("internal-domains"), e.getMessage());
    }
}
