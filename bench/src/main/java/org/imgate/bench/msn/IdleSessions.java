package org.imgate.bench.msn;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Heap held by idle MSNP sessions in imgate (target P6: at most 6 KB per idle session): signs in
 * {@code sessions} users through imgate and leaves them online and silent, then opens {@code boards}
 * idle switchboard conversations between pairs of them, and reads imgate's heap after full collections
 * before, between and after, with a class-histogram delta for each step. Each idle notification session
 * is one client connection and one upstream connection in imgate; each idle conversation is two of each
 * (caller and callee switchboard sessions).
 *
 * <p>Not thread-safe; run once by the load's main thread.
 */
final class IdleSessions {

    private static final int HISTOGRAM_ROWS = 16;

    private IdleSessions() {
    }

    static String measure(InetSocketAddress imgate, HeapProbe heap, int sessions, int boards) throws Exception {
        List<MsnBenchClient> online = new ArrayList<>();
        List<MsnBenchClient.Conversation> conversations = new ArrayList<>();
        try {
            Thread.sleep(2000);
            long base = heap.usedKbAfterFullGc();
            Map<String, HeapProbe.ClassUse> baseHistogram = heap.histogram();
            for (int i = 1; i <= sessions; i++) {
                online.add(MsnBenchClient.login(imgate, "idle" + i + "@bench.example"));
            }
            Thread.sleep(2000);
            long withSessions = heap.usedKbAfterFullGc();
            Map<String, HeapProbe.ClassUse> sessionHistogram = heap.histogram();
            for (int b = 0; b < boards; b++) {
                conversations.add(MsnBenchClient.converse(online.get(2 * b), online.get(2 * b + 1)));
            }
            Thread.sleep(2000);
            long withBoards = heap.usedKbAfterFullGc();
            Map<String, HeapProbe.ClassUse> boardHistogram = heap.histogram();
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "heap per idle MSNP notification session through imgate: %.2f KB"
                            + " (%d sessions signed in and online; heap used after full GC %d KB -> %d KB)%n",
                    (withSessions - base) / (double) sessions, sessions, base, withSessions));
            if (boards > 0) {
                out.append(String.format(Locale.ROOT, "heap per idle switchboard session through imgate: %.2f KB"
                                + " (%d conversations = %d switchboard sessions; heap %d KB -> %d KB)%n",
                        (withBoards - withSessions) / (2.0 * boards), boards, 2 * boards, withSessions, withBoards));
            }
            out.append("what the idle notification sessions hold (class histogram delta, live objects):\n");
            out.append(HeapProbe.delta(baseHistogram, sessionHistogram, sessions, HISTOGRAM_ROWS));
            if (boards > 0) {
                out.append("what the idle switchboard sessions hold (per switchboard session):\n");
                out.append(HeapProbe.delta(sessionHistogram, boardHistogram, 2 * boards, HISTOGRAM_ROWS));
            }
            return out.toString();
        } finally {
            conversations.forEach(MsnBenchClient.Conversation::close);
            online.forEach(MsnBenchClient::close);
        }
    }
}
