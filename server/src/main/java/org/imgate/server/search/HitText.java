package org.imgate.server.search;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.imgate.core.Participant;
import org.imgate.search.Facets;
import org.imgate.search.Hit;
import org.imgate.search.Snippet;

/**
 * Prints hits for a reader: a heading line (time, network, participants, action and rules, where the
 * record is) and the passage below it, matches marked in ANSI bold on a terminal and in {@code [..]}
 * elsewhere. Immutable and thread-safe.
 */
public final class HitText {
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private final boolean ansi;

    public HitText(boolean ansi) {
        this.ansi = ansi;
    }

    public void print(Hit hit, PrintWriter out) {
        out.println(heading(hit));
        String text = text(hit);
        if (text != null) {
            out.println("    " + text.replace("\n", "\n    "));
        }
    }

    static String heading(Hit hit) {
        StringBuilder line = new StringBuilder();
        line.append(hit.time()).append("  ").append(hit.network().name().toLowerCase(Locale.ROOT)).append("  ");
        line.append(participants(hit)).append("  ").append(hit.action());
        if (!hit.rules().isEmpty()) {
            line.append(" (").append(String.join(", ", hit.rules())).append(')');
        }
        if (hit.kind() != org.imgate.search.RecordKind.MESSAGE) {
            line.append("  ").append(hit.kind().queryName());
        }
        line.append("  seq ").append(hit.seq());
        if (hit.conversation() != null) {
            line.append("  conversation ").append(hit.conversation());
        }
        return line.toString();
    }

    private static String participants(Hit hit) {
        String from = hit.from() == null ? "?" : handle(hit.from());
        if (hit.to().isEmpty()) {
            return from;
        }
        return from + " -> " + hit.to().stream().map(HitText::handle).collect(Collectors.joining(", "));
    }

    private static String handle(Participant p) {
        return p.employee() == null ? p.handle() : p.handle() + " (" + p.employee() + ")";
    }

    private String text(Hit hit) {
        Snippet snippet = hit.snippet();
        if (snippet != null) {
            return ansi ? snippet.render(BOLD, RESET) : snippet.render("[", "]");
        }
        if (hit.body() != null) {
            return hit.body();
        }
        if (hit.fileName() != null) {
            return "file: " + hit.fileName();
        }
        if (hit.encryption() != null) {
            return "encryption: " + hit.encryption();
        }
        if (hit.clientFamily() != null) {
            return "client: " + hit.clientFamily() + (hit.clientVersion() == null ? "" : " " + hit.clientVersion());
        }
        return null;
    }

    /** Prints the counts by participant, network and day. */
    public void printFacets(Facets facets, PrintWriter out) {
        out.println();
        out.println("participants: " + counts(facets.participants()));
        out.println("networks:     " + counts(facets.networks()));
        out.println("days:         " + counts(facets.days()));
    }

    private static String counts(List<Facets.Count> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        return counts.stream().map(c -> c.value() + " " + c.count()).collect(Collectors.joining(", "));
    }
}
