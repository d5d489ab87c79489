package org.imgate.server.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.search.Hit;
import org.imgate.search.RecordKind;
import org.imgate.search.Snippet;
import org.junit.jupiter.api.Test;

class HitTextTest {
    private static final Snippet SNIPPET = new Snippet("keep the merger quiet", List.of(new Snippet.Span(9, 15)));

    private static Hit hit(RecordKind kind, Snippet snippet, String fileName) {
        return new Hit("node-1", 7, Instant.parse("2003-09-18T10:03:00Z"), kind, Network.MSN, "s-1", "c-merger",
                Participant.of("alice@corp.example"), List.of(Participant.of("bob@partner.example")), null,
                snippet == null ? null : snippet.text(), fileName, null, "block", "no files", List.of("no-files"),
                "p-1", null, null, snippet, Float.NaN);
    }

    private static String print(HitText text, Hit hit) {
        StringWriter out = new StringWriter();
        text.print(hit, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void onATerminalMatchesAreBoldElsewhereBracketed() {
        Hit hit = hit(RecordKind.MESSAGE, SNIPPET, null);
        assertEquals("    keep the \u001b[1mmerger\u001b[0m quiet\n", print(new HitText(true), hit).lines()
                .skip(1).findFirst().orElseThrow() + "\n");
        assertEquals("    keep the [merger] quiet", print(new HitText(false), hit).lines().skip(1).findFirst()
                .orElseThrow());
    }

    @Test
    void aFileOfferNamesItsKindAndFile() {
        assertEquals("2003-09-18T10:03:00Z  msn  alice@corp.example -> bob@partner.example  block (no-files)"
                + "  file-offer  seq 7  conversation c-merger\n    file: plan.doc\n",
                print(new HitText(false), hit(RecordKind.FILE_OFFER, null, "plan.doc")));
    }
}
