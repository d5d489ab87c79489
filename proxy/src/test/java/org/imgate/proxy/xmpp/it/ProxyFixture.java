package org.imgate.proxy.xmpp.it;

import org.imgate.proxy.testing.RecordingSink;
import org.imgate.core.FailureMode;
import org.imgate.core.HostPort;
import org.imgate.policy.ComplianceGate;
import org.imgate.policy.Notices;
import org.imgate.policy.PolicyLoader;
import org.imgate.policy.yaml.YamlBinder;
import org.imgate.proxy.XmppConfig;
import org.imgate.proxy.tls.EnterpriseCa;
import org.imgate.proxy.tls.LeafCertificates;
import org.imgate.proxy.tls.UpstreamTls;
import org.imgate.proxy.xmpp.XmlLimits;
import org.imgate.proxy.xmpp.XmppProxy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** imgate's XMPP proxy in front of a Prosody, with the real policy gate and an in-memory archive. */
final class ProxyFixture implements AutoCloseable {

    static final String ARCHIVE_DOWN = "Message not delivered: the compliance archive is unavailable.";
    static final String BLOCK_NOTICE = "Blocked: Project Nightingale may not be discussed over IM.";
    static final String OLD_CLIENT_NOTICE = "Your Gajim is out of date: install 1.5 or later.";
    static final String UPDATE_REMINDER = "Please update Psi to 2.0 or later this week.";
    static final String POLICY = """
            version: it-1
            rules:
              - id: old-gajim
                kind: client-version
                minimum: { "Gajim": "1.5" }
                unknown-clients: allow
                action: end-session
                notice: "%s"
              - id: old-psi
                kind: client-version
                minimum: { "Psi": "2.0" }
                unknown-clients: allow
                action: notify
                notice: "%s"
              - id: nightingale
                kind: keywords
                phrases: [project nightingale]
                action: block
                notice: "%s"
              - id: codename-falcon
                kind: keywords
                words: [falcon]
                action: redact
            """.formatted(OLD_CLIENT_NOTICE, UPDATE_REMINDER, BLOCK_NOTICE);

    final RecordingSink sink = new RecordingSink();
    final XmppProxy proxy;
    final InetSocketAddress address;

    ProxyFixture(EnterpriseCa ca, ProsodyServer prosody, List<Path> upstreamTrust, Duration handshakeTimeout)
            throws Exception {
        ComplianceGate gate = new ComplianceGate(
                new PolicyLoader(new YamlBinder()).load(POLICY, Path.of("it-policy.yaml")), sink,
                FailureMode.CLOSED, new Notices(ARCHIVE_DOWN, "Policy error."));
        XmppConfig config = new XmppConfig(new HostPort("127.0.0.1", 0),
                Map.of(ProsodyServer.DOMAIN, new HostPort("127.0.0.1", prosody.port())), upstreamTrust);
        proxy = new XmppProxy(config, XmlLimits.defaults(), new LeafCertificates(ca, Clock.systemUTC()),
                UpstreamTls.create(upstreamTrust), gate, Clock.systemUTC(), null, handshakeTimeout);
        address = proxy.start();
    }

    @Override
    public void close() throws InterruptedException {
        proxy.close();
    }
}
