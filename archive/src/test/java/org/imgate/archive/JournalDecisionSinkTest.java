package org.imgate.archive;

import org.imgate.core.Decision;
import org.imgate.core.DecisionSink;
import org.imgate.core.DecisionSinkContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.Stream;

/** The journal honours the DecisionSink contract, reading decisions back from its segment files. */
class JournalDecisionSinkTest implements DecisionSinkContract {

    @TempDir
    Path data;
    private Journal journal;

    @BeforeEach
    void open() throws Exception {
        journal = Journals.open(data);
    }

    @AfterEach
    void close() throws Exception {
        journal.close();
    }

    @Override
    public DecisionSink sink() {
        return journal;
    }

    @Override
    public Decision storedDecision(long seq) throws Exception {
        try (Stream<JournalRecord> s = JournalReader.open(journal.directory()).records(seq, seq)) {
            JournalRecord r = s.findFirst().orElseThrow(() -> new AssertionError("no record " + seq));
            return new DecisionCodec().decode(r);
        }
    }
}
