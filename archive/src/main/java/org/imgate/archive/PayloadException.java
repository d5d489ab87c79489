package org.imgate.archive;

/** A record's payload could not be decoded; the message names the record's sequence number. */
public class PayloadException extends JournalException {
    private static final long serialVersionUID = 1L;
    private final long seq;

    public PayloadException(long seq, String message, Throwable cause) {
        super("record seq " + seq + ": " + message, cause);
        this.seq = seq;
    }

    public long seq() {
        return seq;
    }
}
