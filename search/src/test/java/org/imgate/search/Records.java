package org.imgate.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.imgate.core.ClientInfo;
import org.imgate.core.Decision;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.imgate.core.Verdict;

/** Builds journal records for tests: a small archive with the shapes compliance searches care about. */
public final class Records {

    public static final Participant ALICE_MSN = new Participant("alice@corp.example", "alice");
    public static final Participant ALICE_XMPP = new Participant("alice.w@jabber.corp.example", "alice");
    public static final Participant BOB = Participant.of("bob@partner.example");
    public static final Participant CAROL = new Participant("carol@corp.example", "carol");
    public static final Participant DAVE = new Participant("dave@corp.example", "dave");

    private Records() {
    }

    public static IndexedDecision message(long seq, String time, Network network, String conversation,
                                          Participant from, Participant to, String body) {
        return message(seq, time, network, conversation, from, to, body, Verdict.allow(), List.of());
    }

    public static IndexedDecision message(long seq, String time, Network network, String conversation,
                                          Participant from, Participant to, String body, Verdict verdict,
                                          List<String> rules) {
        Direction direction = from.employee() != null && to.employee() != null ? Direction.INTERNAL : Direction.EXTERNAL;
        ImEvent.Message m = new ImEvent.Message(new SessionId("s-" + from.handle()), network, Instant.parse(time),
                conversation, from, List.of(to), body, "text/plain", direction, "m" + seq, null);
        return new IndexedDecision(seq, "node-1", new Decision(m, verdict, rules));
    }

    public static IndexedDecision fileOffer(long seq, String time, String conversation, Participant from,
                                            Participant to, String fileName, Verdict verdict, List<String> rules) {
        ImEvent.FileOffer f = new ImEvent.FileOffer(new SessionId("s-" + from.handle()), Network.MSN,
                Instant.parse(time), conversation, from, List.of(to), fileName, 1234, null, "msn-invite");
        return new IndexedDecision(seq, "node-1", new Decision(f, verdict, rules));
    }

    public static IndexedDecision encryption(long seq, String time, String conversation, Participant from,
                                             Participant to, String scheme) {
        ImEvent.EncryptionDetected e = new ImEvent.EncryptionDetected(new SessionId("s-" + from.handle()), Network.XMPP,
                Instant.parse(time), conversation, from, List.of(to), scheme);
        return new IndexedDecision(seq, "node-1", Decision.allowed(e));
    }

    public static IndexedDecision login(long seq, String time, Participant who, String family, String version) {
        ClientInfo client = new ClientInfo(Network.MSN, family, version, "Windows XP", "MSNP8", Map.of(), false);
        ImEvent.Login l = new ImEvent.Login(new SessionId("s-" + who.handle()), Network.MSN, Instant.parse(time),
                who.handle(), who.handle(), client);
        return new IndexedDecision(seq, "node-1", Decision.allowed(l));
    }

    /**
     * The standard archive: 9 records.
     * <pre>
     * 1  2003-09-18T10:00Z msn  c-merger  alice -> bob   "The merger with Contoso closes in October."
     * 2  2003-09-18T10:01Z msn  c-merger  bob -> alice   "Keep the merger quiet until the announcement"
     * 3  2003-09-18T10:02Z msn  c-merger  alice -> bob   "Sure. The acquisition stays confidential." flag
     * 4  2003-09-18T10:03Z msn  c-merger  alice -> bob   file merger-plan.doc, block, rule no-files
     * 5  2003-10-15T23:30Z xmpp c-lunch   alice(xmpp) -> carol "Lunch at noon? Bring the merger numbers"
     * 6  2003-10-16T08:00Z xmpp c-lunch   carol -> alice(xmpp) "Noon works."
     * 7  2003-09-01T00:00Z msn  c-old     dave -> bob "Quarterly numbers attached" redact, rule pii, rule external
     * 8  2003-08-31T23:59Z msn  -         login alice MSN Messenger 6.2.0137
     * 9  2003-11-01T12:00Z msn  c-spam    bob -> dave "Cheap watches, buy now" block, rule spim
     * </pre>
     */
    public static List<IndexedDecision> archive() {
        return List.of(
                message(1, "2003-09-18T10:00:00Z", Network.MSN, "c-merger", ALICE_MSN, BOB,
                        "The merger with Contoso closes in October."),
                message(2, "2003-09-18T10:01:00Z", Network.MSN, "c-merger", BOB, ALICE_MSN,
                        "Keep the merger quiet until the announcement"),
                message(3, "2003-09-18T10:02:00Z", Network.MSN, "c-merger", ALICE_MSN, BOB,
                        "Sure. The acquisition stays confidential.", new Verdict.Flag("keyword acquisition"),
                        List.of("watch-acquisition")),
                fileOffer(4, "2003-09-18T10:03:00Z", "c-merger", ALICE_MSN, BOB, "merger-plan.doc",
                        new Verdict.Block("file transfers to external contacts are blocked"), List.of("no-files")),
                message(5, "2003-10-15T23:30:00Z", Network.XMPP, "c-lunch", ALICE_XMPP, CAROL,
                        "Lunch at noon? Bring the merger numbers"),
                message(6, "2003-10-16T08:00:00Z", Network.XMPP, "c-lunch", CAROL, ALICE_XMPP, "Noon works."),
                message(7, "2003-09-01T00:00:00Z", Network.MSN, "c-old", DAVE, BOB, "Quarterly numbers attached",
                        new Verdict.Redact("[redacted]"), List.of("pii", "external")),
                login(8, "2003-08-31T23:59:00Z", ALICE_MSN, "MSN Messenger", "6.2.0137"),
                message(9, "2003-11-01T12:00:00Z", Network.MSN, "c-spam", BOB, DAVE, "Cheap watches, buy now",
                        new Verdict.Block("spim"), List.of("spim")));
    }
}
