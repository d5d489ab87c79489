package org.imgate.server.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    @Test
    void withoutATerminalItPrintsOneLinePerTenth() {
        StringWriter err = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(err), false, "reindex");
        for (long seq = 1; seq <= 1000; seq += 7) {
            display.update(seq, 1, 1000, seq);
        }
        display.update(1000, 1, 1000, 1000);
        String[] lines = err.toString().split("\n");
        assertEquals(11, lines.length, err.toString());
        assertEquals("reindex: 0% (seq 1 of 1000, 1 records read)", lines[0]);
        assertTrue(lines[5].startsWith("reindex: 50% (seq 50"), lines[5]);
        assertEquals("reindex: 100% (seq 1000 of 1000, 1000 records read)", lines[10]);
    }

    @Test
    void onATerminalItRedrawsOneBarAndEndsTheLineWhenDone() {
        StringWriter err = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(err), true, "reindex");
        display.update(50, 1, 100, 50);
        display.update(100, 1, 100, 100);
        String text = err.toString();
        assertEquals(1, text.split("\n").length);
        assertTrue(text.startsWith("\rreindex [###############               ]  50% seq 50 of 100"), text);
        assertTrue(text.endsWith("\rreindex [##############################] 100% seq 100 of 100\n"), text);
    }

    @Test
    void anInterruptedBarIsEndedSoTheNextMessageStartsOnItsOwnLine() {
        StringWriter err = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(err), true, "reindex");
        display.update(10, 1, 100, 10);
        display.finish();
        assertTrue(err.toString().endsWith("\n"));
    }

    @Test
    void nothingToReplayShowsNothing() {
        StringWriter err = new StringWriter();
        new ProgressDisplay(new PrintWriter(err), false, "indexing the journal").update(4, 5, 4, 0);
        assertEquals("", err.toString());
    }
}
