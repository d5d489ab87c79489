package org.imgate.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imgate.archive.Journal;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.Verdict;
import org.imgate.server.TestInstallation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.imgate.server.TestInstallation.message;

/**
 * An installation in a temporary directory whose journal holds two conversations (c-merger: seq 1, 3
 * and 4, one flagged; c-lunch: seq 2), and the in-process {@code imgate} command line to run against it.
 */
final class ExportFixture {
    static final String ALL = "merger OR acquisition OR lunch";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Participant ALICE = new Participant("alice@corp.example", "alice");
    private static final Participant BOB = Participant.of("bob@partner.example");
    private static final Participant CAROL = new Participant("carol@corp.example", "carol");

    private final TestInstallation installation;

    private ExportFixture(TestInstallation installation) {
        this.installation = installation;
    }

    static ExportFixture archiveTwoConversations(Path dir) throws Exception {
        TestInstallation installation = new TestInstallation(dir, "", "version: t\nrules: []\n");
        try (Journal journal = installation.openJournal()) {
            TestInstallation.record(journal,
                    message("2003-09-18T10:00:00Z", Network.MSN, "c-merger", ALICE, BOB,
                            "The merger with Contoso closes in October.", Verdict.allow(), List.of()),
                    message("2003-10-15T23:30:00Z", Network.XMPP, "c-lunch", ALICE, CAROL,
                            "Lunch at noon? Bring the <b>merger</b> numbers & charts", Verdict.allow(), List.of()),
                    message("2003-09-18T10:01:00Z", Network.MSN, "c-merger", BOB, ALICE,
                            "Keep the merger quiet\nFrom now on say nothing", Verdict.allow(), List.of()),
                    message("2003-09-18T10:02:00Z", Network.MSN, "c-merger", ALICE, BOB,
                            "Sure. The acquisition stays confidential.", new Verdict.Flag("keyword acquisition"),
                            List.of("watch-acquisition")));
        }
        return new ExportFixture(installation);
    }

    Journal openJournal() throws IOException {
        return installation.openJournal();
    }

    void write(String name, String text) throws IOException {
        installation.write(name, text);
    }

    TestInstallation.Run run(String... args) {
        return installation.run(args);
    }

    List<JsonNode> audits() throws Exception {
        return installation.audits();
    }
}
