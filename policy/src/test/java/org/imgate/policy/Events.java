package org.imgate.policy;

import org.imgate.core.ClientInfo;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders for the events policy tests judge. */
public final class Events {
    public static final SessionId SESSION = new SessionId("s-42");
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    private Events() {
    }

    public static ImEvent.Message message(Network network, Direction direction, String body) {
        return new ImEvent.Message(SESSION, network, NOW, "conv-1", Participant.of("alice@corp.example"),
                List.of(Participant.of("bob@example.net")), body, "text/plain", direction, "m-1", null);
    }

    public static ImEvent.Message message(String body) {
        return message(Network.MSN, Direction.EXTERNAL, body);
    }

    public static ImEvent.FileOffer fileOffer(String fileName) {
        return new ImEvent.FileOffer(SESSION, Network.XMPP, NOW, "conv-1", Participant.of("alice@corp.example"),
                List.of(Participant.of("bob@example.net")), fileName, 1234, null, "jingle");
    }

    public static ClientInfo client(Network network, String family, String version) {
        return new ClientInfo(network, family, version, "winnt 5.1", "MSNP8", Map.of("CVR", "test"), false);
    }

    public static ClientInfo spoofed(Network network, String family, String version) {
        return new ClientInfo(network, family, version, null, null, Map.of(), true);
    }

    public static ImEvent.SessionOpened opened(ClientInfo client) {
        return new ImEvent.SessionOpened(SESSION, client.network(), NOW, client, "10.0.0.7:50123");
    }

    public static ImEvent.ClientIdentified identified(ClientInfo client) {
        return new ImEvent.ClientIdentified(SESSION, client.network(), NOW, "alice@corp.example", client);
    }

    public static ImEvent.Login login(ClientInfo client) {
        return new ImEvent.Login(SESSION, client.network(), NOW, "alice@corp.example", "alice@corp.example", client);
    }

    public static ImEvent.Presence presence() {
        return new ImEvent.Presence(SESSION, Network.MSN, NOW, "alice@corp.example", "NLN", "at lunch");
    }
}
