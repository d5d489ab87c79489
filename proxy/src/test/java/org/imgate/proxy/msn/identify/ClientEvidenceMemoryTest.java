package org.imgate.proxy.msn.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every idle MSNP session keeps its client's evidence for its whole life (P6: at most 6 KB per idle
 * session), so sessions of the same client program share one copy of each string instead of keeping
 * their own.
 */
class ClientEvidenceMemoryTest {

    private static List<String> cvrArgs(String handle) {
        // Fresh strings, as the decoder makes them from each session's own bytes.
        return List.of(new String("0x0409"), new String("winnt"), new String("5.1"), new String("i386"),
                new String("MSNMSGR"), new String("6.2.0208"), new String("MSMSGS"), handle);
    }

    @Test
    void twoSessionsOfOneClientProgramShareTheirCvrStrings() {
        CvrFields alice = CvrFields.parse(cvrArgs("alice@corp.example"));
        CvrFields bob = CvrFields.parse(cvrArgs("bob@corp.example"));

        assertEquals("6.2.0208", alice.clientVersion());
        assertSame(alice.locale(), bob.locale());
        assertSame(alice.osType(), bob.osType());
        assertSame(alice.osVersion(), bob.osVersion());
        assertSame(alice.arch(), bob.arch());
        assertSame(alice.libraryName(), bob.libraryName());
        assertSame(alice.clientVersion(), bob.clientVersion());
        assertSame(alice.clientName(), bob.clientName());
        assertEquals("bob@corp.example", bob.handle());
    }

    @Test
    void verOffersAndQryProductIdsAreSharedAndGrowingTheEvidenceKeepsTheSameList() {
        ClientEvidence one = ClientEvidence.NONE.withVer(List.of(new String("MSNP10"), new String("CVR0")), 1L)
                .withQryProductId(new String("msmsgs@msnmsgr.com"));
        ClientEvidence two = ClientEvidence.NONE.withVer(List.of(new String("MSNP10"), new String("CVR0")), 1L)
                .withQryProductId(new String("msmsgs@msnmsgr.com"));

        assertEquals(List.of("MSNP10", "CVR0"), one.verOffered());
        assertSame(one.verOffered().get(0), two.verOffered().get(0));
        assertSame(one.qryProductId(), two.qryProductId());
        assertSame(one.verOffered(), one.withClientId(805306404L).verOffered(),
                "a with... copy does not copy the list again");
    }
}
