package org.imgate.archive.export;

import java.io.IOException;

/** An export that cannot start or finish, with a message naming the file or directory at fault. */
public final class ExportException extends IOException {
    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
