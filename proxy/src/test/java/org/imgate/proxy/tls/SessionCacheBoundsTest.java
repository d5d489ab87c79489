package org.imgate.proxy.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both TLS legs keep a bounded number of sessions for resumption, not the JDK's 20,480 per context. */
class SessionCacheBoundsTest {

    @TempDir
    Path keys;

    @Test
    void theUpstreamLegKeepsAFewSessionsNotOnePerConnection() throws Exception {
        UpstreamTls tls = UpstreamTls.create(List.of());
        assertEquals(UpstreamTls.SESSION_CACHE_SIZE, tls.context().getClientSessionContext().getSessionCacheSize());
    }

    @Test
    void theClientLegKeepsABoundedNumberOfSessionsPerDomain() throws Exception {
        EnterpriseCa ca = EnterpriseCa.init(keys, "test CA", Clock.systemUTC());
        ServerTls tls = new ServerTls(new LeafCertificates(ca, Clock.systemUTC()), "example.test"::equals);
        assertEquals(ServerTls.SESSION_CACHE_SIZE,
                tls.contextFor("example.test").getServerSessionContext().getSessionCacheSize());
    }
}
