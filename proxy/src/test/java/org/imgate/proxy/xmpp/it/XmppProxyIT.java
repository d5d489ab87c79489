package org.imgate.proxy.xmpp.it;

import org.imgate.core.Decision;
import org.imgate.core.ImEvent;
import org.imgate.proxy.tls.EnterpriseCa;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.httpfileupload.element.SlotRequest;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.provider.IqProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StreamError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: Smack clients trusting only the enterprise CA log in to a real Prosody through imgate,
 * and every message passes the real compliance gate and is archived before it is delivered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class XmppProxyIT {

    private static final Duration QUIET = Duration.ofMillis(700);

    @TempDir
    static Path dir;

    private static ProsodyServer prosody;
    private static EnterpriseCa ca;

    private ProxyFixture fixture;

    @BeforeAll
    static void startProsody() throws Exception {
        prosody = ProsodyServer.start(dir.resolve("prosody"),
                List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace"));
        ca = EnterpriseCa.init(dir.resolve("keys"), "imgate IT Enterprise CA", Clock.systemUTC());
    }

    @AfterAll
    static void stopProsody() throws Exception {
        if (prosody != null) {
            prosody.close();
        }
    }

    @BeforeEach
    void startProxy() throws Exception {
        fixture = new ProxyFixture(ca, prosody, List.of(prosody.certificate()), Duration.ofSeconds(3));
    }

    @AfterEach
    void stopProxy() throws Exception {
        fixture.close();
    }

    private ChatClient login(String user, String resource) throws Exception {
        return ChatClient.login(fixture.address, ca.certificate(), user, resource);
    }

    @Test
    void chatBothWaysIsArchivedOnceAndOnlyDeliveredOnceDurable() throws Exception {
        try (ChatClient alice = login("alice", "desk"); ChatClient bob = login("bob", "desk")) {
            assertFalse(alice.connection().isSmAvailable(), "stream management must not be offered (XEP-0198)");
            fixture.sink.holding(true);
            alice.send("bob@example.test", Message.Type.chat, "hello bob, lunch at noon?");
            assertNull(bob.await(m -> m.getBody() != null, QUIET), "delivered before the archive had it");
            fixture.sink.release();
            Message got = bob.awaitBody("hello bob, lunch at noon?");
            assertNotNull(got, "bob never got alice's message");
            assertEquals("alice@example.test", got.getFrom().asBareJid().toString());

            bob.send("alice@example.test", Message.Type.chat, "yes, see you there");
            assertNotNull(alice.awaitBody("yes, see you there"), "alice never got bob's reply");

            assertEquals(1, fixture.sink.messages("hello bob, lunch at noon?").size());
            assertEquals(1, fixture.sink.messages("yes, see you there").size());
            ImEvent.Message archived = (ImEvent.Message) fixture.sink.messages("yes, see you there").get(0).event();
            assertEquals("bob@example.test", archived.sender().handle());
        }
        List<Decision> decisions = fixture.sink.decisions();
        assertTrue(decisions.stream().anyMatch(d -> d.event() instanceof ImEvent.Login l
                && l.identity().equals("alice@example.test/desk")), "alice's login (from the bind result) archived");
        assertTrue(decisions.stream().anyMatch(d -> d.event() instanceof ImEvent.SessionOpened));
        assertTrue(waitFor(() -> fixture.sink.decisions().stream()
                .filter(d -> d.event() instanceof ImEvent.SessionClosed).count() >= 2));
        for (Decision d : fixture.sink.decisions()) {
            assertFalse(d.toString().contains(ProsodyServer.password("alice")), "a password reached the archive");
        }
        String log = Files.readString(Path.of("target/it-proxy.log"));
        assertFalse(log.contains(ProsodyServer.password("alice")), "a password reached the log");
    }

    @Test
    void aFlightRecordingShowsHowLongImgateHeldEachMessageForTheArchive() throws Exception {
        try (Recording recording = new Recording();
             ChatClient alice = login("alice", "desk"); ChatClient bob = login("bob", "desk")) {
            recording.enable("org.imgate.xmpp.StanzaRelay");
            recording.start();
            fixture.sink.holding(true);
            Message sent = alice.send("bob@example.test", Message.Type.chat, "held until archived");
            assertNull(bob.await(m -> m.getBody() != null, QUIET), "delivered before the archive had it");
            fixture.sink.release();
            assertNotNull(bob.awaitBody("held until archived"), "bob never got alice's message");
            Message refused = alice.send("bob@example.test", Message.Type.chat, "the Project Nightingale numbers");
            assertNotNull(alice.await(m -> m.getType() == Message.Type.error, Duration.ofSeconds(10)));
            recording.stop();
            Path file = dir.resolve("relay.jfr");
            recording.dump(file);

            List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> sent.getStanzaId().equals(e.getString("stanzaId"))).toList();
            RecordedEvent towardsServer = events.stream().filter(e -> "server".equals(e.getString("towards")))
                    .findFirst().orElseThrow(() -> new AssertionError("no event for alice's message: " + events));
            assertTrue(towardsServer.getBoolean("archived"));
            assertEquals("bob@example.test", towardsServer.getString("to"));
            // held from a moment after alice sent it until the release, QUIET later
            Duration half = QUIET.dividedBy(2);
            assertTrue(towardsServer.getDuration("held").compareTo(half) > 0,
                    "held while the archive held it: " + towardsServer.getDuration("held"));
            // The copy the server routes to bob's session is archived already, and passes at once.
            RecordedEvent towardsClient = events.stream().filter(e -> "client".equals(e.getString("towards")))
                    .findFirst().orElseThrow(() -> new AssertionError("no event for bob's copy: " + events));
            assertFalse(towardsClient.getBoolean("archived"));
            assertTrue(towardsClient.getDuration("held").compareTo(half) < 0, "bob's copy was held "
                    + towardsClient.getDuration("held"));
            assertFalse(towardsServer.getBoolean("blocked"));
            RecordedEvent blocked = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> refused.getStanzaId().equals(e.getString("stanzaId"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no event for the blocked message"));
            assertTrue(blocked.getBoolean("blocked") && blocked.getBoolean("archived"), blocked.toString());
            assertTrue(RecordingFile.readAllEvents(file).stream().noneMatch(e -> e.toString().contains("held until")
                    || e.toString().contains("Nightingale")), "a message's content reached the flight recording");
        }
    }

    @Test
    void whatAClientSentJustBeforeItVanishedIsStillDeliveredOnceArchived() throws Exception {
        try (ChatClient bob = login("bob", "desk"); ChatClient alice = login("alice", "desk")) {
            awaitAvailable("bob@example.test");
            fixture.sink.holding(true);
            alice.send("bob@example.test", Message.Type.chat, "last words before the train tunnel");
            assertTrue(waitFor(() -> fixture.sink.messages("last words before the train tunnel").size() == 1));
            alice.connection().instantShutdown();
            Thread.sleep(300);
            fixture.sink.release();
            assertNotNull(bob.awaitBody("last words before the train tunnel"), "lost when the sender vanished");
        }
    }

    @Test
    void stoppingTheProxyTellsConnectedClientsWhy() throws Exception {
        try (ChatClient alice = login("alice", "desk")) {
            fixture.close();
            Exception failure = alice.closedOnError().get(10, TimeUnit.SECONDS);
            assertEquals(StreamError.Condition.system_shutdown, streamError(failure).getCondition());
        }
        assertTrue(waitFor(() -> fixture.sink.decisions().stream().anyMatch(d ->
                d.event() instanceof ImEvent.SessionClosed c && c.reason().equals("proxy stopped"))));
    }

    @Test
    void blockedPhraseBouncesToTheSenderAndNeverReachesTheRecipient() throws Exception {
        try (ChatClient alice = login("alice", "desk"); ChatClient bob = login("bob", "desk")) {
            Message sent = alice.send("bob@example.test", Message.Type.chat, "the Project Nightingale numbers");
            Message bounce = alice.await(m -> m.getType() == Message.Type.error, Duration.ofSeconds(10));
            assertNotNull(bounce, "the sender got no error");
            assertEquals(sent.getStanzaId(), bounce.getStanzaId());
            StanzaError error = bounce.getError();
            assertEquals(StanzaError.Condition.policy_violation, error.getCondition());
            assertEquals(ProxyFixture.BLOCK_NOTICE, error.getDescriptiveText());

            alice.send("bob@example.test", Message.Type.chat, "never mind, how are you?");
            assertNotNull(bob.awaitBody("never mind, how are you?"));
            assertTrue(bob.drained().stream().noneMatch(m -> m.getBody() != null && m.getBody().contains("Nightingale")));
            assertEquals(1, fixture.sink.messages("Project Nightingale").size(), "the blocked message is archived");
        }
    }

    @Test
    void whenTheArchiveCannotWriteMessagesAreBlockedWithANotice() throws Exception {
        try (ChatClient alice = login("alice", "desk"); ChatClient bob = login("bob", "desk")) {
            awaitAvailable("bob@example.test");
            fixture.sink.failing(true);
            alice.send("bob@example.test", Message.Type.chat, "quarterly figures attached");
            Message bounce = alice.await(m -> m.getType() == Message.Type.error, Duration.ofSeconds(10));
            assertNotNull(bounce, "the sender got no error while the archive was down");
            assertEquals(ProxyFixture.ARCHIVE_DOWN, bounce.getError().getDescriptiveText());
            assertNull(bob.await(m -> m.getBody() != null, QUIET), "delivered although it was not archived");

            fixture.sink.failing(false);
            alice.send("bob@example.test", Message.Type.chat, "archive is back");
            assertNotNull(bob.awaitBody("archive is back"));
        }
    }

    @Test
    void clientBelowTheMinimumVersionIsRefusedWithTheNotice() throws Exception {
        try (ChatClient old = ChatClient.create(fixture.address, ca.certificate(), "carol", "laptop", "Gajim", "1.0")) {
            Exception failure;
            try {
                old.connection().connect().login();
                failure = old.closedOnError().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                failure = e;
            }
            StreamError error = streamError(failure);
            assertEquals(StreamError.Condition.policy_violation, error.getCondition());
            assertEquals(ProxyFixture.OLD_CLIENT_NOTICE, error.getDescriptiveText());
        }
        assertTrue(fixture.sink.decisions().stream().anyMatch(d -> d.event() instanceof ImEvent.ClientIdentified c
                && "Gajim".equals(c.client().family()) && "1.0".equals(c.client().version())));
    }

    @Test
    void clientWithoutAVersionHandlerKeepsItsSessionAfterAnsweringTheProbe() throws Exception {
        // Smack without smack-extensions: no provider and no handler for jabber:iq:version, so it answers
        // the probe with an error IQ whose echoed <query/> it serialises malformed (issue 4).
        IqProvider<IQ> versionProvider = ProviderManager.getIQProvider(Version.ELEMENT, Version.NAMESPACE);
        ProviderManager.removeIQProvider(Version.ELEMENT, Version.NAMESPACE);
        try (ChatClient bare = ChatClient.create(fixture.address, ca.certificate(), "alice", "bare", null, null);
             ChatClient bob = login("bob", "desk")) {
            bare.connection().unregisterIQRequestHandler(Version.ELEMENT, Version.NAMESPACE, IQ.Type.get);
            CountDownLatch answered = new CountDownLatch(1);
            bare.connection().addStanzaSendingListener(s -> answered.countDown(),
                    s -> s instanceof IQ iq && iq.getType() == IQ.Type.error);
            bare.connection().connect().login();
            assertTrue(answered.await(10, TimeUnit.SECONDS), "the client never answered the version probe");
            chat(bare, bob, "still connected");
            chat(bob, bare, "good to hear");
            assertFalse(bare.closedOnError().isDone(), "the session ended: " + bare.closedOnError().getNow(null));
            assertTrue(bare.connection().isConnected());
        } finally {
            ProviderManager.addIQProvider(Version.ELEMENT, Version.NAMESPACE, versionProvider);
        }
    }

    @Test
    void noticeVerdictReachesTheUserAsAHeadlineAndTheSessionGoesOn() throws Exception {
        try (ChatClient psi = ChatClient.create(fixture.address, ca.certificate(), "erin", "tablet", "Psi", "1.4");
             ChatClient bob = login("bob", "desk")) {
            psi.connection().connect().login();
            Message notice = psi.await(m -> m.getType() == Message.Type.headline, Duration.ofSeconds(10));
            assertNotNull(notice, "no notice for the outdated client");
            assertEquals(ProxyFixture.UPDATE_REMINDER, notice.getBody());
            assertEquals(ProsodyServer.DOMAIN, notice.getFrom().toString());
            chat(psi, bob, "updating soon");
        }
    }

    @Test
    void blockedUploadSlotRequestIsRefusedWithAnError() throws Exception {
        try (ChatClient alice = login("alice", "desk")) {
            SlotRequest request = new SlotRequest(JidCreate.domainBareFrom("upload." + ProsodyServer.DOMAIN),
                    "project nightingale.pdf", 2048, "application/pdf");
            XMPPException.XMPPErrorException refused = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> alice.connection().createStanzaCollectorAndSend(request).nextResultOrThrow());
            assertEquals(StanzaError.Condition.policy_violation, refused.getStanzaError().getCondition());
            assertEquals(ProxyFixture.BLOCK_NOTICE, refused.getStanzaError().getDescriptiveText());
            assertTrue(fixture.sink.decisions().stream().anyMatch(d -> d.event() instanceof ImEvent.FileOffer f
                    && f.fileName().equals("project nightingale.pdf") && f.method().equals("http-upload")));
        }
    }

    @Test
    void upstreamWithAnUntrustedCertificateIsRefused() throws Exception {
        try (ProxyFixture distrustful = new ProxyFixture(ca, prosody, List.of(), Duration.ofSeconds(3));
             ChatClient alice = ChatClient.create(distrustful.address, ca.certificate(), "alice", "desk", null, null)) {
            Exception failure = null;
            try {
                alice.connection().connect().login();
            } catch (Exception e) {
                failure = e;
            }
            assertNotNull(failure, "logged in through an upstream whose certificate nobody trusts");
            StreamError error = streamError(failure);
            assertEquals(StreamError.Condition.remote_connection_failed, error.getCondition());
            assertTrue(error.getDescriptiveText().contains("certificate is not trusted"), error.getDescriptiveText());
        }
        String log = Files.readString(Path.of("target/it-proxy.log"));
        assertTrue(log.contains("refusing the server for example.test"), "no clear log line for the refusal");
    }

    @Test
    void carbonsReachTheOtherResourceAndTheMessageIsArchivedOnce() throws Exception {
        try (ChatClient desk = login("dave", "desk"); ChatClient phone = login("dave", "phone");
             ChatClient erin = login("erin", "desk")) {
            CarbonManager.getInstanceFor(desk.connection()).enableCarbons();
            CarbonManager.getInstanceFor(phone.connection()).enableCarbons();
            desk.send("erin@example.test", Message.Type.chat, "carbon copy check");
            assertNotNull(erin.awaitBody("carbon copy check"));
            Message copy = phone.await(m -> m.hasExtension("sent", "urn:xmpp:carbons:2"), Duration.ofSeconds(10));
            assertNotNull(copy, "the other resource got no carbon");
            assertEquals(1, fixture.sink.messages("carbon copy check").size());
        }
    }

    @Test
    void messageToAnOfflineUserIsDeliveredAtLoginAndArchivedOnce() throws Exception {
        try (ChatClient alice = login("alice", "desk")) {
            alice.send("frank@example.test", Message.Type.chat, "read this when you are back");
            assertTrue(waitFor(() -> fixture.sink.messages("read this when you are back").size() == 1));
            Thread.sleep(300);
        }
        try (ChatClient frank = login("frank", "desk")) {
            assertNotNull(frank.awaitBody("read this when you are back"), "the offline message never arrived");
            Thread.sleep(300);
            assertEquals(1, fixture.sink.messages("read this when you are back").size());
        }
    }

    @Test
    void groupchatReachesTheRoomAndIsArchivedOnce() throws Exception {
        try (ChatClient alice = login("alice", "desk"); ChatClient bob = login("bob", "desk")) {
            EntityBareJid roomJid = JidCreate.entityBareFrom("standup@" + ProsodyServer.MUC);
            MultiUserChat aliceRoom = MultiUserChatManager.getInstanceFor(alice.connection()).getMultiUserChat(roomJid);
            aliceRoom.create(Resourcepart.from("alice")).makeInstant();
            MultiUserChat bobRoom = MultiUserChatManager.getInstanceFor(bob.connection()).getMultiUserChat(roomJid);
            bobRoom.join(Resourcepart.from("bob"));
            aliceRoom.sendMessage("good morning room");
            Message got = bob.awaitBody("good morning room");
            assertNotNull(got, "bob never saw the room message");
            assertEquals(Message.Type.groupchat, got.getType());
            Thread.sleep(300);
            List<Decision> archived = fixture.sink.messages("good morning room");
            assertEquals(1, archived.size());
            assertEquals("groupchat:" + roomJid, ((ImEvent.Message) archived.get(0).event()).conversationId());
        }
    }

    @Test
    void badClientsEndOnlyTheirOwnSessions() throws Exception {
        try (ChatClient alice = login("alice", "desk"); ChatClient bob = login("bob", "desk");
             ChatClient grace = login("grace", "desk")) {
            String bomb = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                    + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>]>" + STREAM_OPEN + "<message>&lol2;</message>";
            assertTrue(rawSession(bomb, Duration.ofSeconds(5)).contains("restricted-xml"), "XML bomb not refused");
            chat(alice, bob, "still here after the bomb");

            String stalled = rawSession(STREAM_OPEN, Duration.ofSeconds(10));
            assertTrue(stalled.contains("starttls") && stalled.contains("connection-timeout"),
                    "a client that never finished its handshake was not timed out: " + stalled);
            chat(bob, alice, "still here after the stalled client");

            grace.send("alice@example.test", Message.Type.chat, "x".repeat(300 * 1024));
            Exception failure = grace.closedOnError().get(10, TimeUnit.SECONDS);
            assertEquals(StreamError.Condition.policy_violation, streamError(failure).getCondition());
            chat(alice, bob, "still here after the oversized stanza");
            assertTrue(alice.drained().stream().noneMatch(m -> m.getBody() != null && m.getBody().startsWith("xxxx")));
        }
    }

    @Test
    void clientThatWillNotDoTlsIsRefusedBeforeItCanAuthenticate() throws Exception {
        String answer = rawSession(STREAM_OPEN + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + "AGFsaWNlAGFsaWNlLXNlY3JldC1wdw==</auth>", Duration.ofSeconds(5));
        assertTrue(answer.contains("<required/>"), "STARTTLS was not offered as required: " + answer);
        assertTrue(answer.contains("policy-violation") && answer.contains("TLS is required"), answer);
        assertFalse(answer.contains("mechanisms"), "SASL mechanisms offered in clear text");
    }

    @Test
    void unknownDomainGetsAClearStreamError() throws Exception {
        String answer = rawSession(STREAM_OPEN.replace("example.test", "elsewhere.test"), Duration.ofSeconds(5));
        assertTrue(answer.contains("host-unknown") && answer.contains("does not serve the XMPP domain elsewhere.test"),
                answer);
    }

    private static final String STREAM_OPEN = "<stream:stream to='example.test' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

    private static void chat(ChatClient from, ChatClient to, String body) throws Exception {
        String toJid = to.connection().getUser().asBareJid().toString();
        from.send(toJid, Message.Type.chat, body);
        assertNotNull(to.awaitBody(body), "'" + body + "' never arrived");
    }

    /** Sends {@code text} on a plain socket and returns everything the proxy answered until it closed. */
    private String rawSession(String text, Duration timeout) throws Exception {
        try (Socket socket = new Socket(fixture.address.getAddress(), fixture.address.getPort())) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Waits until the user's initial presence is archived, and so on its way to the server. */
    private void awaitAvailable(String bareJid) throws InterruptedException {
        assertTrue(waitFor(() -> fixture.sink.decisions().stream().anyMatch(d ->
                d.event() instanceof ImEvent.Presence p && p.handle().equals(bareJid))), bareJid + " never came online");
        Thread.sleep(200);
    }

    static StreamError streamError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof XMPPException.StreamErrorException s) {
                return s.getStreamError();
            }
        }
        throw new AssertionError("expected a stream error, got " + failure, failure);
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
