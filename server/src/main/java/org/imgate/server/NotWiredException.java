package org.imgate.server;

/**
 * A verb needs a module that {@link Wiring} does not connect yet. Reported as one line naming the
 * missing part, with {@link ExitCode#INTERNAL}: the build is incomplete, not the user's data wrong.
 */
public final class NotWiredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotWiredException(String missing) {
        super("not wired into this build yet: " + missing + " (see org.imgate.server.Wiring)");
    }
}
