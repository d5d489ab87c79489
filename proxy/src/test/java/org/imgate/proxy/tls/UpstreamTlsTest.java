package org.imgate.proxy.tls;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamTlsTest {

    @Test
    void everyEngineChecksTheHostNameAndSendsSni() throws Exception {
        UpstreamTls upstream = UpstreamTls.create(List.of());
        SSLEngine engine = upstream.newEngine("Example.Test", 5222);
        SSLParameters parameters = engine.getSSLParameters();
        assertTrue(engine.getUseClientMode());
        assertEquals("HTTPS", parameters.getEndpointIdentificationAlgorithm());
        assertEquals(List.of(new SNIHostName("example.test")), parameters.getServerNames());
        assertEquals("example.test", engine.getPeerHost());
        assertEquals(List.of("TLSv1.3"), List.of(engine.getEnabledProtocols()));
        assertTrue(List.of(engine.getEnabledCipherSuites()).stream().allMatch(s -> s.startsWith("TLS_AES_")
                || s.startsWith("TLS_CHACHA20_")), () -> String.join(",", engine.getEnabledCipherSuites()));
    }

    @Test
    void missingAnchorFileIsNamed() {
        CaException e = assertThrows(CaException.class,
                () -> UpstreamTls.create(List.of(java.nio.file.Path.of("/nonexistent/upstream-ca.pem"))));
        assertTrue(e.getMessage().contains("upstream-ca.pem"), e.getMessage());
    }
}
