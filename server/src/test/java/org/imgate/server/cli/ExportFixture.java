package org.imgate.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.imgate.archive.ArchiveConfig;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalReader;
import org.imgate.archive.JournalRecord;
import org.imgate.archive.JournalSettings;
import org.imgate.archive.RecordType;
import org.imgate.core.Decision;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.imgate.core.Verdict;
import org.imgate.policy.yaml.YamlBinder;
import org.imgate.server.ImgateCli;
import org.imgate.server.ShutdownSignal;
import org.imgate.server.Wiring;
import org.imgate.server.config.ConfigLoader;

/**
 * An installation in a temporary directory whose journal holds two conversations (c-merger: seq 1, 3
 * and 4, one flagged; c-lunch: seq 2), and the in-process {@code imgate} command line to run against it.
 */
final class ExportFixture {
    static final String ALL = "merger OR acquisition OR lunch";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            data-dir: data
            node-id: node-1
            xmpp:
              listen: 127.0.0.1:5222
              upstreams:
                example.test: 127.0.0.1:15222
            msn:
              listen: 127.0.0.1:1863
              upstream: 127.0.0.1:11863
            policy:
              file: conf/policy.yaml
            """;
    private static final Participant ALICE = new Participant("alice@corp.example", "alice");
    private static final Participant BOB = Participant.of("bob@partner.example");
    private static final Participant CAROL = new Participant("carol@corp.example", "carol");

    record Run(int code, String out, String err) {
    }

    private final Path dir;

    private ExportFixture(Path dir) {
        this.dir = dir;
    }

    static ExportFixture archiveTwoConversations(Path dir) throws Exception {
        ExportFixture fixture = new ExportFixture(dir);
        fixture.write("conf/imgate.yaml", CONFIG);
        fixture.write("conf/policy.yaml", "version: t\nrules: []\n");
        try (Journal journal = fixture.openJournal()) {
            append(journal, message("2003-09-18T10:00:00Z", Network.MSN, "c-merger", ALICE, BOB,
                    "The merger with Contoso closes in October.", Verdict.allow(), List.of()));
            append(journal, message("2003-10-15T23:30:00Z", Network.XMPP, "c-lunch", ALICE, CAROL,
                    "Lunch at noon? Bring the <b>merger</b> numbers & charts", Verdict.allow(), List.of()));
            append(journal, message("2003-09-18T10:01:00Z", Network.MSN, "c-merger", BOB, ALICE,
                    "Keep the merger quiet\nFrom now on say nothing", Verdict.allow(), List.of()));
            append(journal, message("2003-09-18T10:02:00Z", Network.MSN, "c-merger", ALICE, BOB,
                    "Sure. The acquisition stays confidential.", new Verdict.Flag("keyword acquisition"),
                    List.of("watch-acquisition")));
        }
        return fixture;
    }

    /** The node's journal, opened as its one writer (as a running server holds it). */
    Journal openJournal() throws IOException {
        return Journal.open(new JournalSettings(dir.resolve("data"), "node-1", ArchiveConfig.defaults(), null, null));
    }

    private static void append(Journal journal, Decision decision) throws Exception {
        journal.record(decision).get(10, TimeUnit.SECONDS);
    }

    private static Decision message(String time, Network network, String conversation, Participant from,
                                    Participant to, String body, Verdict verdict, List<String> rules) {
        Direction direction = to.employee() != null ? Direction.INTERNAL : Direction.EXTERNAL;
        ImEvent.Message m = new ImEvent.Message(new SessionId("s-" + from.handle()), network, Instant.parse(time),
                conversation, from, List.of(to), body, "text/plain", direction, "m-" + time, null);
        return new Decision(m, verdict, rules);
    }

    void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    Run run(String... args) {
        CliContext context = new CliContext(dir, new ConfigLoader(new YamlBinder(), () -> "test-host"),
                new Wiring(new YamlBinder()), new ShutdownSignal());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new ImgateCli(context).execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** The AUDIT records in the journal, oldest first. */
    List<JsonNode> audits() throws Exception {
        List<JsonNode> audits = new ArrayList<>();
        try (Stream<JournalRecord> records = JournalReader.open(dir.resolve("data/journal/node-1")).records(1)) {
            for (JournalRecord r : records.filter(r -> r.type() == RecordType.AUDIT).toList()) {
                audits.add(JSON.readTree(r.payload()));
            }
        }
        return audits;
    }
}
