package org.imgate.proxy.xmpp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JidTest {

    @Test
    void splitsAndNormalisesForComparison() {
        Jid jid = Jid.parse("Alice@Example.TEST/Gajim/with slash");
        assertEquals("alice", jid.local());
        assertEquals("example.test", jid.domain());
        assertEquals("Gajim/with slash", jid.resource(), "the resource keeps its case and slashes");
        assertEquals(Jid.parse("alice@example.test"), jid.bare());
        assertEquals("conference.example.test", Jid.parse("conference.example.test").toString());
    }

    @Test
    void refusesWhatIsNoAddress() {
        for (String bad : new String[] {"", "@example.test", "alice@", "a@b@c", "alice@example.test/"}) {
            assertThrows(IllegalArgumentException.class, () -> Jid.parse(bad), bad);
            assertNull(Jid.parseOrNull(bad));
        }
    }
}
