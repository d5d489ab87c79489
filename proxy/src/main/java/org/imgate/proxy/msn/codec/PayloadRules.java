package org.imgate.proxy.msn.codec;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which MSNP commands are followed by a payload, per protocol version and direction, and which carry
 * no transaction id. The byte count is always the last token of the line.
 *
 * <p>Sources: shared/reference/msnp.md §1 "Framing" and "MSNP13–15". In short: {@code MSG} both ways
 * in every version; {@code NOT} and {@code IPG} from the server; {@code QRY} from the client;
 * MSNP11+ {@code UUX} from the client and {@code UBX}/{@code GCF} from the server; MSNP13+
 * {@code ADL}/{@code RML}/{@code UUN}/{@code FQY} both ways, {@code UBN}/{@code NFY} and error replies
 * with an XML body from the server; MSNP14+ {@code UUM} from the client and {@code UBM} from the
 * server. Replies that merely end in a number ({@code UUX 6 0}, {@code ADL 7 OK}, {@code QRY 10}) have
 * no body. Stateless and thread-safe.
 */
public final class PayloadRules {

    /** When a verb has a payload. */
    private enum When {
        /** Always; the last token must be the length. */
        ALWAYS,
        /** When the line has at least two tokens after the verb and the last is a number. */
        IF_NUMERIC_LAST
    }

    private record Rule(int fromVersion, When when) {
    }

    private static final Map<String, Rule> FROM_CLIENT = Map.of(
            "MSG", new Rule(2, When.ALWAYS),
            "QRY", new Rule(2, When.ALWAYS),
            "UUX", new Rule(11, When.ALWAYS),
            "ADL", new Rule(13, When.ALWAYS),
            "RML", new Rule(13, When.ALWAYS),
            "UUN", new Rule(13, When.ALWAYS),
            "FQY", new Rule(14, When.ALWAYS),
            "UUM", new Rule(14, When.ALWAYS));

    private static final Map<String, Rule> FROM_SERVER = Map.ofEntries(
            Map.entry("MSG", new Rule(2, When.ALWAYS)),
            Map.entry("NOT", new Rule(2, When.ALWAYS)),
            Map.entry("IPG", new Rule(2, When.ALWAYS)),
            Map.entry("UBX", new Rule(11, When.ALWAYS)),
            Map.entry("GCF", new Rule(11, When.IF_NUMERIC_LAST)),
            Map.entry("ADL", new Rule(13, When.IF_NUMERIC_LAST)),
            Map.entry("RML", new Rule(13, When.IF_NUMERIC_LAST)),
            Map.entry("UBN", new Rule(13, When.ALWAYS)),
            Map.entry("NFY", new Rule(13, When.IF_NUMERIC_LAST)),
            Map.entry("FQY", new Rule(14, When.IF_NUMERIC_LAST)),
            Map.entry("UBM", new Rule(14, When.ALWAYS)));

    /** Error replies ({@code 241 12 230}) carry an XML body from MSNP13 on. */
    private static final Rule SERVER_ERROR = new Rule(13, When.IF_NUMERIC_LAST);

    /**
     * Server commands whose second token is never a transaction id, even when it is a number
     * ({@code RNG 11752013 ...}, {@code QNG 50}, {@code NOT 1234}, {@code LSG 0 Other 0}).
     */
    private static final Set<String> SERVER_WITHOUT_TRID = Set.of(
            "MSG", "NLN", "FLN", "RNG", "JOI", "BYE", "UBX", "UBN", "UBM", "QNG", "NOT", "IPG",
            "LST", "LSG", "GTC", "BLP", "BPR", "OUT", "PNG");

    /** Client commands without a transaction id. */
    private static final Set<String> CLIENT_WITHOUT_TRID = Set.of("PNG", "OUT");

    /** The oldest and newest protocol versions this codec knows. */
    public static final int MIN_VERSION = 2;
    public static final int MAX_VERSION = 15;

    private PayloadRules() {
    }

    /**
     * Whether a command line is followed by a payload.
     *
     * @param protocolVersion the negotiated MSNP version (8 for MSNP8)
     * @param tokens          the line's tokens, verb first
     */
    public static boolean hasPayload(int protocolVersion, Origin origin, List<String> tokens) {
        String verb = tokens.get(0);
        Rule rule;
        if (origin == Origin.SERVER && MsnCommand.isVerb(verb) && Character.isDigit(verb.charAt(0))) {
            rule = SERVER_ERROR;
        } else {
            rule = (origin == Origin.CLIENT ? FROM_CLIENT : FROM_SERVER).get(verb);
        }
        if (rule == null || protocolVersion < rule.fromVersion()) {
            return false;
        }
        return switch (rule.when()) {
            case ALWAYS -> true;
            case IF_NUMERIC_LAST -> tokens.size() >= 3 && isNumber(tokens.get(tokens.size() - 1));
        };
    }

    /** Whether the verb, sent from {@code origin}, may carry a transaction id as its first arg. */
    public static boolean mayHaveTrId(Origin origin, String verb) {
        return !(origin == Origin.CLIENT ? CLIENT_WITHOUT_TRID : SERVER_WITHOUT_TRID).contains(verb);
    }

    /**
     * The version number of an {@code MSNPn} token, or -1 when the token names no MSNP version
     * ({@code CVR0}, {@code 0}).
     */
    public static int parseVersion(String token) {
        if (token.length() < 5 || token.length() > 7 || !token.startsWith("MSNP")) {
            return -1;
        }
        String digits = token.substring(4);
        return isNumber(digits) ? Integer.parseInt(digits) : -1;
    }

    /** Whether the token is a decimal number of at most ten digits (a transaction id or byte count). */
    public static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
