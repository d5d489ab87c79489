package org.imgate.proxy.xmpp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Idle readers share one copy of a header's namespace declarations, and peers cannot grow the set. */
class XmlParserFactoryTest {

    @Test
    void equalTextsFromDifferentSessionsBecomeOneInstance() {
        XmlParserFactory parsers = new XmlParserFactory();
        String first = parsers.shared(new String(" xmlns='jabber:client' xmlns:stream='x'"));
        String second = parsers.shared(new String(" xmlns='jabber:client' xmlns:stream='x'"));
        assertSame(first, second);
    }

    @Test
    void onlyABoundedNumberOfDistinctTextsIsKept() {
        XmlParserFactory parsers = new XmlParserFactory();
        for (int i = 0; i < XmlParserFactory.MAX_SHARED_TEXTS; i++) {
            parsers.shared(" xmlns='urn:test:" + i + "'");
        }
        String overflow = new String(" xmlns='urn:test:overflow'");
        String again = new String(" xmlns='urn:test:overflow'");
        assertSame(overflow, parsers.shared(overflow), "past the bound the text itself comes back");
        assertNotSame(overflow, parsers.shared(again), "and is not remembered");
        assertEquals(overflow, parsers.shared(again));
    }
}
