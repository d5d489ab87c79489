package org.imgate.bench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.imgate.core.ImEvent;
import org.imgate.search.IndexedDecision;
import org.junit.jupiter.api.Test;

class SyntheticChatTest {

    private final SyntheticChat chat = new SyntheticChat(20_000, 1.0, 1_000_000);

    @Test
    void sameSeedGivesTheSameCorpus() {
        List<IndexedDecision> first = chat.batch("node-0", 0, 0, 2, 100, new SplittableRandom(3));
        List<IndexedDecision> again = chat.batch("node-0", 0, 0, 2, 100, new SplittableRandom(3));
        assertEquals(first, again);
    }

    @Test
    void bodiesAreAboutOneHundredBytesOfZipfDistributedWords() {
        SplittableRandom random = new SplittableRandom(1);
        Map<String, Integer> counts = new HashMap<>();
        long bytes = 0;
        for (int i = 0; i < 5_000; i++) {
            String body = chat.body(random);
            bytes += body.length();
            Arrays.stream(body.split(" ")).forEach(w -> counts.merge(w, 1, Integer::sum));
        }
        long mean = bytes / 5_000;
        assertTrue(mean >= 100 && mean <= 115, "mean body length " + mean);
        int top = counts.get(chat.word(0));
        int tenth = counts.getOrDefault(chat.word(9), 0);
        // Zipf with exponent 1: the 10th word is about a tenth as frequent as the first
        assertTrue(tenth > top / 20 && tenth < top / 5, "rank 1: " + top + ", rank 10: " + tenth);
    }

    @Test
    void messagesSpreadOverTheYearInOrderAndBelongToKnownEmployees() {
        SplittableRandom random = new SplittableRandom(2);
        List<IndexedDecision> batch = chat.batch("node-1", 10, 999_000, 1, 1_000, random);
        ImEvent.Message last = (ImEvent.Message) batch.get(batch.size() - 1).decision().event();
        assertTrue(last.timestamp().isAfter(SyntheticChat.START.plus(SyntheticChat.SPAN).minusSeconds(86_400)),
                "the last message is in the corpus's last day: " + last.timestamp());
        assertEquals(1_009, batch.get(batch.size() - 1).seq());
        for (IndexedDecision d : batch) {
            ImEvent.Message m = (ImEvent.Message) d.decision().event();
            String employee = m.sender().employee() != null ? m.sender().employee() : m.recipients().get(0).employee();
            assertTrue(employee.matches("u\\d{4}") && Integer.parseInt(employee.substring(1)) < SyntheticChat.USERS,
                    "every conversation has an employee: " + employee);
        }
    }
}
