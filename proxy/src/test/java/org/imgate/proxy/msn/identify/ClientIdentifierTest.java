package org.imgate.proxy.msn.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.imgate.core.ClientInfo;
import org.junit.jupiter.api.Test;

class ClientIdentifierTest {

    private final ClientIdentifier identifier = new ClientIdentifier();

    private static ClientEvidence evidence(String ver, String cvr, int negotiated) {
        return ClientEvidence.NONE.withVer(List.of(ver.split(" ")), 1L).withNegotiatedVersion(negotiated)
                .withCvr(CvrFields.parse(List.of(cvr.split(" "))));
    }

    @Test
    void msnMessenger50FromTheLoopbackCapture() {
        ClientInfo info = identifier.identify(evidence("MSNP8 CVR0",
                "0x0409 winnt 5.1 i386 MSNMSGR 5.0.0544 MSMSGS t1e@example.com", 8).withClientId(0));
        assertEquals("MSN Messenger", info.family());
        assertEquals("5.0.0544", info.version());
        assertEquals("Windows XP", info.os());
        assertEquals("MSNP8", info.protocolVersion());
        assertFalse(info.spoofed(), info.raw().toString());
        assertEquals("MSNP8 CVR0", info.raw().get("VER"));
        assertEquals("0x0409 winnt 5.1 i386 MSNMSGR 5.0.0544 MSMSGS", info.raw().get("CVR"));
        assertEquals("0", info.raw().get("CHG"));
    }

    @Test
    void msnMessenger62And75WithTheirClientIds() {
        ClientInfo m62 = identifier.identify(evidence("MSNP10 MSNP9 CVR0",
                "0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS t2e@example.com", 10).withClientId(805306404L));
        assertEquals("6.2.0208", m62.version());
        assertFalse(m62.spoofed(), m62.raw().toString());
        ClientInfo m75 = identifier.identify(evidence("MSNP12 MSNP11 MSNP10 CVR0",
                "0x0409 winnt 5.1 i386 MSNMSGR 7.5.0324 msmsgs t3e@example.com", 12).withClientId(1342177280L)
                .withQryProductId("PROD0101{0RM?UBW"));
        assertEquals("MSN Messenger", m75.family());
        assertFalse(m75.spoofed(), m75.raw().toString());
    }

    @Test
    void windowsMessenger47OverMsnp7IsNotSpoofed() {
        ClientInfo info = identifier.identify(evidence("MSNP7 MSNP6 MSNP5 MSNP4 CVR0",
                "0x0409 winnt 5.1 i386 MSMSGS 4.7.3001 WindowsMessenger", 7).withClientId(32));
        assertEquals("Windows Messenger", info.family());
        assertEquals("4.7.3001", info.version());
        assertEquals("MSNP7", info.protocolVersion());
        assertFalse(info.spoofed(), info.raw().toString());
    }

    @Test
    void claiming62WhileOfferingOnlyMsnp8IsSpoofed() {
        ClientInfo info = identifier.identify(evidence("MSNP8 CVR0",
                "0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS x@corp.example", 8));
        assertTrue(info.spoofed());
        assertEquals("MSN Messenger", info.family(), "the claim is still reported");
        assertTrue(info.raw().get("inconsistency").contains("VER offers at most MSNP8"), info.raw().toString());
    }

    @Test
    void capabilityGenerationOfAnotherReleaseIsSpoofed() {
        ClientInfo info = identifier.identify(evidence("MSNP10 MSNP9 CVR0",
                "0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS x@corp.example", 10).withClientId(268435500L));
        assertTrue(info.spoofed());
        assertTrue(info.raw().get("inconsistency").contains("generation 0x10"), info.raw().toString());
    }

    @Test
    void ascendingVerListAndTransactionIdZeroAreThirdPartyTells() {
        ClientEvidence e = ClientEvidence.NONE.withVer(List.of("MSNP8", "MSNP9", "CVR0"), 0L).withNegotiatedVersion(9)
                .withCvr(CvrFields.parse(List.of("0x0409 winnt 5.1 i386 MSNMSGR 6.0.0602 MSMSGS x@corp.example"
                        .split(" "))));
        ClientInfo info = identifier.identify(e);
        assertTrue(info.spoofed());
        assertTrue(info.raw().get("inconsistency").contains("ascending"));
        assertTrue(info.raw().get("inconsistency").contains("transaction id 0"));
    }

