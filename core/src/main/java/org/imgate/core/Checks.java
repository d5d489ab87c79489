package org.imgate.core;

import java.util.Objects;

/** Argument checks shared by the records of this package. */
final class Checks {
    private Checks() {
    }

    static String notBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
