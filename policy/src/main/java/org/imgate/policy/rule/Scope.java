package org.imgate.policy.rule;

import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.policy.yaml.YamlValueException;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which events a rule looks at. Every restriction that is given must hold; a key left out does not
 * restrict. {@code directions} restricts to messages, since only a message has a direction. Later
 * restrictions (participants, directory groups) are added as further keys.
 *
 * @param networks   the networks covered; {@code null} in a file means all
 * @param directions the message directions covered; {@code null} in a file means all events
 * @param events     the event kinds covered; {@code null} in a file means all
 */
public record Scope(Set<Network> networks, Set<Direction> directions, Set<EventKind> events) {
    private static final Scope EVERYTHING = new Scope(null, null, null);

    public Scope {
        networks = allOrGiven(networks, Network.class, "networks");
        directions = allOrGiven(directions, Direction.class, "directions");
        events = allOrGiven(events, EventKind.class, "events");
    }

    /** The scope of a rule that names none. */
    public static Scope everything() {
        return EVERYTHING;
    }

    private static <E extends Enum<E>> Set<E> allOrGiven(Collection<E> given, Class<E> type, String key) {
        if (given == null) {
            return Set.copyOf(EnumSet.allOf(type));
        }
        if (given.isEmpty()) {
            throw new YamlValueException(key, "an empty list matches nothing; leave '" + key + "' out to cover all");
        }
        if (given.contains(null)) {
            throw new YamlValueException(key, "a list entry is empty");
        }
        return Set.copyOf(given);
    }

    /** Whether the event, of kind {@code kind}, is one the rule looks at. */
    public boolean covers(ImEvent event, EventKind kind) {
        if (!events.contains(kind) || !networks.contains(event.network())) {
            return false;
        }
        if (directions.size() == Direction.values().length) {
            return true;
        }
        return event instanceof ImEvent.Message message && directions.contains(message.direction());
    }

    /** Whether the scope names event kinds itself rather than covering all. */
    boolean restrictsEvents() {
        return events.size() < EventKind.values().length;
    }
}
