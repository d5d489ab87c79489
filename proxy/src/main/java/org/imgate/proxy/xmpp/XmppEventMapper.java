package org.imgate.proxy.xmpp;

import org.imgate.core.ClientInfo;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns parsed XMPP stanzas (RFC 6120 §8, RFC 6121 §5) into core {@link ImEvent}s. Pure apart from the
 * {@link RecentMessages} it consults, which the caller owns and shares between sessions.
 *
 * <p>Rules, each with its reason:
 * <ul>
 *   <li>Messages with a {@code <body>} or {@code <subject>} of type chat, normal, groupchat or headline
 *       become {@link ImEvent.Message}. Several bodies ({@code xml:lang}, RFC 6121 §5.2.3) are all kept,
 *       one line each, prefixed {@code [lang]}. A subject is kept as a first line {@code Subject: ...}
 *       followed by a blank line, because the core message has no subject field.</li>
 *   <li>Conversation id: groupchat {@code groupchat:<room bare JID>}; otherwise
 *       {@code chat:<bare JID>|<bare JID>} (the pair in sorted order, so both sides share it), followed by
 *       {@code #<thread>} when the message names a thread.</li>
 *   <li>Archived once: the de-duplication key is the pair of bare JIDs (the room for groupchat), the
 *       XEP-0359 {@code origin-id} or else the stanza {@code id}, and a SHA-256 of the text. The server's
 *       {@code stanza-id} is not used because the sender's copy never carries it. A message with neither
 *       id is archived every time it is seen: a duplicate is better than a loss.</li>
 *   <li>Carbons (XEP-0280) are unwrapped and archived only if unseen (a device outside the proxy sent
 *       or got it); a carbon whose outer {@code from} is not the user's own bare JID is a spoof and is
 *       ignored.</li>
 *   <li>MAM results (XEP-0313) are history and never archived. Delayed messages (XEP-0203/0091) are
 *       skipped when they replay a room's history or come from an internal sender (whose own session
 *       archived them when sent); from an external sender they are offline deliveries the proxy never
 *       saw, and are archived once.</li>
 *   <li>XEP-0308 corrections are new messages whose {@code correctsId} names the corrected one.</li>
 *   <li>Direction is {@link Direction#INTERNAL} when the sender's and every recipient's domain satisfy
 *       the caller's internal-domain predicate.</li>
 * </ul>
 *
 * <p>SASL and every other non-stanza element map to nothing, so no authentication payload can reach an
 * event. Thread-safe if the predicate is.
 */
public final class XmppEventMapper {

    private static final String FORMAT = "text/plain";
    private static final String PROTOCOL = "XMPP 1.0";

    private final Predicate<String> internalDomain;
    private final Clock clock;
    private final RecentMessages recent;
    /**
     * @param internalDomain accepts the (lower-case) domains that belong to the company
     * @param recent         the de-duplication memory shared by all sessions of this node
     */
    public XmppEventMapper(Predicate<String> internalDomain, Clock clock, RecentMessages recent) {
        this.internalDomain = Objects.requireNonNull(internalDomain, "internalDomain");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recent = Objects.requireNonNull(recent, "recent");
    }

    /** The events one top-level element of a session carries, often none. */
    public List<ImEvent> map(XmlElement stanza, StanzaContext context) {
        if (!stanza.namespace().equals(XmppNamespaces.CLIENT)) {
            return List.of();
        }
        Instant now = clock.instant();
        return switch (stanza.name()) {
            case "message" -> message(stanza, context, now);
            case "presence" -> presence(stanza, context, now);
            case "iq" -> iq(stanza, context, now);
            default -> List.of();
        };
    }

    // ---- messages

    private List<ImEvent> message(XmlElement message, StanzaContext context, Instant now) {
        for (XmlElement child : message.elements()) {
            if (child.name().equals("result") && child.namespace().startsWith(XmppNamespaces.MAM_PREFIX)) {
                return List.of();
            }
        }
        Optional<XmlElement> carbon = message.child("sent", XmppNamespaces.CARBONS)
                .or(() -> message.child("received", XmppNamespaces.CARBONS));
        if (carbon.isEmpty()) {
            return plainMessage(message, context, now);
        }
        if (context.flow() != StanzaFlow.FROM_SERVER || context.user() == null) {
            return List.of();
        }
        Jid outerFrom = Jid.parseOrNull(message.attribute("from"));
        if (outerFrom != null && !outerFrom.equals(context.user().bare())) {
            return List.of();
        }
        return carbon.get().child("forwarded", XmppNamespaces.FORWARD)
                .flatMap(f -> f.child("message", XmppNamespaces.CLIENT))
                .map(inner -> plainMessage(inner, new StanzaContext(context.session(), context.user(),
                        carbon.get().name().equals("sent") ? StanzaFlow.FROM_CLIENT : StanzaFlow.FROM_SERVER), now))
                .orElse(List.of());
    }

    private List<ImEvent> plainMessage(XmlElement message, StanzaContext context, Instant now) {
        String type = Optional.ofNullable(message.attribute("type")).orElse("normal");
        if (type.equals("error")) {
            return List.of();
        }
        Jid from = sender(message, context);
        Jid to = recipient(message, context);
        if (from == null || to == null) {
            return List.of();
        }
        boolean groupchat = type.equals("groupchat");
        boolean delayed = message.child("delay", XmppNamespaces.DELAY).isPresent()
                || message.child("x", XmppNamespaces.LEGACY_DELAY).isPresent();
        if (delayed && (groupchat || isInternal(from.domain()))) {
            return List.of();
        }
        List<XmlElement> bodies = message.elements("body", XmppNamespaces.CLIENT);
        String firstBody = bodies.isEmpty() ? null : bodies.get(0).text();
        Optional<String> subject = message.child("subject", XmppNamespaces.CLIENT).map(XmlElement::text);
        Optional<String> scheme = EncryptionMarkers.scheme(message, firstBody);
        Optional<FileOffers.Offer> offer = FileOffers.fromMessage(message);
        boolean hasText = !bodies.isEmpty() || subject.isPresent();
        if (!hasText && scheme.isEmpty() && offer.isEmpty()) {
            return List.of();
        }

        Jid room = groupchat ? (context.flow() == StanzaFlow.FROM_CLIENT ? to.bare() : from.bare()) : null;
        Participant sender = groupchat && context.flow() == StanzaFlow.FROM_SERVER
                ? Participant.of(from.toString()) : Participant.of(from.bare().toString());
        List<Participant> recipients = List.of(Participant.of(groupchat ? room.toString() : to.bare().toString()));
        String thread = message.child("thread", XmppNamespaces.CLIENT).map(XmlElement::text)
                .filter(t -> !t.isBlank()).orElse(null);
        String conversation = groupchat ? "groupchat:" + room : chatConversation(from, to, thread);
        String text = text(bodies, subject.orElse(null));
        String originId = message.child("origin-id", XmppNamespaces.STANZA_ID).map(e -> e.attribute("id"))
                .orElse(null);
        String id = message.attribute("id");
        String stableId = originId != null ? originId : id;
        if (stableId != null) {
            String key = groupchat ? dedupKey("gc", room.toString(), stableId, text)
                    : dedupKey("m", from.bare().toString(), to.bare().toString(), stableId, text);
            if (!recent.firstSeen(key, now)) {
                return List.of();
            }
        }

        List<ImEvent> events = new ArrayList<>();
        Direction direction = direction(from, List.of(groupchat ? room : to));
        if (hasText) {
            String correctsId = message.child("replace", XmppNamespaces.CORRECTION).map(r -> r.attribute("id"))
                    .orElse(null);
            events.add(new ImEvent.Message(context.session(), Network.XMPP, now, conversation, sender, recipients,
                    text, FORMAT, direction, stableId, correctsId));
        }
        scheme.ifPresent(s -> events.add(new ImEvent.EncryptionDetected(context.session(), Network.XMPP, now,
                conversation, sender, recipients, s)));
        offer.ifPresent(o -> events.add(new ImEvent.FileOffer(context.session(), Network.XMPP, now, conversation,
                sender, recipients, o.fileName(), o.size(), o.sha256(), o.method())));
        return events;
    }

    private static String text(List<XmlElement> bodies, String subject) {
        StringBuilder sb = new StringBuilder();
        if (subject != null) {
            sb.append("Subject: ").append(subject);
            if (!bodies.isEmpty()) {
                sb.append("\n\n");
            }
        }
        if (bodies.size() == 1) {
            sb.append(bodies.get(0).text());
        } else {
            for (int i = 0; i < bodies.size(); i++) {
                XmlElement body = bodies.get(i);
                if (i > 0) {
                    sb.append('\n');
                }
                sb.append('[').append(Optional.ofNullable(body.lang()).orElse("")).append("] ").append(body.text());
            }
        }
        return sb.toString();
    }

    private static String chatConversation(Jid a, Jid b, String thread) {
        String x = a.bare().toString();
        String y = b.bare().toString();
        String pair = x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
        return "chat:" + pair + (thread == null ? "" : "#" + thread);
    }

    // ---- presence

    private List<ImEvent> presence(XmlElement presence, StanzaContext context, Instant now) {
        if (context.flow() != StanzaFlow.FROM_CLIENT || context.user() == null) {
            return List.of();
        }
        String type = presence.attribute("type");
        if (type != null && !type.equals("unavailable")) {
            return List.of(); // subscription management and probes are not the user's presence
        }
        List<ImEvent> events = new ArrayList<>();
        String handle = context.user().bare().toString();
        if (presence.attribute("to") == null) {
            String status = type != null ? type : presence.child("show", XmppNamespaces.CLIENT)
                    .map(XmlElement::text).map(String::strip).filter(s -> !s.isEmpty()).orElse("available");
            String statusText = presence.child("status", XmppNamespaces.CLIENT).map(XmlElement::text).orElse(null);
            events.add(new ImEvent.Presence(context.session(), Network.XMPP, now, handle, status, statusText));
        }
        presence.child("c", XmppNamespaces.CAPS).ifPresent(caps -> {
            String node = caps.attribute("node");
            String ver = caps.attribute("ver");
            if (node != null && recent.firstSeen(dedupKey("caps", context.session().value(), node, ver), now)) {
                Map<String, String> raw = new LinkedHashMap<>();
                raw.put("caps", node + "#" + ver);
                ClientInfo client = new ClientInfo(Network.XMPP, ClientCatalog.familyOf(node), null, null, PROTOCOL,
                        raw, false);
                events.add(new ImEvent.ClientIdentified(context.session(), Network.XMPP, now, handle, client));
            }
        });
        return events;
    }

    // ---- iq

    private List<ImEvent> iq(XmlElement iq, StanzaContext context, Instant now) {
        String type = Optional.ofNullable(iq.attribute("type")).orElse("");
        if (type.equals("result") && context.flow() == StanzaFlow.FROM_SERVER) {
            return bindResult(iq, context, now);
        }
        if (type.equals("result") && context.flow() == StanzaFlow.FROM_CLIENT) {
            return versionReply(iq, context, now);
        }
        if (!type.equals("set") && !type.equals("get")) {
            return List.of();
        }
        if (context.flow() == StanzaFlow.FROM_CLIENT && type.equals("set") && context.user() != null
                && EncryptionMarkers.isOmemoKeyPublication(iq)) {
            Participant user = Participant.of(context.user().bare().toString());
            return List.of(new ImEvent.EncryptionDetected(context.session(), Network.XMPP, now, null, user, List.of(),
                    "OMEMO (key publication)"));
        }
        Optional<FileOffers.Offer> offer = FileOffers.fromIq(iq);
        if (offer.isEmpty()) {
            return List.of();
        }
        Jid from = sender(iq, context);
        Jid to = recipient(iq, context);
        if (from == null || to == null) {
            return List.of();
        }
        FileOffers.Offer o = offer.get();
        String id = iq.attribute("id");
        if (id != null && !recent.firstSeen(dedupKey("f", from.bare().toString(), to.bare().toString(), id,
                o.fileName()), now)) {
            return List.of();
        }
        String conversation = o.method().equals("http-upload") ? "upload:" + from.bare()
                : chatConversation(from, to, null);
        return List.of(new ImEvent.FileOffer(context.session(), Network.XMPP, now, conversation,
                Participant.of(from.bare().toString()), List.of(Participant.of(to.bare().toString())), o.fileName(),
                o.size(), o.sha256(), o.method()));
    }

    private List<ImEvent> bindResult(XmlElement iq, StanzaContext context, Instant now) {
        Optional<Jid> bound = iq.child("bind", XmppNamespaces.BIND)
                .flatMap(b -> b.child("jid", XmppNamespaces.BIND))
                .map(j -> Jid.parseOrNull(j.text().strip()));
        if (bound.isEmpty() || bound.get().local() == null) {
            return List.of();
        }
        Jid jid = bound.get();
        Map<String, String> raw = new LinkedHashMap<>();
        if (jid.resource() != null) {
            raw.put("resource", jid.resource());
        }
        ClientInfo client = new ClientInfo(Network.XMPP, ClientCatalog.familyOfResource(jid.resource()), null, null,
                PROTOCOL, raw, false);
        String handle = jid.bare().toString();
        return List.of(
                new ImEvent.Login(context.session(), Network.XMPP, now, handle, jid.toString(), client),
                new ImEvent.ClientIdentified(context.session(), Network.XMPP, now, handle, client));
    }

    private List<ImEvent> versionReply(XmlElement iq, StanzaContext context, Instant now) {
        Optional<XmlElement> query = iq.child("query", XmppNamespaces.VERSION);
        if (query.isEmpty() || context.user() == null) {
            return List.of();
        }
        String name = query.get().child("name", XmppNamespaces.VERSION).map(XmlElement::text).map(String::strip)
                .filter(s -> !s.isEmpty()).orElse(null);
        String version = query.get().child("version", XmppNamespaces.VERSION).map(XmlElement::text)
                .map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        String os = query.get().child("os", XmppNamespaces.VERSION).map(XmlElement::text).map(String::strip)
                .filter(s -> !s.isEmpty()).orElse(null);
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("software-version", String.join(" / ", nonNull(name), nonNull(version), nonNull(os)));
        ClientInfo client = new ClientInfo(Network.XMPP, ClientCatalog.familyOf(name), version, os, PROTOCOL, raw,
                false);
        return List.of(new ImEvent.ClientIdentified(context.session(), Network.XMPP, now,
                context.user().bare().toString(), client));
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    // ---- addressing

    /**
     * The stanza's sender. What the client sends is the bound user's, whatever {@code from} it claims
     * (the server stamps or rejects it, RFC 6120 §8.1.2.1); from the server, a missing {@code from}
     * means the user's own account.
     */
    private static Jid sender(XmlElement stanza, StanzaContext context) {
        if (context.flow() == StanzaFlow.FROM_CLIENT && context.user() != null) {
            return context.user();
        }
        Jid from = Jid.parseOrNull(stanza.attribute("from"));
        if (from != null) {
            return from;
        }
        if (context.user() == null) {
            return null;
        }
        return context.flow() == StanzaFlow.FROM_CLIENT ? context.user() : context.user().bare();
    }

    /** The stanza's recipient; RFC 6120 §8.1.1.1: a missing {@code to} means the user's own account. */
    private static Jid recipient(XmlElement stanza, StanzaContext context) {
        Jid to = Jid.parseOrNull(stanza.attribute("to"));
        if (to != null) {
            return to;
        }
        return context.user() == null ? null : context.user().bare();
    }

    private Direction direction(Jid from, List<Jid> to) {
        if (!isInternal(from.domain())) {
            return Direction.EXTERNAL;
        }
        for (Jid jid : to) {
            if (!isInternal(jid.domain())) {
                return Direction.EXTERNAL;
            }
        }
        return Direction.INTERNAL;
    }

    private boolean isInternal(String domain) {
        return internalDomain.test(domain);
    }

    /**
     * A {@link RecentMessages} key: the kind, then each part prefixed by its length, so that no two
     * different lists of parts (a "|" in a JID, an id or a text) can make the same key.
     */
    private static String dedupKey(String kind, String... parts) {
        StringBuilder key = new StringBuilder(kind);
        for (String part : parts) {
            String p = String.valueOf(part);
            key.append('|').append(p.length()).append(':').append(p);
        }
        return key.toString();
    }
}
