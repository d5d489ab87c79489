package org.imgate.archive;

import java.io.IOException;

/**
 * The journal cannot do what was asked: it is in use, damaged, unreadable, full, or its key cannot be
 * opened. The message always names the file (and offset and sequence number where they are known).
 */
public class JournalException extends IOException {
    private static final long serialVersionUID = 1L;

    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
