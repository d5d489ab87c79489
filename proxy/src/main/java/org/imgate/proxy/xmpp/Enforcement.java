package org.imgate.proxy.xmpp;

import org.imgate.core.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * What the proxy does with one stanza, given the verdicts on every event mapped from it: the most
 * severe verdict wins (end session over block over redact), and every notice the user should see is
 * kept. Immutable and thread-safe.
 *
 * @param endSessionNotice the text of the stream error that ends the session, or {@code null}
 * @param blockNotice      the text bounced to the sender instead of delivering (RFC 6120 §8.3), or {@code null}
 * @param replacementBody  the body to deliver instead of the original, or {@code null}
 * @param notices          headline notices for the user, in verdict order
 */
public record Enforcement(String endSessionNotice, String blockNotice, String replacementBody,
                          List<String> notices) {

    /** Delivered unchanged, nothing to say. */
    public static final Enforcement DELIVER = new Enforcement(null, null, null, List.of());

    public Enforcement {
        notices = List.copyOf(notices);
    }

    /** Combines the verdicts on all events of one stanza. */
    public static Enforcement of(List<Verdict> verdicts) {
        String end = null;
        String block = null;
        String replacement = null;
        List<String> notices = new ArrayList<>();
        for (Verdict verdict : verdicts) {
            if (verdict instanceof Verdict.EndSession e && end == null) {
                end = e.notice();
            } else if (verdict instanceof Verdict.Block b && block == null) {
                block = b.notice();
            } else if (verdict instanceof Verdict.Redact r && replacement == null) {
                replacement = r.replacement();
            } else if (verdict instanceof Verdict.Notify n) {
                notices.add(n.notice());
            }
        }
        return new Enforcement(end, block, replacement, notices);
    }

    /** True when the stanza goes on (possibly redacted). */
    public boolean delivers() {
        return endSessionNotice == null && blockNotice == null;
    }
}
