package org.imgate.proxy;

import org.imgate.proxy.xmpp.XmlLimits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class XmppConfigTest {

    @Test
    void withoutLimitsTheReaderDefaultsApply() {
        assertEquals(XmlLimits.defaults(), XmppConfig.defaults().xmlLimits());
        assertEquals(XmlLimits.defaults(), new XmppConfig(null, null, null).xmlLimits());
    }

    @Test
    void givenLimitsReachTheReaderAndMissingOnesDefault() {
        XmppConfig config = new XmppConfig(null, null, null, new XmppConfig.Limits(4096, 8, null, 2048));
        assertEquals(new XmlLimits(4096, 8, XmlLimits.DEFAULT_MAX_ATTRIBUTES, 2048), config.xmlLimits());
    }

    @Test
    void outOfRangeLimitsNameTheirKey() {
        assertMessage("max-stanza-bytes must be between 1024 and 67108864, was 100",
                () -> new XmppConfig.Limits(100, null, null, null));
        assertMessage("max-depth must be between 2 and 1000, was 1", () -> new XmppConfig.Limits(null, 1, null, null));
        assertMessage("max-attributes must be between 1 and 10000, was 0",
                () -> new XmppConfig.Limits(null, null, 0, null));
        assertMessage("max-bytes-before-auth must be between 1024 and 67108864, was -5",
                () -> new XmppConfig.Limits(null, null, null, -5));
    }

    private static void assertMessage(String expected, Runnable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct::run);
        assertEquals(expected, e.getMessage());
    }
}
