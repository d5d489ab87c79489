package org.imgate.search.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;
import org.imgate.core.Direction;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.search.Hit;
import org.imgate.search.RecordKind;
import org.imgate.search.Snippet;

/**
 * What a hit displays, packed into the one stored value of its document. A value per stored field would
 * cost Lucene's indexing chain a field, a name look-up and a header per value (about twenty per record),
 * and the stored-field compressor the bytes of those headers, at every flush and again at every merge
 * (the time-sorted index cannot copy compressed blocks as they are); one value costs one. Stateless and
 * thread-safe.
 *
 * <p>Layout: a format byte; node, sequence number and time; kind, network and action; a bit set naming
 * which optional values follow, then those values in the order of {@link Optional}; the recipients
 * (handle, then employee or nothing); the matched rules. Strings are UTF-8 with a length prefix.
 */
final class StoredRecord {

    private static final byte FORMAT = 1;

    /** Optional values, in the order they are written; a record's bit set holds {@code 1 << ordinal} for each present. */
    private enum Optional {
        SESSION, CONVERSATION, FROM_HANDLE, FROM_EMPLOYEE, DIRECTION, BODY, FILE, ENCRYPTION, NOTICE, POLICY,
        CLIENT, VERSION
    }

    private StoredRecord() {
    }

    /** Packs everything of {@code hit} but its snippet and score. */
    static BytesRef encode(Hit hit) {
        ByteBuffersDataOutput out = new ByteBuffersDataOutput(256);
        try {
            out.writeByte(FORMAT);
            out.writeString(hit.nodeId());
            out.writeVLong(hit.seq());
            out.writeZLong(hit.time().toEpochMilli());
            out.writeString(hit.kind().queryName());
            out.writeString(hit.network().name());
            out.writeString(hit.action());
            String[] optional = optionalValues(hit);
            int present = 0;
            for (int i = 0; i < optional.length; i++) {
                if (optional[i] != null) {
                    present |= 1 << i;
                }
            }
            out.writeVInt(present);
            for (String value : optional) {
                if (value != null) {
                    out.writeString(value);
                }
            }
            out.writeVInt(hit.to().size());
            for (Participant recipient : hit.to()) {
                out.writeString(recipient.handle());
                boolean known = recipient.employee() != null;
                out.writeByte((byte) (known ? 1 : 0));
                if (known) {
                    out.writeString(recipient.employee());
                }
            }
            out.writeVInt(hit.rules().size());
            for (String rule : hit.rules()) {
                out.writeString(rule);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return new BytesRef(out.toArrayCopy());
    }

    /** Unpacks a value made by {@link #encode}, with the snippet and score of this search. */
    static Hit decode(BytesRef packed, Snippet snippet, float score) {
        try {
            return read(new ByteArrayDataInput(packed.bytes, packed.offset, packed.length), snippet, score);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("damaged stored record in the index (" + e.getMessage()
                    + "); rebuild it with imgate reindex", e);
        }
    }

    private static Hit read(ByteArrayDataInput in, Snippet snippet, float score) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown format " + format);
        }
        String node = in.readString();
        long seq = in.readVLong();
        Instant time = Instant.ofEpochMilli(in.readZLong());
        String kindName = in.readString();
        RecordKind kind = RecordKind.fromQueryName(kindName)
                .orElseThrow(() -> new IllegalStateException("index holds unknown record kind " + kindName));
        Network network = Network.valueOf(in.readString());
        String action = in.readString();
        int present = in.readVInt();
        String[] optional = new String[Optional.values().length];
        for (int i = 0; i < optional.length; i++) {
            if ((present & (1 << i)) != 0) {
                optional[i] = in.readString();
            }
        }
        int recipients = in.readVInt();
        List<Participant> to = new ArrayList<>(recipients);
        for (int i = 0; i < recipients; i++) {
            String handle = in.readString();
            to.add(new Participant(handle, in.readByte() == 1 ? in.readString() : null));
        }
        int ruleCount = in.readVInt();
        List<String> rules = new ArrayList<>(ruleCount);
        for (int i = 0; i < ruleCount; i++) {
            rules.add(in.readString());
        }
        if (!in.eof()) {
            throw new IllegalStateException("bytes left over after the last value");
        }
        String fromHandle = optional[Optional.FROM_HANDLE.ordinal()];
        String direction = optional[Optional.DIRECTION.ordinal()];
        return new Hit(node, seq, time, kind, network,
                optional[Optional.SESSION.ordinal()],
                optional[Optional.CONVERSATION.ordinal()],
                fromHandle == null ? null : new Participant(fromHandle, optional[Optional.FROM_EMPLOYEE.ordinal()]),
                to,
                direction == null ? null : Direction.valueOf(direction.toUpperCase(Locale.ROOT)),
                optional[Optional.BODY.ordinal()],
                optional[Optional.FILE.ordinal()],
                optional[Optional.ENCRYPTION.ordinal()],
                action,
                optional[Optional.NOTICE.ordinal()],
                rules,
                optional[Optional.POLICY.ordinal()],
                optional[Optional.CLIENT.ordinal()],
                optional[Optional.VERSION.ordinal()],
                snippet,
                score);
    }

    private static String[] optionalValues(Hit hit) {
        String[] values = new String[Optional.values().length];
        values[Optional.SESSION.ordinal()] = hit.session();
        values[Optional.CONVERSATION.ordinal()] = hit.conversation();
        if (hit.from() != null) {
            values[Optional.FROM_HANDLE.ordinal()] = hit.from().handle();
            values[Optional.FROM_EMPLOYEE.ordinal()] = hit.from().employee();
        }
        values[Optional.DIRECTION.ordinal()] = hit.direction() == null ? null : hit.direction().name();
        values[Optional.BODY.ordinal()] = hit.body();
        values[Optional.FILE.ordinal()] = hit.fileName();
        values[Optional.ENCRYPTION.ordinal()] = hit.encryption();
        values[Optional.NOTICE.ordinal()] = hit.notice();
        values[Optional.POLICY.ordinal()] = hit.policyVersion();
        values[Optional.CLIENT.ordinal()] = hit.clientFamily();
        values[Optional.VERSION.ordinal()] = hit.clientVersion();
        return values;
    }
}
