package org.imgate.bench.xmpp;

import org.imgate.bench.load.RoundFigures;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits each message of one imgate fixed-rate phase into where its time went, from the phase's latency
 * trace ({@code phaseN-imgate.tsv}, {@code XMPP_LOAD_LATENCY_TRACE}) and a flight recording of the server
 * ({@code XMPP_LOAD_JFR}), which has a {@code org.imgate.xmpp.StanzaRelay} event for each leg a message
 * crossed and a {@code org.imgate.archive.JournalCommit} event per commit:
 *
 * <ul>
 *   <li><b>held, sender's leg</b>: imgate from reading the message whole to handing it on (the gate,
 *   the journal's commit, earlier stanzas of the session);</li>
 *   <li><b>to the recipient's leg</b>: from that hand-off until imgate read the server's copy whole on
 *   the recipient's upstream leg (imgate's write and TLS, the socket, Prosody's routing, imgate's read);</li>
 *   <li><b>held, recipient's leg</b>: the copy, archived already, passing through;</li>
 *   <li><b>outside</b>: the rest of the measured latency (the bench's send, the client legs' sockets and
 *   TLS, imgate's reads before a stanza is whole, the bench's receive).</li>
 * </ul>
 *
 * The first three are differences of the server's own clock, so the split needs no clock alignment.
 * A message is matched by its stanza id ({@code L<phase>:<seq>}) and its recipient ({@code load<2p+2>},
 * the naming of {@link XmppLoad}'s pairs). Prints each stage's percentiles, the mean split of the
 * slowest 1% of messages, and the journal's commits during the phase.
 *
 * <p>{@code bench/run xmpp.StageReport DIR/phaseN-imgate.tsv RECORDING.jfr}
 */
public final class StageReport {

    static final String RELAY_EVENT = "org.imgate.xmpp.StanzaRelay";
    static final String COMMIT_EVENT = "org.imgate.archive.JournalCommit";
    static final List<String> STAGES = List.of("held, sender's leg", "to the recipient's leg",
            "held, recipient's leg", "outside imgate", "whole latency");
    private static final Pattern PHASE = Pattern.compile("phase(\\d+)-");

    /** One relay event: when imgate handed the stanza on, and how long it had held it (nanoseconds). */
    record Relay(long handedOnNanos, long heldNanos) {
        long readNanos() {
            return handedOnNanos - heldNanos;
        }
    }

    /** One commit event's figures, in nanoseconds. */
    record Commit(long atEpochNanos, int records, long lingered, long synced, long oldestWait) {
    }

    private StageReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: StageReport DIR/phaseN-imgate.tsv RECORDING.jfr");
            System.exit(2);
        }
        Path trace = Path.of(args[0]);
        Map<String, Relay> toServer = new HashMap<>();
        Map<String, Relay> toClient = new HashMap<>();
        List<Commit> commits = new ArrayList<>();
        read(Path.of(args[1]), toServer, toClient, commits);
        System.out.print(report(trace.getFileName().toString(), Files.readAllLines(trace), toServer, toClient,
                commits));
    }

    /** Reads the recording's relay events (keyed by {@link #key}) by direction, and its commits. */
    static void read(Path recording, Map<String, Relay> toServer, Map<String, Relay> toClient, List<Commit> commits)
            throws IOException {
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (type.equals(RELAY_EVENT)) {
                    String to = e.getString("to");
                    String id = e.getString("stanzaId");
                    if (to == null || id == null) {
                        continue;
                    }
                    Relay relay = new Relay(epochNanos(e.getStartTime()), e.getDuration("held").toNanos());
                    String local = to.contains("@") ? to.substring(0, to.indexOf('@')) : to;
                    ("server".equals(e.getString("towards")) ? toServer : toClient).put(key(id, local), relay);
                } else if (type.equals(COMMIT_EVENT)) {
                    commits.add(new Commit(epochNanos(e.getStartTime()), e.getInt("records"),
                            e.getDuration("lingered").toNanos(), e.getDuration("synced").toNanos(),
                            e.getDuration("oldestWait").toNanos()));
                }
            }
        }
    }

    static String key(String stanzaId, String recipientLocalPart) {
        return stanzaId + " " + recipientLocalPart;
    }

    /** A message's stages in nanoseconds, in the order of {@link #STAGES}. */
    static long[] stages(long latencyNanos, Relay out, Relay in) {
        long heldOut = out.heldNanos();
        long transit = in.readNanos() - out.handedOnNanos();
        long heldIn = in.heldNanos();
        return new long[] {heldOut, transit, heldIn, latencyNanos - heldOut - transit - heldIn, latencyNanos};
    }

    static String report(String name, List<String> traceLines, Map<String, Relay> toServer,
                         Map<String, Relay> toClient, List<Commit> commits) {
        if (traceLines.isEmpty() || !traceLines.get(0).startsWith("# phase start ")) {
            throw new IllegalArgumentException(name + ": not a latency trace (no '# phase start' line)");
        }
        Matcher m = PHASE.matcher(name);
        if (!m.find()) {
            throw new IllegalArgumentException(name + ": the file name names no phase (phaseN-imgate.tsv)");
        }
        int phase = Integer.parseInt(m.group(1));
        Instant start = Instant.parse(traceLines.get(0).substring("# phase start ".length()).trim());
        Map<Integer, Integer> nextSeq = new HashMap<>();
        List<long[]> matched = new ArrayList<>();
        int messages = 0;
        double lastDueMillis = 0;
        for (String line : traceLines.subList(1, traceLines.size())) {
            String[] f = line.split("\t");
            if (f.length < 3 || !Character.isDigit(f[0].charAt(0))) {
                continue;
            }
            messages++;
            int pair = Integer.parseInt(f[0]);
            int seq = nextSeq.merge(pair, 1, Integer::sum) - 1; // a pair's rows come in sequence order
            lastDueMillis = Math.max(lastDueMillis, Double.parseDouble(f[1]));
            String key = key("L" + phase + ":" + seq, "load" + (2 * pair + 2));
            Relay out = toServer.get(key);
            Relay in = toClient.get(key);
            if (out != null && in != null) {
                matched.add(stages(Math.round(Double.parseDouble(f[2]) * 1e6), out, in));
            }
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s: %d messages, %d found on both of imgate's legs in the recording%n", name, messages,
                matched.size()));
        if (matched.isEmpty()) {
            return text.append("nothing to split: was the recording taken during this phase?\n").toString();
        }
        text.append(String.format(Locale.ROOT, "%-24s %8s %8s %8s %8s %8s%n", "stage (ms)", "p50", "p90", "p99",
                "p99.9", "max"));
        for (int s = 0; s < STAGES.size(); s++) {
            int stage = s;
            long[] values = matched.stream().mapToLong(v -> v[stage]).toArray();
            text.append(String.format(Locale.ROOT, "%-24s %8.2f %8.2f %8.2f %8.2f %8.2f%n", STAGES.get(s),
                    RoundFigures.percentile(values, 50) / 1e6, RoundFigures.percentile(values, 90) / 1e6,
                    RoundFigures.percentile(values, 99) / 1e6, RoundFigures.percentile(values, 99.9) / 1e6,
                    RoundFigures.percentile(values, 100) / 1e6));
        }
        long p99 = (long) RoundFigures.percentile(matched.stream().mapToLong(v -> v[4]).toArray(), 99);
        List<long[]> slowest = matched.stream().filter(v -> v[4] >= p99).toList();
        text.append(String.format(Locale.ROOT, "the slowest 1%% (%d messages, from %.2f ms), mean ms:", slowest.size(),
                p99 / 1e6));
        for (int s = 0; s < STAGES.size(); s++) {
            int stage = s;
            text.append(String.format(Locale.ROOT, " %s %.2f;", STAGES.get(s),
                    slowest.stream().mapToLong(v -> v[stage]).average().orElse(0) / 1e6));
        }
        text.setLength(text.length() - 1);
        text.append('\n');
        long from = epochNanos(start);
        long to = from + Math.round(lastDueMillis * 1e6);
        List<Commit> during = commits.stream().filter(c -> c.atEpochNanos() >= from && c.atEpochNanos() <= to).toList();
        if (during.isEmpty()) {
            return text.append("journal commits during the phase: none recorded\n").toString();
        }
        text.append(String.format(Locale.ROOT, "journal commits during the phase: %d, records per commit p50 %.0f max %.0f%n",
                during.size(), RoundFigures.percentile(during.stream().mapToLong(Commit::records).toArray(), 50),
                RoundFigures.percentile(during.stream().mapToLong(Commit::records).toArray(), 100)));
        commitLine(text, "lingered", during.stream().mapToLong(Commit::lingered).toArray());
        commitLine(text, "fsync", during.stream().mapToLong(Commit::synced).toArray());
        commitLine(text, "oldest record's wait", during.stream().mapToLong(Commit::oldestWait).toArray());
        return text.toString();
    }

    private static void commitLine(StringBuilder text, String what, long[] nanos) {
        text.append(String.format(Locale.ROOT, "  %-22s p50 %.2f p99 %.2f max %.2f ms%n", what,
                RoundFigures.percentile(nanos, 50) / 1e6, RoundFigures.percentile(nanos, 99) / 1e6,
                RoundFigures.percentile(nanos, 100) / 1e6));
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
