package org.imgate.bench.msn;

import org.imgate.bench.load.ShellHook;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Heap held by idle MSNP sessions in imgate (target P6: at most 6 KB per idle session). Signs in
 * {@code sessions} users through imgate and leaves them online and silent, opens {@code boards} idle
 * switchboard conversations between pairs of them, then closes the conversations and last the sessions,
 * reading imgate's heap after full collections at each step. What an open session holds is the drop when
 * it closes, so state that outlives the session (a client inventory entry per user, search-index buffers
 * of the archived login events) is reported apart, as what stays after everything closed. Each idle
 * notification session is one client and one upstream connection in imgate; each idle conversation is
 * two switchboard sessions (caller and callee), each with its own upstream connection.
 *
 * <p>Not thread-safe; run once by the load's main thread.
 */
final class IdleSessions {

    private static final int HISTOGRAM_ROWS = 16;
    private static final int SETTLE_MILLIS = 3000;

    private IdleSessions() {
    }

    private record Snapshot(long usedKb, Map<String, HeapProbe.ClassUse> histogram) {
        static Snapshot of(HeapProbe heap) throws Exception {
            // bench/msn-load has the server commit its search index here, so that what the index still held
            // of the load's messages is not counted as the sessions' memory
            ShellHook.run("MSN_LOAD_SETTLE");
            Thread.sleep(SETTLE_MILLIS);
            return new Snapshot(heap.usedKbAfterFullGc(), heap.histogram());
        }
    }

    static String measure(InetSocketAddress imgate, HeapProbe heap, int sessions, int boards) throws Exception {
        List<MsnBenchClient> online = new ArrayList<>();
        List<MsnBenchClient.Conversation> conversations = new ArrayList<>();
        try {
            Snapshot base = Snapshot.of(heap);
            for (int i = 1; i <= sessions; i++) {
                online.add(MsnBenchClient.login(imgate, "idle" + i + "@bench.example"));
            }
            Snapshot signedIn = Snapshot.of(heap);
            for (int b = 0; b < boards; b++) {
                conversations.add(MsnBenchClient.converse(online.get(2 * b), online.get(2 * b + 1)));
            }
            Snapshot conversing = Snapshot.of(heap);
            conversations.forEach(MsnBenchClient.Conversation::close);
            conversations.clear();
            Snapshot boardsClosed = Snapshot.of(heap);
            online.forEach(MsnBenchClient::close);
            online.clear();
            Snapshot allClosed = Snapshot.of(heap);

            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "heap per idle MSNP notification session through imgate: %.2f KB"
                            + " (held while open: heap drop when the %d sessions signed out, %d KB -> %d KB)%n",
                    (boardsClosed.usedKb - allClosed.usedKb) / (double) sessions, sessions, boardsClosed.usedKb,
                    allClosed.usedKb));
            out.append(String.format(Locale.ROOT, "  growth when they signed in: %.2f KB per session (%d KB -> %d KB);"
                            + " left after all closed: %.2f KB per user (%d KB; inventory, archive and index state)%n",
                    (signedIn.usedKb - base.usedKb) / (double) sessions, base.usedKb, signedIn.usedKb,
                    (allClosed.usedKb - base.usedKb) / (double) sessions, allClosed.usedKb - base.usedKb));
            if (boards > 0) {
                out.append(String.format(Locale.ROOT, "heap per idle switchboard session through imgate: %.2f KB"
                                + " (held while open: drop when %d conversations = %d switchboard sessions closed,"
                                + " %d KB -> %d KB; growth when opened %.2f KB per session)%n",
                        (conversing.usedKb - boardsClosed.usedKb) / (2.0 * boards), boards, 2 * boards,
                        conversing.usedKb, boardsClosed.usedKb,
                        (conversing.usedKb - signedIn.usedKb) / (2.0 * boards)));
            }
            out.append("what an idle notification session holds (class histogram, signed in minus signed out):\n");
            out.append(HeapProbe.delta(allClosed.histogram, boardsClosed.histogram, sessions, HISTOGRAM_ROWS));
            if (boards > 0) {
                out.append("what an idle switchboard session holds (open minus closed, per switchboard session):\n");
                out.append(HeapProbe.delta(boardsClosed.histogram, conversing.histogram, 2 * boards, HISTOGRAM_ROWS));
            }
            out.append("what stays after every idle session closed (per user):\n");
            out.append(HeapProbe.delta(base.histogram, allClosed.histogram, sessions, 8));
            return out.toString();
        } finally {
            conversations.forEach(MsnBenchClient.Conversation::close);
            online.forEach(MsnBenchClient::close);
        }
    }
}
