package org.imgate.server.config;

import java.util.regex.Pattern;

/**
 * The {@code node-id} value. It names a hash chain in the journal and may become part of file
 * names, so it is kept to characters that are safe in both. A type of its own so that a bad value
 * is reported at its key and line. Immutable.
 *
 * @param value 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit
 */
record NodeId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    NodeId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("node-id '" + value
                    + "' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Binds the YAML scalar. */
    static NodeId valueOf(String value) {
        return new NodeId(value);
    }

    static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
