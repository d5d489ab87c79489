package org.imgate.policy.rule;

import org.imgate.core.ClientInfo;
import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;
import org.imgate.core.Version;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The compiled form of {@link ClientVersionRuleSpec}. A client is refused when its family is denied,
 * when it is older than its family's minimum, or when the rule's {@code unknown-clients} /
 * {@code unlisted-clients} setting says deny.
 *
 * <p>A session is often opened before the client has said who it is (MSNP sends {@code CVR} after
 * connecting), so missing evidence is judged only from {@code client-identified} and {@code login}
 * on; at {@code session-opened} only what is known is judged. A spoofed client (evidence that
 * contradicts itself) counts as unknown at every event, because its claimed family cannot be
 * trusted. Immutable; thread-safe.
 */
final class ClientVersionRule implements Rule {
    private final String id;
    private final Scope scope;
    private final Map<String, Version> minimum;
    private final Set<String> denied;
    private final boolean denyUnknown;
    private final boolean denyUnlisted;
    private final Optional<Verdict> refusal;

    ClientVersionRule(ClientVersionRuleSpec spec) {
        this.id = spec.id();
        this.scope = spec.scope();
        this.minimum = Map.copyOf(spec.minimumVersions());
        this.denied = spec.deny().stream().map(ClientVersionRuleSpec::fold).collect(Collectors.toUnmodifiableSet());
        this.denyUnknown = spec.unknownClients() == Stance.DENY;
        this.denyUnlisted = spec.unlistedClients() == Stance.DENY;
        this.refusal = Optional.of(spec.action() == Action.END_SESSION
                ? new Verdict.EndSession(spec.notice()) : new Verdict.Notify(spec.notice()));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Scope scope() {
        return scope;
    }

    @Override
    public Set<EventKind> judges() {
        return ClientVersionRuleSpec.JUDGED;
    }

    @Override
    public Optional<Verdict> judge(ImEvent event) {
        ClientInfo client;
        if (event instanceof ImEvent.Login login) {
            client = login.client();
        } else if (event instanceof ImEvent.ClientIdentified identified) {
            client = identified.client();
        } else if (event instanceof ImEvent.SessionOpened opened) {
            client = opened.client();
        } else {
            return Optional.empty();
        }
        return refuses(client, !(event instanceof ImEvent.SessionOpened)) ? refusal : Optional.empty();
    }

    private boolean refuses(ClientInfo client, boolean identificationDone) {
        if (client.spoofed()) {
            return denyUnknown;
        }
        if (client.isUnknown()) {
            return identificationDone && denyUnknown;
        }
        String family = ClientVersionRuleSpec.fold(client.family());
        if (denied.contains(family)) {
            return true;
        }
        Version lowest = minimum.get(family);
        if (lowest == null) {
            return denyUnlisted;
        }
        Optional<Version> version = client.parsedVersion();
        if (version.isEmpty()) {
            return identificationDone && denyUnknown;
        }
        return version.get().isOlderThan(lowest);
    }

    @Override
    public String toString() {
        return "client-version rule " + id;
    }
}
