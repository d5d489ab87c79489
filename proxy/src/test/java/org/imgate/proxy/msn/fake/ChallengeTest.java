package org.imgate.proxy.msn.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The test vectors of msnp.md §3. */
class ChallengeTest {

    @Test
    void msnp8Vectors() {
        assertEquals("d0c1178c689350104350d99f8c36ed9c", Challenge.msnp8("29409134351025259292"));
        assertEquals("8f2f5a91b72102cd28355e9fc9000d6e", Challenge.msnp8("15570131571988941333"));
    }

    @Test
    void msnp11VectorOfMsn70() {
        assertEquals("85ecb0db8f32113df79ce0892b9a102c", Challenge.answer(11, "22210219642164014968"));
    }
}
