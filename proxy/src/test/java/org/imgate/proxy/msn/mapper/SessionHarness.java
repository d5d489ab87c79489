package org.imgate.proxy.msn.mapper;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.imgate.core.ImEvent;
import org.imgate.core.SessionId;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnFraming;
import org.imgate.proxy.msn.codec.MsnProtocolException;
import org.imgate.proxy.msn.codec.Origin;
import org.imgate.proxy.msn.identify.ClientEvidence;
import org.imgate.proxy.msn.identify.ClientIdentifier;

/** One session's codec and mapper wired together as the transport will: bytes in, events out. */
final class SessionHarness {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2003-10-15T09:00:00Z"), ZoneOffset.UTC);
    static final Predicate<String> EXAMPLE_COM_IS_INTERNAL = h -> h.endsWith("@example.com")
            || h.endsWith("@corp.example");

    final MsnFraming framing = new MsnFraming();
    final MsnSessionMapper mapper;
    final List<ImEvent> events = new ArrayList<>();

    SessionHarness(String session, SessionRole role) {
        this(session, role, ClientEvidence.NONE);
    }

    SessionHarness(String session, SessionRole role, ClientEvidence evidence) {
        mapper = new MsnSessionMapper(new SessionId(session), role, CLOCK, EXAMPLE_COM_IS_INTERNAL,
                new ClientIdentifier(), evidence);
    }

    List<ImEvent> feed(Origin origin, byte[] bytes) throws MsnProtocolException {
        List<ImEvent> out = new ArrayList<>();
        for (MsnCommand c : framing.decode(origin, bytes)) {
            out.addAll(mapper.onCommand(origin, c));
        }
        events.addAll(out);
        return out;
    }

    List<ImEvent> client(String text) throws MsnProtocolException {
        return feed(Origin.CLIENT, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    List<ImEvent> server(String text) throws MsnProtocolException {
        return feed(Origin.SERVER, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    <T extends ImEvent> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
