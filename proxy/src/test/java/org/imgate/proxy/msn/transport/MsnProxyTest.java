package org.imgate.proxy.msn.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.imgate.core.HostPort;
import org.imgate.policy.yaml.YamlBinder;
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

    @Test
    void gatewayAndPortGraceKeysBindFromYamlAndDefaultToNoGateway() throws Exception {
        MsnConfig defaults = MsnConfig.defaults();
        assertEquals(null, defaults.gatewayListen(), "no gateway unless configured");
        assertEquals(Duration.ofMinutes(5), defaults.nsPortGrace());
        assertEquals(Duration.ofSeconds(60), defaults.gatewayIdleTimeout());
        assertEquals(10_000, defaults.gatewayMaxSessions());
        assertEquals(256 * 1024, defaults.gatewayMaxQueuedBytes());
        MsnConfig bound = new YamlBinder().read("""
                upstream: 127.0.0.1:11863
                ns-port-grace: PT30S
                gateway-listen: 0.0.0.0:80
                gateway-idle-timeout: PT20S
                gateway-max-sessions: 50
                gateway-max-queued-bytes: 65536
                """, Path.of("msn.yaml"), MsnConfig.class);
        assertEquals(new HostPort("0.0.0.0", 80), bound.gatewayListen());
        assertEquals(Duration.ofSeconds(30), bound.nsPortGrace());
        assertEquals(Duration.ofSeconds(20), bound.gatewayIdleTimeout());
        assertEquals(50, bound.gatewayMaxSessions());
        assertEquals(65536, bound.gatewayMaxQueuedBytes());
    }

    @Test
    void aGatewayQueueTooSmallForOneCommandIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MsnConfig(null, null,
                null, null, null, null, null, null, null, null, null, null, 100));
        assertTrue(e.getMessage().contains("gateway-max-queued-bytes"));
    }
}
