package org.imgate.server.search;

/** Whether the command's output goes to an interactive terminal (for highlighting and progress bars). */
public final class Terminal {
    private Terminal() {
    }

    /** True when the JVM has a console and the terminal is not a dumb one. */
    public static boolean interactive() {
        String term = System.getenv("TERM");
        return System.console() != null && !"dumb".equals(term);
    }
}
