package org.imgate.server;

/** The exit codes of the {@code imgate} command line (the contract in architecture.md, plus one for bugs). */
public final class ExitCode {
    /** The verb did what was asked. */
    public static final int OK = 0;
    /** A check ran and found a problem (verify, policy check). */
    public static final int PROBLEM_FOUND = 1;
    /** The command line or the configuration is wrong; nothing was done. */
    public static final int USAGE_OR_CONFIG = 2;
    /** imgate itself failed or lacks a part (sysexits EX_SOFTWARE); never a verdict on the user's data. */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}
