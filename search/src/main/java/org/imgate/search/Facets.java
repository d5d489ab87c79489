package org.imgate.search;

import java.util.List;
import java.util.Objects;

/**
 * Hit counts over the whole result set of a search (not just the page). Immutable and thread-safe.
 *
 * @param participants the most frequent participants (handles), most hits first
 * @param networks     hits per network, most hits first
 * @param days         hits per calendar day ({@code yyyy-MM-dd} in the index's time zone), in date order
 */
public record Facets(List<Count> participants, List<Count> networks, List<Count> days) {

    public Facets {
        participants = List.copyOf(participants);
        networks = List.copyOf(networks);
        days = List.copyOf(days);
    }

    public static Facets none() {
        return new Facets(List.of(), List.of(), List.of());
    }

    /** How many hits have {@code value}. */
    public record Count(String value, long count) {
        public Count {
            Objects.requireNonNull(value, "value");
        }
    }
}
