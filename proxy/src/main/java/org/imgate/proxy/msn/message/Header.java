package org.imgate.proxy.msn.message;

import java.util.Objects;

/** One {@code Name: value} line of an MSG payload or of a field block inside it. Immutable. */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
