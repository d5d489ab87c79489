package org.imgate.search;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an inspection found in an index directory at start. Anything but {@link Healthy} means the
 * caller must rebuild the index from the journal: the index is derived, so it is rebuilt, never served
 * half-empty. Immutable and thread-safe values.
 */
public sealed interface IndexHealth {

    Path directory();

    /** A human-readable account for the log. */
    String describe();

    default boolean usable() {
        return this instanceof Healthy;
    }

    record Healthy(Path directory) implements IndexHealth {
        public Healthy {
            Objects.requireNonNull(directory, "directory");
        }

        @Override
        public String describe() {
            return "index at " + directory + " is healthy";
        }
    }

    /** No index at all: a first start, or someone deleted it. */
    record Missing(Path directory) implements IndexHealth {
        public Missing {
            Objects.requireNonNull(directory, "directory");
        }

        @Override
        public String describe() {
            return "no index at " + directory;
        }
    }

    /** Files are damaged, truncated or missing. */
    record Corrupt(Path directory, String detail) implements IndexHealth {
        public Corrupt {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String describe() {
            return "index at " + directory + " is corrupt: " + detail;
        }
    }

    /** Readable, but written by another index layout or settings (schema version, time zone). */
    record Incompatible(Path directory, String detail) implements IndexHealth {
        public Incompatible {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String describe() {
            return "index at " + directory + " was built differently: " + detail;
        }
    }
}
