package org.imgate.server.search;

import java.nio.file.Path;

/**
 * A running {@code imgate serve} holds the journal, so this command cannot write its audit record itself;
 * it does nothing rather than search unaudited. The command line exits with
 * {@link org.imgate.server.ExitCode#USAGE_OR_CONFIG}.
 */
public final class JournalInUseException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param advice what the operator should do instead, as a sentence ending without a period
     */
    public JournalInUseException(Path journalDir, String advice, Throwable cause) {
        super("the journal " + journalDir + " is in use by a running 'imgate serve' (another process holds its lock); "
                + advice + "; nothing was done", cause);
    }
}
