package org.imgate.core;

/**
 * What policy decided about an event. Verdicts are values: a broken archive or policy is never
 * expressed as an exception that the proxy might ignore, but as a {@link Block} with a notice.
 * All records are immutable and thread-safe.
 */
public sealed interface Verdict {

    /** Whether the event (or its redacted form) reaches its recipients. */
    boolean delivers();

    /** The allowing verdict. */
    static Verdict allow() {
        return Allow.INSTANCE;
    }

    /** Deliver unchanged. */
    record Allow() implements Verdict {
        static final Allow INSTANCE = new Allow();

        @Override
        public boolean delivers() {
            return true;
        }
    }

    /** Deliver unchanged and tell the user something (an upgrade reminder, a policy banner). */
    record Notify(String notice) implements Verdict {
        public Notify {
            Checks.notBlank(notice, "notice");
        }

        @Override
        public boolean delivers() {
            return true;
        }
    }

    /** Deliver unchanged but mark for a reviewer. */
    record Flag(String reason) implements Verdict {
        public Flag {
            Checks.notBlank(reason, "reason");
        }

        @Override
        public boolean delivers() {
            return true;
        }
    }

    /** Deliver with the offending content replaced by {@code replacement}. */
    record Redact(String replacement) implements Verdict {
        public Redact {
            java.util.Objects.requireNonNull(replacement, "replacement");
        }

        @Override
        public boolean delivers() {
            return true;
        }
    }

    /** Do not deliver; tell the sender {@code notice}. */
    record Block(String notice) implements Verdict {
        public Block {
            Checks.notBlank(notice, "notice");
        }

        @Override
        public boolean delivers() {
            return false;
        }
    }

    /** Do not deliver, and end the whole session after telling the user {@code notice}. */
    record EndSession(String notice) implements Verdict {
        public EndSession {
            Checks.notBlank(notice, "notice");
        }

        @Override
        public boolean delivers() {
            return false;
        }
    }
}
