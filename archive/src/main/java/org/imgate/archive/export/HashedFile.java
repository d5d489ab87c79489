package org.imgate.archive.export;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A new export file that hashes and counts its bytes as they are written, so the manifest's SHA-256 is
 * of exactly what reached the file without reading it again. Refuses to replace an existing file
 * (never overwrite evidence). Not thread-safe.
 */
final class HashedFile extends FilterOutputStream {
    private final String name;
    private final MessageDigest digest;
    private long size;
    private long messages;
    private boolean closed;

    private HashedFile(String name, OutputStream out, MessageDigest digest) {
        super(out);
        this.name = name;
        this.digest = digest;
    }

    static HashedFile create(Path dir, String name) throws IOException {
        OutputStream out = Files.newOutputStream(dir.resolve(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        return new HashedFile(name, new BufferedOutputStream(out, 64 * 1024), sha256());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        size += len;
    }

    /** Counts one more archived message in this file. */
    void countMessage() {
        messages++;
    }

    /** Closes the file and describes it. */
    ExportedFile finish() throws IOException {
        close();
        return new ExportedFile(name, HexFormat.of().formatHex(digest.digest()), size, messages);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            super.close();
        }
    }
}
