package org.imgate.proxy.xmpp;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A Java Flight Recorder event per message stanza the proxy dealt with: how long imgate held it between
 * reading it whole and handing it to the other leg, or refusing it (the gate, the journal's commit, the
 * wait for earlier stanzas of the same direction). Carries the stanza's id and addressee, never its
 * content. Recorded only while a flight recording runs (e.g. {@code -XX:StartFlightRecording});
 * otherwise it costs a check per stanza.
 */
@Name("org.imgate.xmpp.StanzaRelay")
@Label("Stanza relayed")
@Description("A message stanza handed on by the XMPP proxy, and how long it was held")
@Category({"imgate", "XMPP"})
@StackTrace(false)
final class StanzaRelayEvent extends Event {
    @Label("Towards")
    @Description("server or client")
    String towards;

    @Label("Stanza id")
    String stanzaId;

    @Label("Addressee")
    @Description("The stanza's to attribute")
    String to;

    @Label("Archived")
    @Description("Whether the stanza waited for the gate (false: nothing to archive, e.g. a copy already archived)")
    boolean archived;

    @Label("Blocked")
    @Description("Whether policy blocked it: not handed on, the sender got an error")
    boolean blocked;

    @Label("Held")
    @Description("From the moment the stanza was read whole to its hand-off to the other leg (or refusal)")
    @Timespan(Timespan.NANOSECONDS)
    long held;

    /** Records one message stanza when a recording wants it. */
    static void record(XmlElement element, StanzaFlow flow, boolean archived, boolean blocked, long readNanos) {
        if (!element.is("message", XmppNamespaces.CLIENT)) {
            return;
        }
        StanzaRelayEvent event = new StanzaRelayEvent();
        if (event.shouldCommit()) {
            event.towards = flow == StanzaFlow.FROM_CLIENT ? "server" : "client";
            event.stanzaId = element.attribute("id");
            event.to = element.attribute("to");
            event.archived = archived;
            event.blocked = blocked;
            event.held = System.nanoTime() - readNanos;
            event.commit();
        }
    }
}
