package org.imgate.search;

import java.util.Objects;

/**
 * The index cannot be opened as it is and must be rebuilt from the journal. The caller logs
 * {@link #health()} and starts a rebuild; it never serves searches from the damaged index.
 */
public final class IndexUnusableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient IndexHealth health;

    public IndexUnusableException(IndexHealth health) {
        super(Objects.requireNonNull(health, "health").describe());
        this.health = health;
    }

    public IndexHealth health() {
        return health;
    }
}
