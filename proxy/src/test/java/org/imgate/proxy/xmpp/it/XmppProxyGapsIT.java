package org.imgate.proxy.xmpp.it;

import org.imgate.core.Decision;
import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;
import org.imgate.proxy.tls.EnterpriseCa;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smackx.xhtmlim.XHTMLManager;
import org.jivesoftware.smackx.xhtmlim.XHTMLText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end, with real Prosody servers and Smack clients: a redact verdict reaches the recipient as
 * the masked text while the archive keeps the original, and an upstream that offers no TLS is refused
 * rather than relayed in clear text.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class XmppProxyGapsIT {

    @TempDir
    static Path dir;

    private static ProsodyServer prosody;
    private static EnterpriseCa ca;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir.resolve("prosody"), List.of("alice", "bob"));
        ca = EnterpriseCa.init(dir.resolve("keys"), "imgate IT Enterprise CA", Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    void aRedactedMessageArrivesMaskedEvenInItsRichTextAndIsArchivedAsWritten() throws Exception {
        String original = "the Falcon numbers are in, falcon closes Friday";
        try (ProxyFixture fixture = new ProxyFixture(ca, prosody, List.of(prosody.certificate()), Duration.ofSeconds(3));
             ChatClient alice = ChatClient.login(fixture.address, ca.certificate(), "alice", "desk");
             ChatClient bob = ChatClient.login(fixture.address, ca.certificate(), "bob", "desk")) {
            Message rich = alice.connection().getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.entityBareFrom("bob@example.test")).ofType(Message.Type.chat)
                    .setBody(original).build();
            XHTMLText html = new XHTMLText(null, null);
            html.appendOpenParagraphTag(null).append("the ").appendOpenStrongTag().append("Falcon")
                    .appendCloseStrongTag().append(" numbers are in").appendCloseParagraphTag().appendCloseBodyTag();
            XHTMLManager.addBody(rich, html);
            alice.connection().sendStanza(rich);

            Message got = bob.awaitBody("the [redacted] numbers are in, [redacted] closes Friday");
            assertNotNull(got, "bob did not get the masked text");
            assertFalse(got.toXML().toString().toLowerCase().contains("falcon"),
                    "the original reached the recipient: " + got.toXML());

            List<Decision> archived = fixture.sink.messages(original);
            assertEquals(1, archived.size(), "archived once, as written");
            assertEquals(new Verdict.Redact("the [redacted] numbers are in, [redacted] closes Friday"),
                    archived.get(0).verdict());
            assertEquals(List.of("codename-falcon"), archived.get(0).matchedRules());
            assertEquals(original, ((ImEvent.Message) archived.get(0).event()).body());
        }
    }

    @Test
    void anUpstreamWithoutTlsIsRefusedWithAStreamErrorAndALogLine() throws Exception {
        try (ProsodyServer plaintext = ProsodyServer.startWithoutTls(dir.resolve("plaintext"), List.of("alice"));
             ProxyFixture fixture = new ProxyFixture(ca, plaintext, List.of(plaintext.certificate()), Duration.ofSeconds(3));
             ChatClient alice = ChatClient.create(fixture.address, ca.certificate(), "alice", "desk", null, null)) {
            Exception failure = null;
            try {
                alice.connection().connect().login();
            } catch (Exception e) {
                failure = e;
            }
            assertNotNull(failure, "logged in through an upstream that offers no TLS");
            StreamError error = XmppProxyIT.streamError(failure);
            assertEquals(StreamError.Condition.remote_connection_failed, error.getCondition());
            assertTrue(error.getDescriptiveText().contains("does not offer TLS"), error.getDescriptiveText());
            assertFalse(fixture.sink.decisions().stream().anyMatch(d -> d.event() instanceof ImEvent.Login),
                    "a login went through in clear text");
        }
        String log = Files.readString(Path.of("target/it-proxy.log"));
        assertTrue(log.contains("does not offer STARTTLS; refusing to relay in clear text"),
                "no clear log line for the refusal");
    }
}
