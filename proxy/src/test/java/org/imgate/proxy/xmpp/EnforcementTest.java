package org.imgate.proxy.xmpp;

import org.imgate.core.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnforcementTest {

    @Test
    void allowAndFlagDeliverUnchangedAndSilently() {
        Enforcement e = Enforcement.of(List.of(Verdict.allow(), new Verdict.Flag("watch")));
        assertEquals(Enforcement.DELIVER, e);
        assertTrue(e.delivers());
    }

    @Test
    void endSessionBeatsBlockBeatsRedactAndNoticesAreAllKept() {
        Enforcement e = Enforcement.of(List.of(new Verdict.Notify("one"), new Verdict.Redact("[removed]"),
                new Verdict.Block("blocked"), new Verdict.EndSession("bye"), new Verdict.Notify("two")));
        assertEquals("bye", e.endSessionNotice());
        assertEquals("blocked", e.blockNotice());
        assertEquals(List.of("one", "two"), e.notices());
        assertFalse(e.delivers());
    }

    @Test
    void redactDeliversTheReplacement() {
        Enforcement e = Enforcement.of(List.of(new Verdict.Redact("[removed]")));
        assertTrue(e.delivers());
        assertEquals("[removed]", e.replacementBody());
        assertNull(e.blockNotice());
    }

    @Test
    void theFirstBlockNoticeIsTheOneTheSenderSees() {
        Enforcement e = Enforcement.of(List.of(new Verdict.Block("first"), new Verdict.Block("second")));
        assertEquals("first", e.blockNotice());
    }
}
