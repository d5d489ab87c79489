package org.imgate.search.lucene;

import java.util.List;
import org.imgate.core.Verdict;

/** The names {@code action:} accepts for verdicts, and the text each verdict carries. Stateless and thread-safe. */
final class VerdictNames {

    static final List<String> ALL = List.of("allow", "notify", "flag", "redact", "block", "end-session");

    private VerdictNames() {
    }

    static String name(Verdict verdict) {
        if (verdict instanceof Verdict.Allow) {
            return "allow";
        } else if (verdict instanceof Verdict.Notify) {
            return "notify";
        } else if (verdict instanceof Verdict.Flag) {
            return "flag";
        } else if (verdict instanceof Verdict.Redact) {
            return "redact";
        } else if (verdict instanceof Verdict.Block) {
            return "block";
        } else if (verdict instanceof Verdict.EndSession) {
            return "end-session";
        }
        throw new IllegalArgumentException("unknown verdict " + verdict);
    }

    /** The notice, reason or replacement text, or {@code null} for a plain allow. */
    static String text(Verdict verdict) {
        if (verdict instanceof Verdict.Notify n) {
            return n.notice();
        } else if (verdict instanceof Verdict.Flag f) {
            return f.reason();
        } else if (verdict instanceof Verdict.Redact r) {
            return r.replacement();
        } else if (verdict instanceof Verdict.Block b) {
            return b.notice();
        } else if (verdict instanceof Verdict.EndSession e) {
            return e.notice();
        }
        return null;
    }
}