    @Test
    void wrongQryProductIdIsSpoofed() {
        ClientInfo info = identifier.identify(evidence("MSNP11 MSNP10 CVR0",
                "0x0409 winnt 5.1 i386 MSNMSGR 7.0.0816 msmsgs x@corp.example", 11)
                .withQryProductId("msmsgs@msnmsgr.com"));
        assertTrue(info.spoofed());
        assertTrue(info.raw().get("inconsistency").contains("not used with MSNP11"), info.raw().toString());
        assertEquals("msmsgs@msnmsgr.com", info.raw().get("QRY"));
    }

    @Test
    void messenger75OnWindows98IsImpossible() {
        ClientInfo info = identifier.identify(evidence("MSNP12 MSNP11 MSNP10 CVR0",
                "0x0409 win 4.10 i386 MSNMSGR 7.5.0324 msmsgs x@corp.example", 12));
        assertEquals("Windows 98", info.os());
        assertTrue(info.spoofed());
        assertTrue(info.raw().get("inconsistency").contains("requires Windows XP"));
    }

    @Test
    void gaimCopyingAnOfficialCvrIsIdentifiedByItsClientCaps() {
        ClientInfo info = identifier.identify(evidence("MSNP9 MSNP8 CVR0",
                "0x0409 winnt 5.1 i386 MSNMSGR 6.0.0602 MSMSGS x@corp.example", 9).withCapsClientName("Gaim/1.5.0"));
        assertEquals("Gaim", info.family());
        assertEquals("1.5.0", info.version());
        assertTrue(info.spoofed());
        assertEquals("Gaim/1.5.0", info.raw().get("caps"));
    }

    @Test
    void mirandaVersionIsReadFromItsName() {
        ClientInfo info = identifier.identify(ClientEvidence.NONE
                .withCapsClientName("Miranda IM 0.4.0.1 (MSN v.0.4.0.1)"));
        assertEquals("Miranda IM", info.family());
        assertEquals("0.4.0.1", info.version());
        assertFalse(info.spoofed(), "no CVR claim to contradict");
    }

    @Test
    void unknownClientIsUnknownWithItsRawStringsKept() {
        ClientInfo info = identifier.identify(evidence("MSNP9 CVR0",
                "0x0409 beos 5.0 x86 BEMSN 0.3 BeMSN x@corp.example", 9));
        assertTrue(info.isUnknown());
        assertEquals("0.3", info.version());
        assertEquals("beos 5.0", info.os());
        assertFalse(info.spoofed());
        assertEquals("0x0409 beos 5.0 x86 BEMSN 0.3 BeMSN", info.raw().get("CVR"));
        ClientInfo capsOnly = identifier.identify(ClientEvidence.NONE.withCapsClientName("SomeBot 2.0"));
        assertTrue(capsOnly.isUnknown());
        assertEquals("SomeBot 2.0", capsOnly.raw().get("caps"));
        ClientInfo nothing = identifier.identify(ClientEvidence.NONE);
        assertTrue(nothing.isUnknown());
        assertNull(nothing.version());
    }

    @Test
    void macAndLiveMessengerFamilies() {
        ClientInfo mac = identifier.identify(evidence("MSNP15 MSNP14 MSNP13 CVR0",
                "0x0409 mac 10.13.6 i386 macmsgs 8.0.1 macmsgs x@corp.example", 15));
        assertEquals("MSN for Mac", mac.family());
        assertEquals("Mac OS X 10.13.6", mac.os());
        ClientInfo wlm = identifier.identify(evidence("MSNP14 MSNP13 CVR0",
                "0x0409 winnt 5.1 i386 MSG80BETA 8.0.0566 msmsgs x@corp.example", 14));
        assertEquals("Windows Live Messenger", wlm.family());
        assertFalse(wlm.spoofed(), wlm.raw().toString());
    }

    @Test
    void shortCvrIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CvrFields.parse(List.of("0x0409", "winnt")));
    }
}
