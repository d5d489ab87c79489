package org.imgate.policy.yaml;

import java.util.Objects;

/**
 * Thrown by a bound record's compact constructor to blame one of its own keys rather than the
 * record as a whole, so that {@link YamlBinder} reports the line and key path of the value to edit
 * ({@code rules[1].phrases}, not just {@code rules[1]}).
 */
public final class YamlValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key     the key path relative to the record being built, in the binder's own notation
     *                ({@code words}, {@code words[3]}, {@code minimum.MSN Messenger}, {@code rules[2].id})
     * @param problem what is wrong, for a human
     */
    public YamlValueException(String key, String problem) {
        super(problem);
        this.key = Objects.requireNonNull(key, "key");
    }

    public String key() {
        return key;
    }
}
