package org.imgate.bench.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.imgate.core.Decision;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.imgate.search.IndexedDecision;

/**
 * A deterministic synthetic chat archive: {@value #USERS} employees plus external partners, two-party
 * conversations on two networks, ~100-byte bodies drawn from a vocabulary with a Zipf distribution, and
 * timestamps spread evenly (with jitter) over one year in message order, as a journal would hold them.
 * Message {@code i} is the same on every run. Immutable after construction and thread-safe; callers pass
 * their own random source for anything not fixed by the message number.
 */
public final class SyntheticChat {

    public static final int USERS = 1_000;
    private static final int PARTNERS = 300;
    private static final int CONVERSATIONS = 50_000;
    private static final int BODY_BYTES = 100;
    private static final int GUIDE = 1 << 16;
    /** The corpus covers this year; live ingest continues after it. */
    public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    public static final Duration SPAN = Duration.ofDays(365);

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "de", "pa",
            "zu", "ri", "mo", "ga", "te", "no", "ba", "fi", "le", "ho"};
    private static final String[] COMMON = {"the", "to", "and", "you", "is", "it", "meeting", "call", "report",
            "today", "send", "please", "thanks", "contract", "client", "budget", "review", "project", "lunch",
            "deadline", "invoice", "price", "deal", "quarter", "numbers"};

    private final String[] words;
    private final Participant[] employees = new Participant[USERS];
    private final Participant[] partners = new Participant[PARTNERS];
    private final double[] cumulative;
    /** {@code guide[b]}: the first rank whose cumulative share reaches {@code b / GUIDE}; narrows each draw's search. */
    private final int[] guide = new int[GUIDE + 1];
    private final long messages;

    /**
     * @param vocabulary how many distinct words
     * @param zipfExponent the Zipf exponent (about 1 for natural text)
     * @param messages how many messages the corpus spreads over {@link #SPAN}
     */
    public SyntheticChat(int vocabulary, double zipfExponent, long messages) {
        this.words = vocabulary(vocabulary);
        this.cumulative = new double[vocabulary];
        double sum = 0;
        for (int rank = 0; rank < vocabulary; rank++) {
            sum += 1 / Math.pow(rank + 1, zipfExponent);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < vocabulary; rank++) {
            cumulative[rank] /= sum;
        }
        for (int b = 0, rank = 0; b <= GUIDE; b++) {
            while (rank < vocabulary - 1 && cumulative[rank] < (double) b / GUIDE) {
                rank++;
            }
            guide[b] = rank;
        }
        this.messages = messages;
        for (int n = 0; n < USERS; n++) {
            employees[n] = new Participant(employee(n) + "@corp.example", employee(n));
        }
        for (int n = 0; n < PARTNERS; n++) {
            partners[n] = Participant.of("p" + n + "@partner.example");
        }
    }

    private static String[] vocabulary(int size) {
        String[] result = new String[size];
        System.arraycopy(COMMON, 0, result, 0, Math.min(COMMON.length, size));
        SplittableRandom random = new SplittableRandom(7);
        Set<String> seen = new HashSet<>(Arrays.asList(COMMON));
        for (int i = COMMON.length; i < size; ) {
            StringBuilder word = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            if (seen.add(word.toString())) {
                result[i++] = word.toString();
            }
        }
        return result;
    }

    /** The word of the given popularity rank (0 = most frequent). */
    public String word(int rank) {
        return words[rank];
    }

    public int vocabularySize() {
        return words.length;
    }

    /** The employee id of user {@code n}, which {@code from:} matches. */
    public static String employee(int n) {
        String digits = Integer.toString(n);
        return "u" + "0000".substring(Math.min(4, digits.length())) + digits;
    }

    /** A body of about {@value #BODY_BYTES} bytes of Zipf-distributed words. */
    public String body(SplittableRandom random) {
        StringBuilder body = new StringBuilder(BODY_BYTES + 16);
        while (body.length() < BODY_BYTES) {
            if (!body.isEmpty()) {
                body.append(' ');
            }
            body.append(words[zipfRank(random)]);
        }
        return body.toString();
    }

    private int zipfRank(SplittableRandom random) {
        // the rank is the first whose cumulative share reaches u; the guide table brackets it, so the
        // draw is the same as a binary search over the whole table, at a fraction of the cost (the
        // generator must stay far cheaper than the indexing it feeds)
        double u = random.nextDouble();
        int bucket = (int) (u * GUIDE);
        int i = Arrays.binarySearch(cumulative, guide[bucket], Math.min(guide[bucket + 1] + 1, words.length), u);
        return Math.min(i >= 0 ? i : -i - 1, words.length - 1);
    }

    /** When message {@code i} of the corpus was sent. */
    public Instant timeOf(long i, SplittableRandom random) {
        long step = SPAN.toMillis() / Math.max(1, messages);
        return START.plusMillis(i * step + (step > 1 ? random.nextLong(step) : 0));
    }

    /** One message of a random conversation, as a node's journal record {@code seq}. */
    public IndexedDecision message(String node, long seq, Instant time, SplittableRandom random) {
        return message(node, seq, time, random.nextInt(CONVERSATIONS), body(random), random);
    }

    /** A message with a given body, e.g. a marker to look for. */
    public IndexedDecision message(String node, long seq, Instant time, int conversation, String body,
                                   SplittableRandom random) {
        // each conversation has a fixed pair: an employee and, for one in five, an external partner
        int owner = Math.floorMod(conversation * 7919, USERS);
        boolean external = conversation % 5 == 0;
        Participant a = employees[owner];
        Participant b = external ? partners[conversation % PARTNERS] : employees[(owner + 1 + conversation % 97) % USERS];
        boolean aSends = random.nextBoolean();
        Participant from = aSends ? a : b;
        Participant to = aSends ? b : a;
        Network network = conversation % 3 == 0 ? Network.XMPP : Network.MSN;
        ImEvent.Message m = new ImEvent.Message(new SessionId("s-" + from.handle()), network, time,
                "c" + conversation, from, List.of(to), body, "text/plain",
                external ? Direction.EXTERNAL : Direction.INTERNAL, node + "-" + seq, null);
        return new IndexedDecision(seq, node, Decision.allowed(m));
    }

    /** A batch of corpus messages {@code first, first + stride, ...} ({@code count} of them). */
    public List<IndexedDecision> batch(String node, long firstSeq, long first, long stride, int count,
                                       SplittableRandom random) {
        List<IndexedDecision> batch = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            long i = first + k * stride;
            batch.add(message(node, firstSeq + k, timeOf(i, random), random));
        }
        return batch;
    }
}
