package org.imgate.bench.load;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The options every relay load generator takes ({@code --target NAME=HOST:PORT} once per path,
 * {@code --pairs}, {@code --rounds}, {@code --warmup-rounds}, {@code --seconds}, {@code --rate},
 * {@code --window}, {@code --idle}, {@code --imgate-pid}), parsed once for the MSN and XMPP benches.
 * Immutable.
 */
public record LoadOptions(Map<String, InetSocketAddress> targets, int pairs, int rounds, int warmupRounds,
                          int seconds, int rate, int window, int idle, String imgatePid) {

    public LoadOptions {
        // the paths run in the order given: keep it
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    /**
     * Parses {@code args} as option-value pairs; an option not listed above goes to {@code extra}, which
     * returns whether it took it (else the option is refused).
     *
     * @param defaultRounds counted rounds when {@code --rounds} is not given
     * @param defaultIdle   idle sessions when {@code --idle} is not given
     */
    public static LoadOptions parse(String[] args, int defaultRounds, int defaultIdle,
                                    BiPredicate<String, String> extra) {
        Map<String, InetSocketAddress> targets = new LinkedHashMap<>();
        int pairs = 8;
        int rounds = defaultRounds;
        int warmup = 1;
        int seconds = 5;
        int rate = 400;
        int window = 32;
        int idle = defaultIdle;
        String imgatePid = null;
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
        }
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--target" -> {
                    String[] nv = v.split("=", 2);
                    int colon = nv.length == 2 ? nv[1].lastIndexOf(':') : -1;
                    if (colon < 0) {
                        throw new IllegalArgumentException("--target " + v + ": expected NAME=HOST:PORT");
                    }
                    targets.put(nv[0], new InetSocketAddress(nv[1].substring(0, colon),
                            Integer.parseInt(nv[1].substring(colon + 1))));
                }
                case "--pairs" -> pairs = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--warmup-rounds" -> warmup = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--rate" -> rate = Integer.parseInt(v);
                case "--window" -> window = Integer.parseInt(v);
                case "--idle" -> idle = Integer.parseInt(v);
                case "--imgate-pid" -> imgatePid = v;
                default -> {
                    if (!extra.test(args[i], v)) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                }
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one --target NAME=HOST:PORT is required");
        }
        return new LoadOptions(targets, pairs, rounds, warmup, seconds, rate, window, idle, imgatePid);
    }
}
