package org.imgate.policy.rule;

import org.imgate.core.Version;
import org.imgate.policy.yaml.YamlValueException;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code kind: client-version} rule as written: minimum versions per client family and families
 * refused outright. It judges every event that carries a {@link org.imgate.core.ClientInfo}.
 * Family names compare case-insensitively; versions compare numerically part by part
 * ({@code 6.10 > 6.2}, see {@link Version}).
 *
 * @param id              the rule id
 * @param scope           which events it looks at; default every client event on every network
 * @param minimum         family -> lowest version allowed
 * @param deny            families refused whatever their version
 * @param unknownClients  required: what happens to a client imgate could not identify, one that
 *                        contradicts itself (spoofed), or a listed family that gave no usable version
 * @param unlistedClients what happens to an identified family that is in neither list; default allow
 * @param action          {@code end-session} or {@code notify}
 * @param notice          what the user is told
 */
public record ClientVersionRuleSpec(String id, Scope scope, Map<String, String> minimum, List<String> deny,
                                    Stance unknownClients, Stance unlistedClients, Action action, String notice)
        implements RuleSpec {
    public static final String KIND = "client-version";
    static final Set<EventKind> JUDGED =
            Set.copyOf(EnumSet.of(EventKind.SESSION_OPENED, EventKind.CLIENT_IDENTIFIED, EventKind.LOGIN));
    private static final Set<Action> ACTIONS = Set.copyOf(EnumSet.of(Action.END_SESSION, Action.NOTIFY));

    public ClientVersionRuleSpec {
        id = SpecChecks.id(id);
        scope = SpecChecks.scope(scope, KIND, JUDGED);
        minimum = minimum == null ? Map.of() : minimum;
        minimumVersions(minimum);
        minimum = Collections.unmodifiableMap(new LinkedHashMap<>(minimum));
        deny = SpecChecks.entries(deny, "deny");
        for (int i = 0; i < deny.size(); i++) {
            String family = deny.get(i);
            if (minimum.keySet().stream().anyMatch(listed -> fold(listed).equals(fold(family)))) {
                throw new YamlValueException("deny[" + i + "]", "'" + family
                        + "' is both denied and given a minimum version; keep one");
            }
        }
        if (minimum.isEmpty() && deny.isEmpty()) {
            throw new YamlValueException("minimum", "a client-version rule needs 'minimum' versions or 'deny' families");
        }
        if (unknownClients == null) {
            throw new YamlValueException("unknown-clients",
                    "say what happens to clients imgate cannot identify: allow or deny");
        }
        unlistedClients = unlistedClients == null ? Stance.ALLOW : unlistedClients;
        action = SpecChecks.action(action, KIND, ACTIONS);
        notice = SpecChecks.notice(notice, action);
    }

    /** The parsed minimum per folded family name. */
    Map<String, Version> minimumVersions() {
        return minimumVersions(minimum);
    }

    private static Map<String, Version> minimumVersions(Map<String, String> minimum) {
        Map<String, Version> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : minimum.entrySet()) {
            String family = entry.getKey();
            String key = "minimum." + family;
            if (family == null || family.isBlank()) {
                throw new YamlValueException("minimum", "a client family name is empty");
            }
            if (entry.getValue() == null || entry.getValue().isBlank()) {
                throw new YamlValueException(key, "give the lowest version allowed for '" + family + "'");
            }
            try {
                if (parsed.put(fold(family), Version.parse(entry.getValue())) != null) {
                    throw new YamlValueException(key, "'" + family + "' is listed twice (names ignore case)");
                }
            } catch (YamlValueException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new YamlValueException(key, "'" + entry.getValue() + "' is not a version (like 6.2 or 7.0.0813)");
            }
        }
        return parsed;
    }

    static String fold(String family) {
        return family.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public Rule compile() {
        return new ClientVersionRule(this);
    }
}
